#include <fmt/format.h>

#include "rules/all_rules.h"
#include "rules/glob.h"

namespace wasmsize::rules {

// A needed library that the runtime does not ship fails at import time, and
// one that it does ship is another download.
Rule module_allowed_needed() {
  Rule r{"module.allowed-needed",
         LimitKind::kNames,
         "Libraries a module's dylink.0 may list as needed (globs).",
         {},
         {}};
  r.module = [](const model::ModuleReport& m, const Setting& s) {
    std::vector<Violation> out;
    if (!m.dylink) return out;
    for (const auto& lib : m.dylink->needed) {
      const bool allowed = std::any_of(s.names.begin(), s.names.end(),
                                       [&](const std::string& g) { return glob_match(g, lib); });
      if (!allowed) {
        out.push_back({1, 0, lib, fmt::format("{}", fmt::join(s.names, ", ")),
                       fmt::format("needs '{}', which is not in allowed-needed", lib), ""});
      }
    }
    return out;
  };
  return r;
}

}  // namespace wasmsize::rules
