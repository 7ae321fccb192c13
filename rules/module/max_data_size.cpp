#include "rules/all_rules.h"

namespace wasmsize::rules {

// Static data (strings, tables, Cython's constant pools) is copied into
// linear memory at load time.
Rule module_max_data_size() {
  return module_size_rule("module.max-data-size", "Payload size of each module's data section.",
                          [](const model::ModuleReport& m) { return m.data_size; });
}

}  // namespace wasmsize::rules
