#include "base/unicode_fold.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace wasmsize::base {

namespace {

struct FoldEntry {
  char32_t code;
  uint16_t offset;
  uint8_t length;
};
struct CombiningClass {
  char32_t code;
  uint8_t ccc;
};
#include "base/unicode_fold_table.inc"

// UTF-8 to code points; nullopt on any malformed sequence, overlong form or
// surrogate.
std::optional<std::vector<char32_t>> decode(std::string_view s) {
  std::vector<char32_t> out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<uint8_t>(s[i]);
    const int n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return std::nullopt;
    char32_t c = n == 1 ? b : b & (0x7f >> n);
    for (int k = 1; k < n; ++k) {
      const auto cont = static_cast<uint8_t>(s[i + k]);
      if ((cont >> 6) != 2) return std::nullopt;
      c = c << 6 | (cont & 0x3f);
    }
    constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < kMin[n] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return std::nullopt;
    out.push_back(c);
    i += n;
  }
  return out;
}

void encode(char32_t c, std::string& out) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xc0 | c >> 6);
    out += static_cast<char>(0x80 | (c & 0x3f));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xe0 | c >> 12);
    out += static_cast<char>(0x80 | (c >> 6 & 0x3f));
    out += static_cast<char>(0x80 | (c & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | c >> 18);
    out += static_cast<char>(0x80 | (c >> 12 & 0x3f));
    out += static_cast<char>(0x80 | (c >> 6 & 0x3f));
    out += static_cast<char>(0x80 | (c & 0x3f));
  }
}

// Hangul syllables decompose by formula (Unicode 3.12).
bool decompose_hangul(char32_t c, std::vector<char32_t>& out) {
  constexpr char32_t kS = 0xac00, kL = 0x1100, kV = 0x1161, kT = 0x11a7;
  constexpr char32_t kVCount = 21, kTCount = 28, kCount = 19 * kVCount * kTCount;
  if (c < kS || c >= kS + kCount) return false;
  const char32_t s = c - kS;
  out.push_back(kL + s / (kVCount * kTCount));
  out.push_back(kV + s % (kVCount * kTCount) / kTCount);
  if (s % kTCount) out.push_back(kT + s % kTCount);
  return true;
}

void fold(char32_t c, std::vector<char32_t>& out) {
  if (c < 0x80) return out.push_back(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (decompose_hangul(c, out)) return;
  const auto* it = std::lower_bound(std::begin(kFolds), std::end(kFolds), c,
                                    [](const FoldEntry& e, char32_t v) { return e.code < v; });
  if (it == std::end(kFolds) || it->code != c) return out.push_back(c);
  const auto pool = std::span(kFoldPool).subspan(it->offset, it->length);
  out.insert(out.end(), pool.begin(), pool.end());
}

uint8_t combining_class(char32_t c) {
  const auto* it = std::lower_bound(std::begin(kCombiningClasses), std::end(kCombiningClasses), c,
                                    [](const CombiningClass& e, char32_t v) { return e.code < v; });
  return it != std::end(kCombiningClasses) && it->code == c ? it->ccc : 0;
}

}  // namespace

std::string unicode_fold_key(std::string_view utf8) {
  const auto decoded = decode(utf8);
  if (!decoded) return std::string(utf8);
  std::vector<char32_t> folded;
  folded.reserve(decoded->size());
  for (char32_t c : *decoded)
    fold(c, folded);
  // Canonical ordering: each run of marks sorted, stably, by class.
  for (size_t i = 0; i < folded.size();) {
    size_t j = i;
    while (j < folded.size() && combining_class(folded[j]) != 0)
      ++j;
    std::stable_sort(folded.begin() + i, folded.begin() + j, [](char32_t a, char32_t b) {
      return combining_class(a) < combining_class(b);
    });
    i = j == i ? i + 1 : j;
  }
  std::string out;
  out.reserve(utf8.size());
  for (char32_t c : folded)
    encode(c, out);
  return out;
}

}  // namespace wasmsize::base
