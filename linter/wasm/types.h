// Decoding of the small type grammar shared by the section parser and the
// instruction decoder: value types, heap types, limits.
#pragma once

#include "wasm/module.h"
#include "wasm/reader.h"

namespace wasmsize::wasm {

// Abstract heap types, as the negative s33 value their single byte decodes to.
bool is_abstract_heap_type(int64_t ht);
int64_t read_heap_type(Reader& r);
ValType read_valtype(Reader& r, const char* what = "value type");
ValType read_reftype(Reader& r);
Limits read_limits(Reader& r, bool allow_shared, const char* what);

}  // namespace wasmsize::wasm
