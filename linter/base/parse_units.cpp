#include "base/units.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>

namespace wasmsize::base {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ')
    s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ')
    s.remove_suffix(1);
  return s;
}

// The leading decimal number of `s`; the rest is left in `s`.
std::optional<double> leading_number(std::string_view& s) {
  double value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || !std::isfinite(value) || value < 0) return std::nullopt;
  s.remove_prefix(static_cast<size_t>(end - s.data()));
  return value;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Bytes per unit. Spelled exactly, every unit; in another letter case, only
// where that cannot mean two things: the binary units (KIB, mib) and bytes
// (b). `KB`, `mb` or `M` could be 1000 or 1024 (Windows says KB for
// 1024): those get a question instead of a guess.
std::optional<double> unit_factor(std::string_view unit) {
  static constexpr std::pair<std::string_view, double> kExact[] = {
      {"", 1},     {"B", 1},        {"kB", 1e3},        {"MB", 1e6},
      {"GB", 1e9}, {"KiB", 1024.0}, {"MiB", 1048576.0}, {"GiB", 1073741824.0}};
  for (const auto& [name, factor] : kExact) {
    if (unit == name) return factor;
  }
  const std::string u = lower(unit);
  if (u == "b" || u == "byte" || u == "bytes") return 1;
  if (u == "kib") return 1024.0;
  if (u == "mib") return 1048576.0;
  if (u == "gib") return 1073741824.0;
  return std::nullopt;
}

std::string unit_suggestion(std::string_view unit, std::string_view text, std::string_view number) {
  struct Ambiguous {
    std::string_view spellings[2];  // lower case
    std::string_view decimal, binary;
  };
  static constexpr Ambiguous kAmbiguous[] = {
      {{"k", "kb"}, "kB", "KiB"}, {{"m", "mb"}, "MB", "MiB"}, {{"g", "gb"}, "GB", "GiB"}};
  const std::string u = lower(unit);
  for (const Ambiguous& a : kAmbiguous) {
    if (u == a.spellings[0] || u == a.spellings[1]) {
      return fmt::format(
          "unit '{}' in '{}' could mean 1000 or 1024: did you mean '{} {}' (1000) or '{} {}' "
          "(1024)?",
          unit, text, number, a.decimal, number, a.binary);
    }
  }
  return fmt::format("unknown unit '{}' in '{}'; valid units: B, kB, MB, GB, KiB, MiB, GiB", unit,
                     text);
}

}  // namespace

std::optional<uint64_t> parse_size(std::string_view text, UnitError* error) {
  std::string_view s = trim(text);
  const auto value = leading_number(s);
  if (!value) {
    if (error)
      error->message = fmt::format(
          "'{}' is not a size: expected a number of bytes, or a number with a unit (B, kB, MB, GB, "
          "KiB, MiB, GiB)",
          text);
    return std::nullopt;
  }
  const std::string_view unit = trim(s);
  const std::optional<double> factor = unit_factor(unit);
  if (factor) {
    const double bytes = std::round(*value * *factor);
    if (bytes > 1.8e19) {
      if (error) error->message = fmt::format("'{}' is more bytes than 64 bits can count", text);
      return std::nullopt;
    }
    return static_cast<uint64_t>(bytes);
  }
  if (error) {
    const std::string_view whole = trim(text);  // it ends with `unit`
    error->message = unit_suggestion(unit, text, trim(whole.substr(0, whole.size() - unit.size())));
  }
  return std::nullopt;
}

std::optional<double> parse_ratio(std::string_view text, UnitError* error) {
  std::string_view s = trim(text);
  const auto value = leading_number(s);
  const std::string_view rest = trim(s);
  if (value && rest.empty()) return *value;
  if (value && rest == "%") return *value / 100.0;
  if (error)
    error->message = fmt::format(
        "'{}' is not a ratio: expected a number such as 0.05 or a percentage such as 5%", text);
  return std::nullopt;
}

}  // namespace wasmsize::base
