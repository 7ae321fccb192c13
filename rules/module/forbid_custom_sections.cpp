#include <fmt/format.h>

#include "rules/all_rules.h"
#include "rules/glob.h"

namespace wasmsize::rules {

// `name` and `.debug_*` sections ship symbol and debug data to every visitor.
Rule module_forbid_custom_sections() {
  Rule r{"module.forbid-custom-sections",
         LimitKind::kNames,
         "Custom sections whose names match these globs must not be present.",
         {},
         {}};
  r.module = [](const model::ModuleReport& m, const Setting& s) {
    std::vector<Violation> out;
    for (const auto& sec : m.sections) {
      if (!sec.custom) continue;
      for (const auto& glob : s.names) {
        if (glob_match(glob, sec.name)) {
          out.push_back({double(sec.size), 0, fmt::format("{} B", sec.size), glob,
                         fmt::format("custom section '{}' ({} B) matches forbidden '{}'", sec.name,
                                     sec.size, glob),
                         ""});
          break;
        }
      }
    }
    return out;
  };
  return r;
}

}  // namespace wasmsize::rules
