#include <fmt/format.h>

#include "base/units.h"
#include "rules/all_rules.h"

namespace wasmsize::rules {

// How much a module or a wheel may grow in one change (check --base): the
// size-limit habit of catching a regression in the pull request that makes it.
Rule growth_max_bytes() {
  Rule r{"growth.max-bytes",
         LimitKind::kSize,
         "Growth in bytes of each module and artifact against --base.",
         {},
         {},
         {}};
  r.growth = [](const GrowthSubject& g, const Setting& limit) -> std::vector<Violation> {
    if (g.new_size <= g.old_size) return {};
    const uint64_t delta = g.new_size - g.old_size;
    if (delta < g.ignore_below || delta <= limit.amount) return {};
    return {{double(delta), double(limit.amount), "+" + base::human_size(delta),
             "+" + base::compact_size(limit.amount),
             fmt::format(
                 "{} grew {} → {} ({}{}) > +{}", g.kind, base::human_size(g.old_size),
                 base::human_size(g.new_size), base::signed_human_size(int64_t(delta)),
                 g.old_size ? ", +" + base::percent(double(delta) / double(g.old_size)) : ", new",
                 base::compact_size(limit.amount)),
             ""}};
  };
  return r;
}

}  // namespace wasmsize::rules
