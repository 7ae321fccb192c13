#include "rules/all_rules.h"

namespace wasmsize::rules {

// Each module is compiled when the closure loads: scipy's 111 turn a 1 s
// start into 10 s (pyodide#3098), and Firefox runs out of executable
// memory (pyodide#5264).
Rule closure_max_modules() {
  return closure_rule("closure.max-modules", LimitKind::kCount,
                      "WebAssembly modules compiled when a package's load closure loads.",
                      "modules", [](const model::Closure& c) { return c.modules; });
}

}  // namespace wasmsize::rules
