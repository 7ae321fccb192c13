// LEB128 and bounds rules of the one reader every parse goes through.
#include "wasm/reader.h"

#include <gtest/gtest.h>

#include "support/wasm_builder.h"

namespace wasmsize::wasm {
namespace {

using test::Buf;

template <typename Fn>
std::string error_of(const Buf& b, Fn fn, size_t* offset = nullptr) {
  Reader r(b, 100);
  try {
    fn(r);
  } catch (const ParseError& e) {
    if (offset) *offset = e.offset();
    return e.what();
  }
  return "";
}

TEST(Reader, Unsigned32) {
  const Buf r_bytes = Buf{0xE5, 0x8E, 0x26, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  Reader r(r_bytes);
  EXPECT_EQ(r.u32("a"), 624485u);
  EXPECT_EQ(r.u32("b"), 0xFFFFFFFFu);
  EXPECT_TRUE(r.at_end());
}

TEST(Reader, OverlongAndTooLarge) {
  EXPECT_NE(error_of(Buf{0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, [](Reader& r) { r.u32("x"); })
                .find("integer representation too long"),
            std::string::npos);
  EXPECT_NE(error_of(Buf{0xFF, 0xFF, 0xFF, 0xFF, 0x1F}, [](Reader& r) { r.u32("x"); })
                .find("integer too large"),
            std::string::npos);
  // Padding with zero continuation bytes inside the limit is allowed.
  const Buf ok_bytes = Buf{0x80, 0x80, 0x80, 0x80, 0x00};
  Reader ok(ok_bytes);
  EXPECT_EQ(ok.u32("x"), 0u);
}

TEST(Reader, Signed) {
  const Buf r_bytes = Buf{0x7F, 0x80, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0x07};
  Reader r(r_bytes);
  EXPECT_EQ(r.s32("a"), -1);
  EXPECT_EQ(r.s32("b"), -128);
  EXPECT_EQ(r.s32("c"), 0x7FFFFFFF);
  // s32: the unused bits of the fifth byte must copy the sign bit.
  EXPECT_NE(error_of(Buf{0xFF, 0xFF, 0xFF, 0xFF, 0x4F}, [](Reader& r) { r.s32("x"); })
                .find("integer too large"),
            std::string::npos);
  const Buf neg_bytes = Buf{0x80, 0x80, 0x80, 0x80, 0x78};
  Reader neg(neg_bytes);
  EXPECT_EQ(neg.s32("x"), INT32_MIN);
  const Buf s64_bytes = Buf{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F};
  Reader s64(s64_bytes);
  EXPECT_EQ(s64.s64("x"), INT64_MIN);
  const Buf s33_bytes = test::sleb(-64);
  Reader s33(s33_bytes);
  EXPECT_EQ(s33.s33("x"), -64);
}

TEST(Reader, ErrorsCarryAbsoluteOffsets) {
  size_t offset = 0;
  const std::string msg = error_of(
      Buf{0x01, 0x02},
      [](Reader& r) {
        r.u8("a");
        r.bytes(5, "the payload");
      },
      &offset);
  EXPECT_EQ(offset, 101u);
  EXPECT_EQ(msg, "unexpected end: the payload needs 5 bytes, 1 left");
}

TEST(Reader, CountIsBoundedByInputSize) {
  size_t offset = 0;
  const std::string msg = error_of(
      Buf{0xFF, 0xFF, 0x03, 0x00}, [](Reader& r) { r.count("widgets", 1); }, &offset);
  EXPECT_EQ(offset, 100u);
  EXPECT_EQ(msg, "length out of bounds: widgets says 65535, only 1 bytes left");
}

TEST(Utf8, Validation) {
  EXPECT_TRUE(is_valid_utf8("plain"));
  EXPECT_TRUE(is_valid_utf8("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"));
  EXPECT_FALSE(is_valid_utf8("\xC0\x80"));          // overlong NUL
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\x80"));      // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\x80"));              // stray continuation
  EXPECT_FALSE(is_valid_utf8("\xE2\x82"));          // cut off
}

}  // namespace
}  // namespace wasmsize::wasm
