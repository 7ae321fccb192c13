#include <fmt/format.h>

#include "base/units.h"
#include "rules/all_rules.h"
#include "rules/glob.h"

namespace wasmsize::rules {

// Sources (.pyx, .c), tests and build leftovers shipped in a wheel are bytes
// every visitor downloads and no one runs.
Rule artifact_forbid_files() {
  Rule r{"artifact.forbid-files",
         LimitKind::kNames,
         "Archive entries whose paths match these globs must not be present.",
         {},
         {}};
  r.artifact = [](const model::ArtifactReport& a, const Setting& s) {
    std::vector<Violation> out;
    auto check = [&](const std::string& path, uint64_t size) {
      for (const auto& glob : s.names) {
        if (glob_match(glob, path)) {
          out.push_back(
              {double(size), 0, base::human_size(size), glob,
               fmt::format("{} ({}) matches forbidden '{}'", path, base::human_size(size), glob),
               path});
          return;
        }
      }
    };
    for (const auto& f : a.files)
      check(f.path, f.size);
    for (const auto& m : a.modules)
      check(m.path, m.size);
    return out;
  };
  return r;
}

}  // namespace wasmsize::rules
