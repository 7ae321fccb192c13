// Turns one parsed module into the plain numbers of a ModuleReport: where its
// bytes go, by section and by function, and what its dylink and feature
// sections say.
#pragma once

#include "model/model.h"
#include "wasm/parser.h"

namespace wasmsize::analysis {

// `result` may hold a parse error; whatever was read before it is measured and
// the rest of the module counts as "other", so the parts still add up.
// Without `list_functions`, `functions` stays empty (names are still kept).
model::ModuleReport measure_module(const wasm::ParseResult& result, size_t module_size,
                                   bool list_functions = true);

}  // namespace wasmsize::analysis
