#include "rules/all_rules.h"

namespace wasmsize::rules {

// Bytes that sharing would save: every copy of a duplicated function beyond
// the first, in the scope duplicates.scope names.
Rule duplicates_max_bytes() {
  Rule r{"duplicates.max-bytes",
         LimitKind::kSize,
         "Wasted bytes of duplicated functions ((copies - 1) x size) in the configured scope.",
         {},
         {},
         {}};
  r.duplicates = [](const DuplicateSubject& s, const Setting& limit) -> std::vector<Violation> {
    if (s.wasted <= limit.amount) return {};
    Violation v = size_violation(s.wasted, limit.amount);
    v.message = "duplicated code (" + s.level + ") " + v.message + largest_clusters(s);
    return {v};
  };
  r.needs = duplicates_needs;
  return r;
}

}  // namespace wasmsize::rules
