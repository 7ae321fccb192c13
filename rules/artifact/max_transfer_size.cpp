#include "rules/all_rules.h"

namespace wasmsize::rules {

// What a browser downloads for the wheel as the server sends it (brotli;
// `artifact: {transfer: gzip}` for gzip -9). A deflated wheel gains ~1 %.
Rule artifact_max_transfer_size() {
  Rule r{"artifact.max-transfer-size",
         LimitKind::kSize,
         "Brotli (or gzip) bytes of each wheel, zip or loose module as a server sends it.",
         {},
         {}};
  r.artifact = [](const model::ArtifactReport& a, const Setting& s) {
    return transfer_violation(transfer_figure(a.transfer, s), s);
  };
  r.needs = [](const Setting&, const Budget&) {
    pipeline::Needs n;
    n.transfer.artifacts = true;
    return n;
  };
  return r;
}

}  // namespace wasmsize::rules
