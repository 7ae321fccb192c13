// `wasmsize init`: a starter budget from what is measured now. Limits are
// the largest measured value plus headroom, rounded up to two significant
// digits, so `check` passes at once and fails as soon as something grows
// past the headroom.
#pragma once

#include <optional>
#include <string>

#include "model/model.h"

namespace wasmsize::rules {

// Rounds up to two significant digits: 2,871,000 -> 2,900,000.
uint64_t round_up_2sig(double value);
// "2.9 MB", "640 kB", "75 B": decimal units, as round_up_2sig leaves them.
std::string size_text(uint64_t bytes);

struct InitSettings {
  double headroom = 0.1;
  // Modules at least this large get limits of their own (an override each):
  // one global limit set by a 2.8 MB module would let a 25 kB one grow 100x.
  uint64_t own_limit_from = 10000;
  bool record_verified = false;  // every wheel's RECORD matches: verify it
  // Wasted bytes of mergeable duplicates over all inputs, when measured.
  std::optional<uint64_t> duplicated_bytes;
};

std::string starter_budget(const model::Run& run, const InitSettings& settings);

}  // namespace wasmsize::rules
