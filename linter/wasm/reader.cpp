#include "wasm/reader.h"

#include <fmt/format.h>

namespace wasmsize::wasm {

bool is_valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<uint8_t>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4, cp = c & 0x07;
    } else {
      return false;  // continuation byte, overlong lead (C0/C1) or > F4
    }
    if (s.size() - i < len) return false;
    for (size_t k = 1; k < len; ++k) {
      auto cc = static_cast<uint8_t>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return false;  // overlong
    if (cp >= 0xD800 && cp <= 0xDFFF) return false;                            // surrogate
    if (cp > 0x10FFFF) return false;
    i += len;
  }
  return true;
}

void Reader::fail(const std::string& message) const {
  throw ParseError(offset(), message);
}

void Reader::fail_at(size_t offset, const std::string& message) {
  throw ParseError(offset, message);
}

void Reader::need(size_t n, const char* what) const {
  if (n > remaining()) {
    fail(fmt::format("unexpected end: {} needs {} byte{}, {} left", what, n, n == 1 ? "" : "s",
                     remaining()));
  }
}

uint8_t Reader::u8_slow(const char* what) {
  need(1, what);
  return bytes_[pos_++];
}

uint8_t Reader::peek_u8(const char* what) const {
  need(1, what);
  return bytes_[pos_];
}

uint32_t Reader::fixed_u32(const char* what) {
  need(4, what);
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i)
    v |= uint32_t{bytes_[pos_ + i]} << (8 * i);
  pos_ += 4;
  return v;
}

// The spec's LEB128 rules: at most ceil(bits/7) bytes, and the unused bits of
// the last byte must be zero (unsigned) or copies of the sign bit (signed).
uint64_t Reader::leb_unsigned(int bits, const char* what) {
  const size_t start = offset();
  const int max_bytes = (bits + 6) / 7;
  uint64_t value = 0;
  for (int i = 0; i < max_bytes; ++i) {
    if (at_end()) fail(fmt::format("unexpected end: {} (LEB128) is cut off", what));
    const uint8_t b = bytes_[pos_++];
    value |= uint64_t{b & 0x7Fu} << (7 * i);
    if (i == max_bytes - 1) {
      if (b & 0x80) fail_at(start, fmt::format("integer representation too long: {}", what));
      const int used = bits - 7 * i;
      if (((b & 0x7F) >> used) != 0) fail_at(start, fmt::format("integer too large: {}", what));
    }
    if (!(b & 0x80)) break;
  }
  return value;
}

int64_t Reader::leb_signed(int bits, const char* what) {
  const size_t start = offset();
  const int max_bytes = (bits + 6) / 7;
  uint64_t value = 0;
  int shift = 0;
  uint8_t b = 0;
  for (int i = 0; i < max_bytes; ++i) {
    if (at_end()) fail(fmt::format("unexpected end: {} (LEB128) is cut off", what));
    b = bytes_[pos_++];
    value |= uint64_t{b & 0x7Fu} << shift;
    shift += 7;
    if (i == max_bytes - 1) {
      if (b & 0x80) fail_at(start, fmt::format("integer representation too long: {}", what));
      const int used = bits - 7 * i;  // bits of this byte that carry the value
      const uint8_t high = static_cast<uint8_t>((0x7F >> (used - 1)) << (used - 1));
      if ((b & high) != 0 && (b & high) != high) {
        fail_at(start, fmt::format("integer too large: {}", what));
      }
    }
    if (!(b & 0x80)) break;
  }
  if (shift < 64 && (b & 0x40)) value |= ~uint64_t{0} << shift;
  return static_cast<int64_t>(value);
}

uint64_t Reader::u64(const char* what) {
  return leb_unsigned(64, what);
}
int64_t Reader::s33(const char* what) {
  return leb_signed(33, what);
}
int64_t Reader::s64(const char* what) {
  return leb_signed(64, what);
}

Bytes Reader::bytes(size_t n, const char* what) {
  need(n, what);
  Bytes out = bytes_.subspan(pos_, n);
  pos_ += n;
  return out;
}

std::string_view Reader::name(const char* what) {
  const size_t start = offset();
  const uint32_t len = u32(what);
  if (len > remaining()) {
    fail_at(start,
            fmt::format("length out of bounds: {} of {} bytes, {} left", what, len, remaining()));
  }
  Bytes b = bytes(len, what);
  std::string_view s(reinterpret_cast<const char*>(b.data()), b.size());
  if (!is_valid_utf8(s)) fail_at(start, fmt::format("malformed UTF-8 encoding in {}", what));
  return s;
}

uint32_t Reader::count(const char* what, size_t min_item_size) {
  const size_t start = offset();
  const uint32_t n = u32(what);
  if (min_item_size > 0 && n > remaining() / min_item_size) {
    fail_at(start, fmt::format("length out of bounds: {} says {}, only {} bytes left", what, n,
                               remaining()));
  }
  return n;
}

Reader Reader::sub(size_t n, const char* what) {
  const size_t start = offset();
  Bytes b = bytes(n, what);
  return Reader(b, start);
}

}  // namespace wasmsize::wasm
