#include <fmt/format.h>

#include "rules/all_rules.h"

namespace wasmsize::rules {

// A wheel built for another Emscripten ABI fails at load time
// (TEOS-10/GSW-Python#240), after it was downloaded.
Rule closure_require_abi_match() {
  return closure_flag_rule(
      "closure.require-abi-match",
      "Every wheel of a load closure carries a platform tag of the lock's ABI.",
      [](const ClosureSubject& c) {
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& name : c.closure.abi_mismatches) {
          out.emplace_back(name, fmt::format("{}'s wheel is not built for {} (expected {})", name,
                                             c.distribution.info.abi_version.empty()
                                                 ? c.distribution.info.platform
                                                 : c.distribution.info.abi_version,
                                             fmt::join(c.distribution.abi_tags(), " or ")));
        }
        return out;
      });
}

}  // namespace wasmsize::rules
