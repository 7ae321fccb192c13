#include "rules/all_rules.h"

namespace wasmsize::rules {

// Custom sections other than the two the loader needs (dylink.0 and
// target_features) are debug info, names and producers: shipped bytes that
// no visitor runs.
Rule module_max_custom_size() {
  return module_size_rule(
      "module.max-custom-size",
      "Bytes of custom sections other than dylink.0 / dylink / target_features.",
      [](const model::ModuleReport& m) {
        uint64_t total = 0;
        for (const auto& s : m.sections) {
          if (s.custom && s.name != "dylink.0" && s.name != "dylink" &&
              s.name != "target_features") {
            total += s.size;
          }
        }
        return total;
      });
}

}  // namespace wasmsize::rules
