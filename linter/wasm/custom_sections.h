// Decoders for the custom sections that matter for size: dylink.0 (and the
// legacy dylink), target_features, name and producers. A custom section that
// does not decode is recorded as a CustomIssue, never a failed module: the
// spec lets custom sections hold anything.
#pragma once

#include <string_view>

#include "wasm/module.h"
#include "wasm/reader.h"

namespace wasmsize::wasm {

void parse_custom_section(std::string_view name, Reader payload, Module& m);

}  // namespace wasmsize::wasm
