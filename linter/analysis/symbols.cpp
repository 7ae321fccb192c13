#include "analysis/symbols.h"

#include <cxxabi.h>

#include <array>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <utility>

namespace wasmsize::analysis {

namespace {

bool is_hex(std::string_view s) {
  return s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// Rust's escapes for characters C++ mangling cannot carry.
std::string unescape_rust(std::string_view s) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 17> kEscapes{{
      {"$LT$", "<"},
      {"$GT$", ">"},
      {"$RF$", "&"},
      {"$BP$", "*"},
      {"$C$", ","},
      {"$SP$", "@"},
      {"$u20$", " "},
      {"$u27$", "'"},
      {"$u22$", "\""},
      {"$u3b$", ";"},
      {"$u5b$", "["},
      {"$u5d$", "]"},
      {"$u7b$", "{"},
      {"$u7d$", "}"},
      {"$u7e$", "~"},
      {"$u2b$", "+"},
      {"..", "::"},
  }};
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    // A segment cannot start with `$`, so rustc writes `_$LT$...`.
    if (s[i] == '_' && s.substr(i + 1, 1) == "$" && (i == 0 || s[i - 1] == ':')) ++i;
    bool replaced = false;
    for (const auto& [from, to] : kEscapes) {
      if (s.substr(i, from.size()) == from) {
        out += to;
        i += from.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += s[i++];
  }
  return out;
}

// Back-references in a mangled name: substitutions (S_, S<id>_) and
// template parameters (T_, T<n>_). Each may stand for all that came before,
// so n of them can double the demangled text n times: a 130-byte name
// demangled to gigabytes. Over-counting (an identifier holding "S_") only
// leaves a name mangled.
size_t back_references(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] != 'S' && s[i] != 'T') continue;
    size_t j = i + 1;
    while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) ||
                            (s[i] == 'S' && std::isupper(static_cast<unsigned char>(s[j])))))
      ++j;
    n += j < s.size() && s[j] == '_';
  }
  return n;
}

// Whether demangling `name` is bounded: at most 1 MiB of output even if
// every back-reference doubled it.
bool safe_to_demangle(std::string_view name) {
  constexpr size_t kMaxOutput = size_t{1} << 20;
  if (name.size() > 4096) return false;
  const size_t refs = back_references(name);
  return refs < 32 && (name.size() << refs) <= kMaxOutput;
}

}  // namespace

std::string stable_symbol(std::string_view name) {
  if (name.substr(0, 2) != "_Z" || !safe_to_demangle(name)) return std::string(name);
  int status = 0;
  std::string mangled(name);
  std::unique_ptr<char, decltype(&std::free)> demangled(
      abi::__cxa_demangle(mangled.c_str(), nullptr, nullptr, &status), &std::free);
  if (status != 0 || !demangled) return mangled;
  std::string_view text(demangled.get());
  // A legacy Rust symbol: its last path segment is `h` and 16 hex digits.
  constexpr std::string_view kHashLead = "::h";
  const size_t at = text.rfind(kHashLead);
  if (at != std::string_view::npos && text.size() - at == kHashLead.size() + 16 &&
      is_hex(text.substr(at + kHashLead.size()))) {
    return unescape_rust(text.substr(0, at));
  }
  return std::string(text);
}

}  // namespace wasmsize::analysis
