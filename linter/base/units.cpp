#include "base/units.h"

#include <fmt/format.h>

#include <cmath>

namespace wasmsize::base {

std::string human_size(uint64_t bytes) {
  if (bytes < 1000) return fmt::format("{} B", bytes);
  static constexpr const char* kUnits[] = {"kB", "MB", "GB", "TB"};
  double v = static_cast<double>(bytes) / 1000.0;
  int unit = 0;
  // Round first, so 999.96 kB becomes 1.00 MB rather than "1000 kB".
  while (unit < 3 && std::round(v * 10) / 10 >= 999.95) {
    v /= 1000.0;
    ++unit;
  }
  if (v < 9.995) return fmt::format("{:.2f} {}", v, kUnits[unit]);
  if (v < 99.95) return fmt::format("{:.1f} {}", v, kUnits[unit]);
  return fmt::format("{:.0f} {}", v, kUnits[unit]);
}

std::string compact_size(uint64_t bytes) {
  std::string s = human_size(bytes);
  const size_t dot = s.find('.'), space = s.find(' ');
  if (dot == std::string::npos || space == std::string::npos || dot > space) return s;
  size_t end = space;
  while (end > dot + 1 && s[end - 1] == '0')
    --end;
  if (end == dot + 1) --end;
  return s.substr(0, end) + s.substr(space);
}

std::string signed_human_size(int64_t bytes) {
  if (bytes == 0) return "0 B";
  const uint64_t magnitude = bytes < 0 ? uint64_t(-(bytes + 1)) + 1 : uint64_t(bytes);
  return (bytes < 0 ? "-" : "+") + human_size(magnitude);
}

std::string thousands(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string percent(double ratio) {
  const double p = ratio * 100.0;
  return std::fabs(p) < 10 ? fmt::format("{:.1f}%", p) : fmt::format("{:.0f}%", p);
}

std::string exact_size(uint64_t bytes) {
  for (auto [unit, shift] : {std::pair{"GiB", 30}, {"MiB", 20}, {"KiB", 10}}) {
    if (bytes != 0 && bytes % (uint64_t{1} << shift) == 0)
      return fmt::format("{}{}", bytes >> shift, unit);
  }
  return fmt::format("{}B", bytes);
}

}  // namespace wasmsize::base
