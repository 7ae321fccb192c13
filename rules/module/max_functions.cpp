#include "rules/all_rules.h"

namespace wasmsize::rules {

Rule module_max_functions() {
  return module_count_rule("module.max-functions", "Number of functions each module defines.",
                           "functions",
                           [](const model::ModuleReport& m) { return uint64_t{m.function_count}; });
}

}  // namespace wasmsize::rules
