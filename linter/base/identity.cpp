#include "base/identity.h"

#include <fmt/format.h>

#include <filesystem>

namespace wasmsize::base {

std::string artifact_key(const model::ArtifactReport& a) {
  if (a.is_wheel() && !a.distribution.empty()) return a.distribution;
  return std::filesystem::path(a.path).filename().string();
}

std::string module_key(const model::ArtifactReport& a, const model::ModuleReport& m) {
  return artifact_key(a) + "|" + m.name;
}

std::string finding_key(std::string_view rule, const model::ArtifactReport& a,
                        std::string_view member) {
  return fmt::format("{}|{}|{}", rule, artifact_key(a), member);
}

}  // namespace wasmsize::base
