#include <algorithm>

#include "rules/all_rules.h"

namespace wasmsize::rules {

// SIDE_MODULE=1 exports every symbol (pyodide#2712): the export section of
// one module was 29 % of its bytes. Export lists or SIDE_MODULE=2 fix it.
Rule module_max_export_size() {
  return module_size_rule("module.max-export-size", "Bytes of each module's export section.",
                          [](const model::ModuleReport& m) {
                            uint64_t size = 0;
                            for (const auto& s : m.sections)
                              if (!s.custom && s.name == "export") size += s.size;
                            return size;
                          });
}

}  // namespace wasmsize::rules
