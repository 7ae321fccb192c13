#include <fmt/format.h>

#include "base/units.h"
#include "rules/all_rules.h"

namespace wasmsize::rules {

// Whole modules shipped more than once (byte-identical files): the bytes of
// the copies beyond the first, in the configured scope. The fix is to ship
// the file once, not to share functions.
Rule duplicates_max_file_bytes() {
  Rule r{"duplicates.max-file-bytes",
         LimitKind::kSize,
         "Bytes of whole modules shipped more than once (byte-identical files) in the configured "
         "scope.",
         {},
         {},
         {}};
  r.duplicates = [](const DuplicateSubject& s, const Setting& limit) -> std::vector<Violation> {
    if (s.file_wasted <= limit.amount) return {};
    Violation v = size_violation(s.file_wasted, limit.amount);
    std::string where;
    for (size_t i = 0; i < std::min<size_t>(3, s.files.size()); ++i) {
      const model::DuplicateFile& f = *s.files[i];
      where += fmt::format("{}{} x {} {}", i ? "; " : " (", f.copies.size(),
                           base::human_size(f.size), f.copies.front().module);
    }
    if (!where.empty()) where += ")";
    v.message = "modules shipped more than once " + v.message + where;
    return {v};
  };
  r.needs = duplicates_needs;
  return r;
}

}  // namespace wasmsize::rules
