#include "rules/all_rules.h"

namespace wasmsize::rules {

// The code section is what the engine compiles; its size drives start-up time.
Rule module_max_code_size() {
  return module_size_rule("module.max-code-size", "Payload size of each module's code section.",
                          [](const model::ModuleReport& m) { return m.code_size; });
}

}  // namespace wasmsize::rules
