// Compares two runs (a base and a head build): artifacts and modules matched
// by distribution and module name, with per-section and per-function changes
// for modules that changed.
#pragma once

#include "model/model.h"

namespace wasmsize::analysis {

model::DiffReport diff_runs(const model::Run& base, const model::Run& head);

}  // namespace wasmsize::analysis
