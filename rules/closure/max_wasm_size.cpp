#include "rules/all_rules.h"

namespace wasmsize::rules {

// The bytes the browser compiles (and keeps as machine code) for a closure.
Rule closure_max_wasm_size() {
  return closure_rule("closure.max-wasm-size", LimitKind::kSize,
                      "WebAssembly bytes of every module in a package's load closure.", "bytes",
                      [](const model::Closure& c) { return c.wasm_size; });
}

}  // namespace wasmsize::rules
