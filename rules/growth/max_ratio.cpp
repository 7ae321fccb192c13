#include <fmt/format.h>

#include "base/units.h"
#include "rules/all_rules.h"

namespace wasmsize::rules {

// Growth relative to the base size, so one budget fits small and large
// modules; a module that did not exist in the base has no ratio.
Rule growth_max_ratio() {
  Rule r{"growth.max-ratio",
         LimitKind::kRatio,
         "Growth of each module and artifact against --base, as a share of its base size.",
         {},
         {},
         {}};
  r.growth = [](const GrowthSubject& g, const Setting& limit) -> std::vector<Violation> {
    if (g.old_size == 0 || g.new_size <= g.old_size) return {};
    const uint64_t delta = g.new_size - g.old_size;
    const double ratio = double(delta) / double(g.old_size);
    if (delta < g.ignore_below || ratio <= limit.ratio) return {};
    return {{ratio, limit.ratio, "+" + base::percent(ratio), "+" + base::percent(limit.ratio),
             fmt::format("{} grew {} → {} (+{}, +{}) > +{}", g.kind, base::human_size(g.old_size),
                         base::human_size(g.new_size), base::human_size(delta),
                         base::percent(ratio), base::percent(limit.ratio)),
             ""}};
  };
  return r;
}

}  // namespace wasmsize::rules
