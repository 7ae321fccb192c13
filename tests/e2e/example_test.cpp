// The example wheel, built from source by the build, against its budget: the
// README's walkthrough from a passing check to a failing one.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/run.h"

namespace wasmsize {
namespace {

using test::quote;
using test::run_wasmsize;

std::string example_wheel() {
  for (const auto& e : std::filesystem::directory_iterator(WASMSIZE_EXAMPLE_WHEEL_DIR)) {
    if (e.path().extension() == ".whl") return e.path().string();
  }
  return "";
}

TEST(ExampleWheel, ThreeCythonModulesWithinTheirBudget) {
  if (!std::filesystem::exists(WASMSIZE_EXAMPLE_WHEEL_DIR))
    GTEST_SKIP() << "example wheel not built (needs emcc, cython3)";
  const std::string wheel = example_wheel();
  ASSERT_FALSE(wheel.empty());
  const auto report = run_wasmsize("report --format json " + quote(wheel));
  ASSERT_EQ(report.status, 0) << report.err;
  const auto j = nlohmann::json::parse(report.out);
  ASSERT_EQ(j["artifacts"][0]["modules"].size(), 3u);
  EXPECT_EQ(j["artifacts"][0]["platform_tag"].get<std::string>().rfind("emscripten_", 0), 0u);
  for (const auto& m : j["artifacts"][0]["modules"]) {
    EXPECT_TRUE(m["dylink"].is_object()) << m["name"] << " is a side module";
  }
  const std::string budget =
      std::string(WASMSIZE_SOURCE_DIR) + "/examples/cython-wheel/wasmsize.yaml";
  const auto ok = run_wasmsize("check --budget " + quote(budget) + " " + quote(wheel));
  EXPECT_EQ(ok.status, 0) << ok.out;
  test::TempDir tmp;
  std::string text = test::slurp(budget);
  text.replace(text.find("max-size: 40 kB"), 15, "max-size: 10 kB");
  const auto tight = tmp.path() / "wasmsize.yaml";
  test::write_file(tight, std::vector<uint8_t>(text.begin(), text.end()));
  const auto broken = run_wasmsize("check --budget " + quote(tight.string()) + " " + quote(wheel));
  EXPECT_EQ(broken.status, 1);
  EXPECT_NE(broken.out.find("!wasmsize_demo.vectors: error module.max-size:"), std::string::npos)
      << broken.out;
  // The override gives stats its own 45 kB limit, so it still passes.
  EXPECT_EQ(broken.out.find("wasmsize_demo.stats"), std::string::npos) << broken.out;
}

// The Quick start reports on the committed wheel so that a newcomer needs no
// Emscripten; it must stay what examples/cython-wheel/build_wheel.py makes.
TEST(ExampleWheel, CommittedCopyIsWhatTheSourcesBuild) {
  const std::filesystem::path prebuilt = WASMSIZE_PREBUILT_EXAMPLE_DIR;
  const std::filesystem::path built = WASMSIZE_EXAMPLE_WHEEL_DIR;
  if (built == prebuilt) GTEST_SKIP() << "example wheel not rebuilt here (needs emcc, cython3)";
  const std::string wheel = example_wheel();
  ASSERT_FALSE(wheel.empty());
  const auto committed = prebuilt / std::filesystem::path(wheel).filename();
  if (!std::filesystem::exists(committed))
    GTEST_SKIP() << "another Emscripten or Python here: built " << wheel
                 << ", committed copies are for emscripten 3.1.6 / cp311";
  EXPECT_TRUE(test::slurp(committed.string()) == test::slurp(wheel))
      << committed << " differs from a rebuild (" << wheel
      << "); run examples/cython-wheel/build_wheel.py --out examples/cython-wheel/prebuilt";
}

}  // namespace
}  // namespace wasmsize
