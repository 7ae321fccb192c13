#include <fmt/format.h>

#include "base/units.h"
#include "rules/all_rules.h"

namespace wasmsize::rules {

// The same waste as a share of the code in scope, so one budget fits wheels
// of any size.
Rule duplicates_max_ratio() {
  Rule r{"duplicates.max-ratio",
         LimitKind::kRatio,
         "Wasted bytes of duplicated functions as a share of the code bytes in scope.",
         {},
         {},
         {}};
  r.duplicates = [](const DuplicateSubject& s, const Setting& limit) -> std::vector<Violation> {
    if (s.code == 0) return {};
    const double ratio = double(s.wasted) / double(s.code);
    if (ratio <= limit.ratio) return {};
    return {{ratio, limit.ratio, base::percent(ratio), base::percent(limit.ratio),
             fmt::format("duplicated code ({}) is {} of {} of code > {} ({} wasted){}", s.level,
                         base::percent(ratio), base::human_size(s.code), base::percent(limit.ratio),
                         base::human_size(s.wasted), largest_clusters(s)),
             ""}};
  };
  r.needs = duplicates_needs;
  return r;
}

}  // namespace wasmsize::rules
