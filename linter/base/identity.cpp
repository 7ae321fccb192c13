#include "base/identity.h"

#include <fmt/format.h>

#include <filesystem>
#include <map>

namespace wasmsize::base {

std::string artifact_key(const model::ArtifactReport& a) {
  if (a.is_wheel() && !a.distribution.empty()) return a.distribution;
  return std::filesystem::path(a.path).filename().string();
}

namespace {

// Where each key stands more than once.
std::vector<bool> repeated(const std::vector<std::string>& keys) {
  std::map<std::string, size_t> count;
  for (const auto& k : keys)
    ++count[k];
  std::vector<bool> out;
  out.reserve(keys.size());
  for (const auto& k : keys)
    out.push_back(count[k] > 1);
  return out;
}

// A wheel's tags from its file name: what follows "-<version>-".
std::string wheel_tags(const model::ArtifactReport& a) {
  const std::string file = std::filesystem::path(a.path).filename().string();
  const std::string mark = "-" + a.version + "-";
  const size_t at = a.version.empty() ? std::string::npos : file.find(mark);
  return at == std::string::npos ? file : file.substr(at + mark.size());
}

}  // namespace

std::vector<std::string> artifact_keys(const model::Run& run) {
  std::vector<std::string> keys;
  keys.reserve(run.artifacts.size());
  for (const auto& a : run.artifacts)
    keys.push_back(artifact_key(a));
  const std::vector<bool> twice = repeated(keys);
  for (size_t i = 0; i < keys.size(); ++i) {
    if (!twice[i]) continue;
    const auto& a = run.artifacts[i];
    if (a.is_wheel()) {
      keys[i] += "|" + wheel_tags(a);
    } else if (a.kind == model::kLooseModule && a.modules.size() == 1) {
      keys[i] += "|" + a.modules[0].name;  // its path below the folder given
    } else {
      keys[i] += "|" + a.path;
    }
  }
  // Still twice (the same file given twice): the position tells them apart.
  const std::vector<bool> still = repeated(keys);
  for (size_t i = 0; i < keys.size(); ++i) {
    if (still[i]) keys[i] += "|#" + std::to_string(i);
  }
  return keys;
}

std::vector<std::string> module_keys(const model::ArtifactReport& a) {
  std::vector<std::string> keys;
  keys.reserve(a.modules.size());
  for (const auto& m : a.modules)
    keys.push_back(m.name);
  const std::vector<bool> twice = repeated(keys);
  for (size_t i = 0; i < keys.size(); ++i) {
    if (twice[i]) keys[i] += "|" + a.modules[i].path;
  }
  return keys;
}

std::string finding_key(std::string_view rule, const model::ArtifactReport& a,
                        std::string_view member) {
  return fmt::format("{}|{}|{}", rule, artifact_key(a), member);
}

}  // namespace wasmsize::base
