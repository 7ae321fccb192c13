// The key that tells when two names are one file to macOS, checked against
// the definition (NFD of the lowercased NFD) on every code point class the
// table covers, and the table against its generator.
#include "base/unicode_fold.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "support/paths.h"

namespace wasmsize::base {
namespace {

TEST(UnicodeFold, CanonicalEquivalentsAndCaseMeet) {
  // Precomposed and decomposed.
  EXPECT_EQ(unicode_fold_key("caf\xC3\xA9"), unicode_fold_key("cafe\xCC\x81"));
  // Upper and lower case, ASCII and not.
  EXPECT_EQ(unicode_fold_key("\xC3\x89"), unicode_fold_key("e\xCC\x81"));
  EXPECT_EQ(unicode_fold_key("ABC"), "abc");
  // Marks in either order, when their classes differ (below, above).
  EXPECT_EQ(unicode_fold_key("a\xCC\xA3\xCC\x81"), unicode_fold_key("a\xCC\x81\xCC\xA3"));
  // Hangul by formula: U+AC01 and its jamo.
  EXPECT_EQ(unicode_fold_key("\xEA\xB0\x81"),
            unicode_fold_key("\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8"));
  // Kelvin sign and k.
  EXPECT_EQ(unicode_fold_key("\xE2\x84\xAA"), "k");
}

TEST(UnicodeFold, DistinctNamesStayDistinct) {
  EXPECT_NE(unicode_fold_key("na\xC3\xAFve"), unicode_fold_key("naive"));
  EXPECT_NE(unicode_fold_key("a\xCC\x81\xCC\x81"), unicode_fold_key("a\xCC\x81"));
  // Compatibility forms are not canonical: the ligature fi is not "fi".
  EXPECT_NE(unicode_fold_key("\xEF\xAC\x81"), unicode_fold_key("fi"));
}

TEST(UnicodeFold, InvalidUtf8IsItsOwnKey) {
  for (std::string bad : {"\xC3", "\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "a\xFF"})
    EXPECT_EQ(unicode_fold_key(bad), bad);
}

TEST(UnicodeFold, TheTableIsWhatItsGeneratorWrites) {
  const auto script =
      std::filesystem::path(WASMSIZE_SOURCE_DIR) / "scripts" / "gen_unicode_fold.py";
  if (std::system(
          "python3 -c 'import unicodedata; assert unicodedata.unidata_version == \"14.0.0\"'"
          " 2>/dev/null") != 0) {
    GTEST_SKIP() << "needs python3 with Unicode 14 (Debian 12's), as the table was generated";
  }
  EXPECT_EQ(std::system(("python3 " + script.string() + " --check").c_str()), 0);
}

}  // namespace
}  // namespace wasmsize::base
