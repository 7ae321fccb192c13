// A bounded cursor over a module's bytes. Every read of the parser and the
// instruction decoder goes through here, so bounds and LEB128 rules are checked
// in exactly one place, and every failure carries the absolute byte offset.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace wasmsize::wasm {

using Bytes = std::span<const uint8_t>;

// Thrown inside one module's parse and caught at its boundary (parse_module),
// where it becomes a value; it never crosses from one module to another.
class ParseError : public std::runtime_error {
 public:
  ParseError(size_t offset, const std::string& message)
      : std::runtime_error(message), offset_(offset) {}
  size_t offset() const { return offset_; }

 private:
  size_t offset_;
};

// True when `s` is well-formed UTF-8 as the wasm spec defines it (no overlong
// forms, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view s);

class Reader {
 public:
  // `base` is the absolute offset of bytes[0] inside the module, so errors
  // from a sub-reader still name a position in the file.
  explicit Reader(Bytes bytes, size_t base = 0) : bytes_(bytes), base_(base) {}

  size_t offset() const { return base_ + pos_; }
  size_t remaining() const { return bytes_.size() - pos_; }
  bool at_end() const { return pos_ == bytes_.size(); }
  size_t end_offset() const { return base_ + bytes_.size(); }

  // The one-byte cases are inline: they are most of every body.
  uint8_t u8(const char* what) {
    if (pos_ < bytes_.size()) [[likely]]
      return bytes_[pos_++];
    return u8_slow(what);
  }
  uint8_t peek_u8(const char* what) const;
  uint32_t u32(const char* what) {
    if (pos_ < bytes_.size() && bytes_[pos_] < 0x80) [[likely]]
      return bytes_[pos_++];
    return static_cast<uint32_t>(leb_unsigned(32, what));
  }
  uint64_t u64(const char* what);
  int32_t s32(const char* what) {
    if (pos_ < bytes_.size() && bytes_[pos_] < 0x80) [[likely]] {
      // One byte: seven bits, sign-extended from bit 6.
      return static_cast<int8_t>(static_cast<uint8_t>(bytes_[pos_++] << 1)) >> 1;
    }
    return static_cast<int32_t>(leb_signed(32, what));
  }
  int64_t s33(const char* what);
  int64_t s64(const char* what);
  uint32_t fixed_u32(const char* what);  // little-endian, 4 bytes

  // The next n bytes without consuming them, or an empty view when fewer are
  // left: a fast path decodes inside a window it knows to be in bounds...
  Bytes peek(size_t n) const { return remaining() >= n ? bytes_.subspan(pos_, n) : Bytes(); }
  // ...and then consumes what it decoded.
  void advance(size_t n) { pos_ += std::min(n, remaining()); }

  Bytes bytes(size_t n, const char* what);
  void skip(size_t n, const char* what) { bytes(n, what); }
  // A length-prefixed UTF-8 name, as a view into the module's bytes.
  std::string_view name(const char* what);
  // A vector length that cannot exceed what the rest of the input could hold
  // with `min_item_size` bytes per item: caps every allocation by input size.
  uint32_t count(const char* what, size_t min_item_size = 1);
  // The bytes from absolute offset `from` (already read) up to the cursor.
  Bytes consumed_since(size_t from) const {
    return bytes_.subspan(from - base_, pos_ - (from - base_));
  }
  // A reader over the next n bytes, which are consumed from this one.
  Reader sub(size_t n, const char* what);

  [[noreturn]] void fail(const std::string& message) const;
  [[noreturn]] static void fail_at(size_t offset, const std::string& message);

 private:
  uint8_t u8_slow(const char* what);
  uint64_t leb_unsigned(int bits, const char* what);
  int64_t leb_signed(int bits, const char* what);
  void need(size_t n, const char* what) const;

  Bytes bytes_;
  size_t base_;
  size_t pos_ = 0;
};

}  // namespace wasmsize::wasm
