#include "rules/all_rules.h"

namespace wasmsize::rules {

// The closure's files as they are on disk (and on a server without
// compression).
Rule closure_max_download_size() {
  return closure_rule("closure.max-download-size", LimitKind::kSize,
                      "Bytes on disk of the files a package's load closure fetches.", "bytes",
                      [](const model::Closure& c) { return c.download_size; });
}

}  // namespace wasmsize::rules
