// The catalogue of finding kinds is the one the docs describe: every input
// finding the code can raise has its row in docs/findings.md, and every rule
// its page in docs/rules/.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "pipeline/findings.h"
#include "rules/registry.h"
#include "support/paths.h"

namespace wasmsize {
namespace {

TEST(Catalogue, EveryInputFindingIsDocumented) {
  const auto doc =
      test::read_file(std::filesystem::path(WASMSIZE_SOURCE_DIR) / "docs" / "findings.md");
  const std::string text(doc.begin(), doc.end());
  EXPECT_GE(pipeline::input_finding_kinds().size(), 13u);
  for (const auto& k : pipeline::input_finding_kinds()) {
    EXPECT_NE(text.find("`" + std::string(k.id) + "`"), std::string::npos) << k.id;
    EXPECT_FALSE(k.help.empty()) << k.id;
  }
}

// A kind declared but left out of its layer's list would be raised and yet
// missing from SARIF's rules and from this check: read the declarations
// from the source text itself.
TEST(Catalogue, EveryDeclaredInputKindIsListed) {
  std::set<std::string> listed;
  for (const auto& k : pipeline::input_finding_kinds())
    listed.insert(std::string(k.id));
  const std::regex declared(R"re(FindingKind\s+k\w+\s*\{\s*"(input\.[a-z0-9-]+)")re");
  size_t seen = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(
           std::filesystem::path(WASMSIZE_SOURCE_DIR) / "linter")) {
    if (entry.path().extension() != ".h" && entry.path().extension() != ".cpp") continue;
    const auto bytes = test::read_file(entry.path());
    const std::string text(bytes.begin(), bytes.end());
    for (std::sregex_iterator it(text.begin(), text.end(), declared), end; it != end; ++it) {
      ++seen;
      EXPECT_TRUE(listed.count((*it)[1].str())) << (*it)[1].str() << " in " << entry.path();
    }
  }
  EXPECT_GE(seen, listed.size());
}

TEST(Catalogue, EveryRuleHasItsPage) {
  for (const auto& r : rules::all_rules()) {
    const auto page =
        std::filesystem::path(WASMSIZE_SOURCE_DIR) / "docs" / "rules" / (std::string(r.id) + ".md");
    EXPECT_TRUE(std::filesystem::exists(page)) << page;
  }
}

}  // namespace
}  // namespace wasmsize
