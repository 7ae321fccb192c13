// Sizes and ratios as budgets spell them: a plain integer is bytes; strings
// take B, kB/MB/GB (1000) and KiB/MiB/GiB (1024), decimals allowed; ratios
// are numbers or "N%".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wasmsize::rules {

struct UnitError {
  std::string message;  // names the valid units
};

// Returns the size in bytes, or the error that says what was wrong.
std::optional<uint64_t> parse_size(std::string_view text, UnitError* error = nullptr);
std::optional<double> parse_ratio(std::string_view text, UnitError* error = nullptr);

}  // namespace wasmsize::rules
