// `wasmsize init`: a starter budget from what is measured now. Limits are
// the largest measured value plus headroom, rounded up to two significant
// digits, so `check` passes at once and fails as soon as something grows
// past the headroom.
#pragma once

#include <string>

#include "model/model.h"

namespace wasmsize::rules {

// Rounds up to two significant digits: 2,871,000 -> 2,900,000.
uint64_t round_up_2sig(double value);
// "2.9 MB", "640 kB", "75 B": decimal units, as round_up_2sig leaves them.
std::string size_text(uint64_t bytes);

std::string starter_budget(const model::Run& run, double headroom, bool record_verified);

}  // namespace wasmsize::rules
