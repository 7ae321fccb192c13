// The starter budget `wasmsize init` writes: limits rounded up to two
// significant digits, the 8 MiB synchronous-compile ceiling, and a file a
// person can read and that the loader accepts as it is.
#include "rules/init.h"

#include <gtest/gtest.h>

#include <sstream>

#include "rules/budget.h"
#include "rules/glob.h"

#include <algorithm>

namespace wasmsize::rules {
namespace {

// Names from the inputs are quoted so that they read back as themselves: a
// quote, a newline or a glob character in one cannot inject a key or widen
// a list.
TEST(Init, NamesFromTheInputsCannotInjectYaml) {
  model::ModuleReport m;
  m.name = "pkg.mod";
  m.size = 1000;
  m.dylink = model::DylinkInfo{};
  m.dylink->needed = {"evil\"]\n  max-functions: 999999\n#", "a\"b", "lib*.so", "back\\slash"};
  model::ArtifactReport a;
  a.path = "pkg-1.0-py3-none-any.whl";
  a.modules = {m};
  model::Run run;
  run.artifacts = {a};
  const std::string yaml = starter_budget(run, {.headroom = 0.1});
  const Budget b = parse_budget(yaml, "wasmsize.yaml");  // throws if it does not load
  const Setting* needed = b.find("module", "allowed-needed");
  ASSERT_NE(needed, nullptr) << yaml;
  EXPECT_EQ(needed->names.size(), 4u);
  EXPECT_NE(b.find("module", "max-functions")->amount, 999999u) << yaml;
  // Each reads back as a glob that matches exactly the name it came from.
  EXPECT_EQ(std::count_if(needed->names.begin(), needed->names.end(),
                          [](const std::string& g) { return glob_match(g, "lib*.so"); }),
            1);
  EXPECT_FALSE(std::any_of(needed->names.begin(), needed->names.end(),
                           [](const std::string& g) { return glob_match(g, "libz.so"); }));
}

TEST(Init, LimitsRoundUpToTwoSignificantDigits) {
  EXPECT_EQ(round_up_2sig(2610000 * 1.1), 2900000u);
  EXPECT_EQ(round_up_2sig(123), 130u);
  EXPECT_EQ(round_up_2sig(999), 1000u);
  EXPECT_EQ(round_up_2sig(75), 75u);
  EXPECT_EQ(round_up_2sig(0), 0u);
  EXPECT_EQ(size_text(2900000), "2.9 MB");
  EXPECT_EQ(size_text(640000), "640 kB");
  EXPECT_EQ(size_text(75), "75 B");
}

model::Run one_module(uint64_t size) {
  model::ModuleReport m;
  m.name = "pkg.mod";
  m.path = "pkg/mod.cpython-312-wasm32-emscripten.so";
  m.size = size;
  m.compressed_size = size / 3;
  m.code_size = size / 2;
  m.dylink = model::DylinkInfo{};
  m.dylink->needed = {"libopenblas.so", "libgfortran.so", "liblapack.so", "libcblas.so"};
  model::ArtifactReport a;
  a.path = "pkg-1.0-cp312-cp312-pyodide_2024_0_wasm32.whl";
  a.size = size / 2;
  a.uncompressed_size = size;
  a.modules = {m};
  model::Run run;
  run.artifacts = {a};
  return run;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    out.push_back(l);
  return out;
}

TEST(Init, StarterBudgetLoadsAndItsCommentsLineUp) {
  const std::string yaml =
      starter_budget(one_module(2610000), {.headroom = 0.1, .record_verified = true});
  const Budget b = parse_budget(yaml, "wasmsize.yaml");  // throws on any error
  EXPECT_EQ(b.find("module", "max-size")->amount, 2900000u);
  size_t column = 0, commented = 0;
  const auto lines = lines_of(yaml);
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    const size_t hash = l.find("  # ");
    if (l.empty() || l.find_first_not_of(' ') == l.find('#')) continue;  // blank, or comment only
    if (hash == std::string::npos) continue;
    if (column == 0) column = hash;
    EXPECT_EQ(hash, column) << l;
    ++commented;
  }
  EXPECT_GE(commented, 4u);
  // The long list takes its comment on the line above.
  for (size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].rfind("  allowed-needed:", 0) == 0) {
      EXPECT_EQ(lines[i - 1], "  # dylink.0 libraries in use now");
      EXPECT_EQ(lines[i].find('#'), std::string::npos);
    }
  }
}

TEST(Init, MaxSizeIsCappedAtChromesSynchronousCompileLimit) {
  // 7.9 MB + 10% would pass 8 MiB: the limit stops there, and says why.
  const std::string capped = starter_budget(one_module(7900000), {.headroom = 0.1});
  EXPECT_NE(capped.find("  max-size: 8 MiB "), std::string::npos) << capped;
  EXPECT_EQ(parse_budget(capped, "wasmsize.yaml").find("module", "max-size")->amount, 8u << 20);
  EXPECT_NE(capped.find("capped at 8 MiB: Chrome will not compile a larger module synchronously"),
            std::string::npos);
  const std::string over = starter_budget(one_module(9000000), {.headroom = 0.1});
  EXPECT_NE(over.find("over 8 MiB: Chrome will not compile this module synchronously"),
            std::string::npos)
      << over;
}

}  // namespace
}  // namespace wasmsize::rules
