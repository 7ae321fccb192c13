#include <fmt/format.h>

#include "rules/all_rules.h"

namespace wasmsize::rules {

// Code bytes per data byte. A ratio far below the usual says data (tables,
// embedded files) dominates; far above, that code is being generated where a
// table would do.
Rule module_code_data_ratio() {
  Rule r{"module.code-data-ratio",
         LimitKind::kRatioRange,
         "Code section size divided by data section size, within {min, max}.",
         {},
         {}};
  r.module = [](const model::ModuleReport& m, const Setting& s) -> std::vector<Violation> {
    if (m.data_size == 0) return {};  // no data: the ratio means nothing
    const double ratio = double(m.code_size) / double(m.data_size);
    const bool low = s.min && ratio < *s.min, high = s.max && ratio > *s.max;
    if (!low && !high) return {};
    const double limit = low ? *s.min : *s.max;
    return {{ratio, limit, fmt::format("{:.3g}", ratio), fmt::format("{:.3g}", limit),
             fmt::format("code/data ratio {:.3g} {} {} {:.3g} (code {} B, data {} B)", ratio,
                         low ? "<" : ">", low ? "min" : "max", limit, m.code_size, m.data_size),
             ""}};
  };
  return r;
}

}  // namespace wasmsize::rules
