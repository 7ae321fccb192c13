#include <fmt/format.h>

#include "rules/all_rules.h"
#include "rules/glob.h"

namespace wasmsize::rules {

// A module built with a feature the target runtime lacks (simd128, threads)
// fails to compile there.
Rule module_forbid_features() {
  Rule r{"module.forbid-features",
         LimitKind::kNames,
         "target_features a module must not use (+ or = prefix).",
         {},
         {}};
  r.module = [](const model::ModuleReport& m, const Setting& s) {
    std::vector<Violation> out;
    for (const auto& f : m.target_features) {
      if (f.empty() || f[0] == '-') continue;  // '-' says the feature is not used
      const std::string name = f.substr(1);
      for (const auto& glob : s.names) {
        if (glob_match(glob, name)) {
          out.push_back({1, 0, name, glob,
                         fmt::format("uses target feature '{}', forbidden by '{}'", name, glob),
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
