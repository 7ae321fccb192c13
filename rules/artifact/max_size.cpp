#include "rules/all_rules.h"

namespace wasmsize::rules {

// The download: a wheel's size on disk.
Rule artifact_max_size() {
  return artifact_size_rule("artifact.max-size", "Size on disk of each wheel, zip or loose module.",
                            [](const model::ArtifactReport& a) { return a.size; });
}

}  // namespace wasmsize::rules
