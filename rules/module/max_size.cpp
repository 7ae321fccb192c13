#include "rules/all_rules.h"

namespace wasmsize::rules {

// Every visitor downloads and compiles the whole module; browsers compile
// modules over 8 MiB only asynchronously.
Rule module_max_size() {
  return module_size_rule("module.max-size", "Raw size of each WebAssembly module.",
                          [](const model::ModuleReport& m) { return m.size; });
}

}  // namespace wasmsize::rules
