#include "rules/glob.h"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <vector>

namespace wasmsize::rules {

namespace {

// Length of the class starting at pattern[i] == '[', or 0 when unclosed.
size_t class_length(std::string_view p, size_t i) {
  size_t j = i + 1;
  if (j < p.size() && (p[j] == '!' || p[j] == '^')) ++j;
  if (j < p.size() && p[j] == ']') ++j;  // a leading ']' is literal
  while (j < p.size() && p[j] != ']')
    ++j;
  return j < p.size() ? j - i + 1 : 0;
}

bool class_matches(std::string_view cls, char c) {
  size_t i = 1;
  bool negate = false;
  if (cls[i] == '!' || cls[i] == '^') negate = true, ++i;
  bool hit = false;
  for (size_t first = i; i + 1 < cls.size(); ++i) {
    if (cls[i] == ']' && i != first) break;
    if (i + 2 < cls.size() - 1 && cls[i + 1] == '-') {
      hit |= c >= cls[i] && c <= cls[i + 2];
      i += 2;
    } else {
      hit |= c == cls[i];
    }
  }
  return hit != negate;
}

// Dynamic programming over (pattern position, text position), bottom-up:
// at[pi][ti] says whether p[pi..] matches t[ti..]. Every state is computed
// once, so matching takes O(|p| x |t|) steps whatever the stars: a
// backtracking matcher takes exponential time on `**/**/**/...` against a
// deep path. A `**` star may cross '/', a `*` star may not, and `**/` also
// matches no folder at all.
bool match(std::string_view p, std::string_view t) {
  const size_t n = t.size();
  // One block of |p|+1 rows (a row per pattern position) of |t|+1 cells.
  std::vector<uint8_t> cells((p.size() + 1) * (n + 1), 0);
  struct Rows {
    std::vector<uint8_t>& cells;
    size_t width;
    uint8_t* operator[](size_t row) { return cells.data() + row * width; }
  } at{cells, n + 1};
  at[p.size()][n] = true;
  for (size_t pi = p.size(); pi-- > 0;) {
    uint8_t* row = at[pi];
    if (p[pi] == '*') {
      size_t pj = pi;
      while (pj < p.size() && p[pj] == '*')
        ++pj;
      const bool crosses = pj - pi >= 2;
      const bool no_folder = crosses && pj < p.size() && p[pj] == '/';
      // From the end back: the star takes t[ti] and goes on, or stops here.
      for (size_t ti = n + 1; ti-- > 0;) {
        row[ti] = at[pj][ti] || (ti < n && (crosses || t[ti] != '/') && row[ti + 1]);
      }
      // `**/` may also stand for no folder, but only where the star starts
      // and some text is left (as fnmatch-style matchers have it).
      if (no_folder) {
        for (size_t ti = 0; ti < n; ++ti)
          row[ti] = row[ti] || at[pj + 1][ti];
      }
      continue;
    }
    const size_t len = p[pi] == '[' ? class_length(p, pi) : 0;
    for (size_t ti = 0; ti < n; ++ti) {
      bool one;
      if (len > 0) {
        one = class_matches(p.substr(pi, len), t[ti]);
      } else {
        one = (p[pi] == '?' && t[ti] != '/') || p[pi] == t[ti];
      }
      row[ti] = one && at[pi + std::max<size_t>(len, 1)][ti + 1];
    }
  }
  return at[0][0];
}

}  // namespace

std::optional<std::string> glob_error(std::string_view pattern) {
  if (pattern.empty()) return "empty pattern";
  // Matching costs |pattern| x |text| in time and bits; a path is at most
  // 64 KiB (a zip name), so this caps one match at 8 MiB of state.
  if (pattern.size() > kMaxGlobLength)
    return fmt::format("{} characters, more than the {} a glob may have", pattern.size(),
                       kMaxGlobLength);
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '[') {
      const size_t len = class_length(pattern, i);
      if (len == 0) return fmt::format("unclosed '[' at character {}", i + 1);
      i += len - 1;
    }
  }
  return std::nullopt;
}

// Whether `text` can hold what `pattern` needs whatever its stars: one
// character for each '?' and class, and each literal character as often as
// the pattern names it. A budget of a thousand long globs against a
// thousand modules took minutes of |pattern| x |text| tables that this
// rejects in one pass; what passes has at most |text| such characters, so
// its table is small.
bool could_match(std::string_view p, std::string_view t) {
  std::array<uint32_t, 256> need{};
  size_t singles = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '*') {
      // `**/` may stand for no folder at all: its '/' is not needed.
      size_t j = i;
      while (j < p.size() && p[j] == '*')
        ++j;
      if (j - i >= 2 && j < p.size() && p[j] == '/') ++j;
      i = j - 1;
      continue;
    }
    if (p[i] == '[') {
      const size_t len = class_length(p, i);
      if (len > 0) {
        ++singles;
        i += len - 1;
        continue;
      }
    }
    if (p[i] == '?') {
      ++singles;
    } else {
      ++need[static_cast<unsigned char>(p[i])];
    }
  }
  std::array<uint32_t, 256> have{};
  for (char c : t)
    ++have[static_cast<unsigned char>(c)];
  size_t literals = 0;
  for (size_t c = 0; c < 256; ++c) {
    if (need[c] > have[c]) return false;
    literals += need[c];
  }
  return literals + singles <= t.size();
}

bool glob_match(std::string_view pattern, std::string_view text) {
  if (pattern.find_first_of("*?[") == std::string_view::npos) return pattern == text;
  return could_match(pattern, text) && match(pattern, text);
}

}  // namespace wasmsize::rules
