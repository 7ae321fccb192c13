#include "rules/all_rules.h"

namespace wasmsize::rules {

// SIDE_MODULE=1 exports every symbol: each export is a name in the module,
// an entry the loader processes, and a function the optimizer must keep.
Rule module_max_exports() {
  return module_count_rule("module.max-exports", "Number of exports of each module.", "exports",
                           [](const model::ModuleReport& m) { return uint64_t{m.export_count}; });
}

}  // namespace wasmsize::rules
