// Human units for text output: decimal kB/MB/GB with three significant
// digits ("2.61 MB", "610 kB"), as size-limit and the SPEC's examples print.
#pragma once

#include <cstdint>
#include <string>

namespace wasmsize::report {

std::string human_size(uint64_t bytes);
std::string signed_human_size(int64_t bytes);
std::string compact_size(
    uint64_t bytes);                // "2 MB", "1.5 MB": no trailing zeros  // "+610 kB", "-1.2 MB"
std::string thousands(uint64_t n);  // "12,345"
std::string percent(double ratio);  // 0.1234 -> "12.3%"

}  // namespace wasmsize::report
