#include "rules/all_rules.h"

namespace wasmsize::rules {

// What the wheel unpacks to in the browser's in-memory file system.
Rule artifact_max_uncompressed_size() {
  return artifact_size_rule("artifact.max-uncompressed-size",
                            "Total uncompressed size of every entry of each archive.",
                            [](const model::ArtifactReport& a) { return a.uncompressed_size; });
}

}  // namespace wasmsize::rules
