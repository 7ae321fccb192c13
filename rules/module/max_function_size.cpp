#include "rules/all_rules.h"

namespace wasmsize::rules {

// One huge body (an inlined PyInit, a generated switch) compiles slowly and
// is often a sign of an inlining or template explosion.
Rule module_max_function_size() {
  return module_size_rule("module.max-function-size",
                          "Size of the largest function body in each module.",
                          [](const model::ModuleReport& m) {
                            return m.largest_function ? m.largest_function->size : 0;
                          });
}

}  // namespace wasmsize::rules
