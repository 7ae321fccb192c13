// Replays every input kept under tests/fuzz/regressions/<target>/ (inputs
// that once crashed or hung a fuzz target) through the same code, in every
// build, so a fixed bug stays fixed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "targets.h"

namespace {

TEST(FuzzRegressions, EveryKeptInputRunsClean) {
  const auto root = std::filesystem::path(WASMSIZE_SOURCE_DIR) / "tests" / "fuzz" / "regressions";
  size_t replayed = 0;
  for (const auto& dir : std::filesystem::directory_iterator(root)) {
    const auto target = wasmsize::fuzz::target(dir.path().filename().string());
    ASSERT_NE(target, nullptr) << "no fuzz target named " << dir.path().filename();
    for (const auto& f : std::filesystem::directory_iterator(dir.path())) {
      if (!f.is_regular_file() || f.path().filename() == ".gitkeep") continue;
      std::ifstream in(f.path(), std::ios::binary);
      const std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), {}};
      target(bytes.data(), bytes.size());
      ++replayed;
    }
  }
  std::cout << "fuzz regressions replayed: " << replayed << "\n";
  // A replay that found nothing to replay (a moved folder, a bad filter)
  // would pass while proving nothing.
  EXPECT_GT(replayed, 0u) << "no kept input under " << root;
}

}  // namespace
