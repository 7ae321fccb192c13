// Units, both ways. Printing: decimal kB/MB/GB with three significant digits
// ("2.61 MB", "610 kB"), as size-limit and the SPEC's examples print.
// Parsing, as budgets and options spell them: a plain integer is bytes;
// strings take B, kB/MB/GB (1000) and KiB/MiB/GiB (1024), decimals allowed;
// ratios are numbers or "N%".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wasmsize::base {

// a + b, or UINT64_MAX where it would wrap: figures from inputs (a saved
// report, a cache, a lock) can be anything, and a sum of them never wraps.
inline uint64_t saturating_add(uint64_t a, uint64_t b) {
  return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

std::string human_size(uint64_t bytes);
std::string signed_human_size(int64_t bytes);  // "+610 kB", "-1.2 MB"
std::string compact_size(uint64_t bytes);      // "2 MB", "1.5 MB": no trailing zeros
std::string thousands(uint64_t n);             // "12,345"
std::string exact_size(uint64_t bytes);        // "4GiB", "64MiB", "1000B": parses back exactly
std::string percent(double ratio);             // 0.1234 -> "12.3%"

struct UnitError {
  std::string message;  // names the valid units
};

// Returns the size in bytes, or the error that says what was wrong.
std::optional<uint64_t> parse_size(std::string_view text, UnitError* error = nullptr);
std::optional<double> parse_ratio(std::string_view text, UnitError* error = nullptr);

}  // namespace wasmsize::base
