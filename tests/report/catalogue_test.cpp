// The catalogue of finding kinds is the one the docs describe: every input
// finding the code can raise has its row in docs/findings.md, and every rule
// its page in docs/rules/.
#include <gtest/gtest.h>

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

TEST(Catalogue, EveryRuleHasItsPage) {
  for (const auto& r : rules::all_rules()) {
    const auto page =
        std::filesystem::path(WASMSIZE_SOURCE_DIR) / "docs" / "rules" / (std::string(r.id) + ".md");
    EXPECT_TRUE(std::filesystem::exists(page)) << page;
  }
}

}  // namespace
}  // namespace wasmsize
