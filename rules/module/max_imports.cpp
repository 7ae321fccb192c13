#include "rules/all_rules.h"

namespace wasmsize::rules {

// Every import is resolved by the dynamic linker when the module loads.
Rule module_max_imports() {
  return module_count_rule("module.max-imports", "Number of imports of each module.", "imports",
                           [](const model::ModuleReport& m) { return uint64_t{m.import_count}; });
}

}  // namespace wasmsize::rules
