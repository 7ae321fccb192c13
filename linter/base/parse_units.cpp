#include "base/units.h"

#include <fmt/format.h>

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

}  // namespace

std::optional<uint64_t> parse_size(std::string_view text, UnitError* error) {
  static constexpr std::pair<std::string_view, double> kUnits[] = {
      {"", 1},     {"B", 1},        {"kB", 1e3},        {"MB", 1e6},
      {"GB", 1e9}, {"KiB", 1024.0}, {"MiB", 1048576.0}, {"GiB", 1073741824.0}};
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
  for (const auto& [name, factor] : kUnits) {
    if (unit == name) {
      const double bytes = std::round(*value * factor);
      if (bytes > 1.8e19) {
        if (error) error->message = fmt::format("'{}' is more bytes than 64 bits can count", text);
        return std::nullopt;
      }
      return static_cast<uint64_t>(bytes);
    }
  }
  if (error)
    error->message = fmt::format(
        "unknown unit '{}' in '{}'; valid units: B, kB, MB, GB, KiB, MiB, GiB", unit, text);
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
