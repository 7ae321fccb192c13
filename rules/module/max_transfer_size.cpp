#include "rules/all_rules.h"

namespace wasmsize::rules {

// What a browser downloads for the module when it is served compressed
// (brotli; `module: {transfer: gzip}` for gzip -9).
Rule module_max_transfer_size() {
  Rule r{"module.max-transfer-size",
         LimitKind::kSize,
         "Brotli (or gzip) bytes of each module as a server sends it.",
         {},
         {}};
  r.module = [](const model::ModuleReport& m, const Setting& s) {
    return transfer_violation(transfer_figure(m.transfer, s), s);
  };
  r.needs = [](const Setting&, const Budget&) {
    pipeline::Needs n;
    n.transfer.modules = true;
    return n;
  };
  return r;
}

}  // namespace wasmsize::rules
