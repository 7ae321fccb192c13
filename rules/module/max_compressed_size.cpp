#include "rules/all_rules.h"

namespace wasmsize::rules {

// What a module costs on the wire: its size as stored in the wheel.
Rule module_max_compressed_size() {
  return module_size_rule("module.max-compressed-size",
                          "Size of each module as stored (compressed) in its archive.",
                          [](const model::ModuleReport& m) { return m.compressed_size; });
}

}  // namespace wasmsize::rules
