#include "rules/glob.h"

#include <fmt/format.h>

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

// Iterative matcher with backtracking for the last star seen, as fnmatch; a
// `**` star may cross '/', a `*` star may not.
bool match(std::string_view p, std::string_view t) {
  size_t pi = 0, ti = 0;
  size_t star_p = std::string_view::npos, star_t = 0;
  bool star_crosses = false;
  while (ti < t.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star_crosses = pi + 1 < p.size() && p[pi + 1] == '*';
      while (pi < p.size() && p[pi] == '*')
        ++pi;
      // "**/" also matches no folder at all.
      if (star_crosses && pi < p.size() && p[pi] == '/' && match(p.substr(pi + 1), t.substr(ti))) {
        return true;
      }
      star_p = pi;
      star_t = ti;
      continue;
    }
    if (pi < p.size()) {
      if (p[pi] == '[') {
        const size_t len = class_length(p, pi);
        if (class_matches(p.substr(pi, len), t[ti])) {
          pi += len, ++ti;
          continue;
        }
      } else if ((p[pi] == '?' && t[ti] != '/') || p[pi] == t[ti]) {
        ++pi, ++ti;
        continue;
      }
    }
    if (star_p == std::string_view::npos || (!star_crosses && t[star_t] == '/')) return false;
    pi = star_p;
    ti = ++star_t;
  }
  while (pi < p.size() && p[pi] == '*')
    ++pi;
  return pi == p.size();
}

}  // namespace

std::optional<std::string> glob_error(std::string_view pattern) {
  if (pattern.empty()) return "empty pattern";
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '[') {
      const size_t len = class_length(pattern, i);
      if (len == 0) return fmt::format("unclosed '[' at character {}", i + 1);
      i += len - 1;
    }
  }
  return std::nullopt;
}

bool glob_match(std::string_view pattern, std::string_view text) {
  return match(pattern, text);
}

}  // namespace wasmsize::rules
