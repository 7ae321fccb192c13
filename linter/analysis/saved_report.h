// Reads a saved `wasmsize report --format json` back into a Run (names and
// sizes), so CI can keep the report of a release and compare later builds
// with it instead of keeping the release's wheels.
#pragma once

#include <string>

#include "model/model.h"

namespace wasmsize::analysis {

// Throws std::runtime_error naming the file and what is wrong with it.
model::Run load_saved_report(const std::string& path);

}  // namespace wasmsize::analysis
