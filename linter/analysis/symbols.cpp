#include "analysis/symbols.h"

#include <cxxabi.h>

#include <array>
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

}  // namespace

std::string stable_symbol(std::string_view name) {
  if (name.substr(0, 2) != "_Z") return std::string(name);
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
