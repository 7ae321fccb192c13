#include "rules/all_rules.h"

namespace wasmsize::rules {

// What `loadPackage(name)` downloads: every wheel of the closure as the
// server sends it (brotli). The pipeline measures it for distributions.
Rule closure_max_transfer_size() {
  Rule r =
      closure_rule("closure.max-transfer-size", LimitKind::kSize,
                   "Brotli bytes a browser downloads to load a package and its closure.", "bytes",
                   [](const model::Closure& c) { return c.transfer_size.value_or(0); });
  r.needs = [](const Setting&, const Budget&) {
    pipeline::Needs n;
    n.transfer.distributions = true;
    return n;
  };
  return r;
}

}  // namespace wasmsize::rules
