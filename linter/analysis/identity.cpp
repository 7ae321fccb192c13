#include "analysis/identity.h"

#include <filesystem>

namespace wasmsize::analysis {

std::string artifact_key(const model::ArtifactReport& a) {
  if (a.kind == model::ArtifactReport::Kind::kWheel && !a.distribution.empty())
    return a.distribution;
  return std::filesystem::path(a.path).filename().string();
}

std::string module_key(const model::ArtifactReport& a, const model::ModuleReport& m) {
  return artifact_key(a) + "|" + m.name;
}

}  // namespace wasmsize::analysis
