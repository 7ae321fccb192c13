#include "analysis/duplicates.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

namespace wasmsize::analysis {

namespace {

struct DigestHash {
  size_t operator()(const model::Digest& d) const {
    size_t h;
    std::copy_n(d.begin(), sizeof h, reinterpret_cast<uint8_t*>(&h));
    return h;
  }
};

struct Ref {
  uint32_t artifact, module, print;
};

using Pick = model::Digest model::FunctionPrint::*;

model::DuplicateLevel cluster(const model::Run& run, uint64_t min_size, Pick pick) {
  model::DuplicateLevel level;
  std::unordered_map<model::Digest, std::vector<Ref>, DigestHash> groups;
  for (uint32_t a = 0; a < run.artifacts.size(); ++a) {
    const auto& art = run.artifacts[a];
    for (uint32_t m = 0; m < art.modules.size(); ++m) {
      const auto& prints = art.modules[m].prints;
      for (uint32_t p = 0; p < prints.size(); ++p) {
        if (prints[p].size < min_size) continue;
        level.code_bytes += prints[p].size;
        groups[prints[p].*pick].push_back({a, m, p});
      }
    }
  }
  for (auto& [digest, refs] : groups) {
    if (refs.size() < 2) continue;
    std::sort(refs.begin(), refs.end(), [](const Ref& x, const Ref& y) {
      return std::tie(x.artifact, x.module, x.print) < std::tie(y.artifact, y.module, y.print);
    });
    model::DuplicateCluster c;
    c.size = UINT64_MAX;
    std::map<std::pair<uint32_t, uint32_t>, size_t> per_module;
    std::map<uint32_t, std::set<uint32_t>> modules_per_artifact;
    for (const Ref& r : refs) {
      const auto& mod = run.artifacts[r.artifact].modules[r.module];
      const auto& fp = mod.prints[r.print];
      const auto& info =
          mod.functions.size() > r.print ? mod.functions[r.print] : model::FunctionInfo{};
      c.copies.push_back({run.artifacts[r.artifact].path, mod.name, fp.index, info.name, fp.size});
      c.size = std::min<uint64_t>(c.size, fp.size);
      ++per_module[{r.artifact, r.module}];
      modules_per_artifact[r.artifact].insert(r.module);
    }
    c.wasted = (refs.size() - 1) * c.size;
    for (const auto& [key, n] : per_module)
      level.within_module += (n - 1) * c.size;
    for (const auto& [art, mods] : modules_per_artifact)
      level.cross_module += (mods.size() - 1) * c.size;
    level.cross_artifact += (modules_per_artifact.size() - 1) * c.size;
    level.wasted += c.wasted;
    level.clusters.push_back(std::move(c));
  }
  std::sort(level.clusters.begin(), level.clusters.end(), [](const auto& x, const auto& y) {
    if (x.wasted != y.wasted) return x.wasted > y.wasted;
    const auto& a = x.copies.front();
    const auto& b = y.copies.front();
    return std::tie(a.artifact, a.module, a.function) < std::tie(b.artifact, b.module, b.function);
  });
  return level;
}

}  // namespace

model::DuplicateReport find_duplicates(const model::Run& run, uint64_t min_size,
                                       model::Levels levels) {
  model::DuplicateReport r;
  r.min_size = min_size;
  const std::tuple<model::Levels, Pick, model::DuplicateLevel*> kLevels[] = {
      {model::kExact, &model::FunctionPrint::exact, &r.exact},
      {model::kMergeable, &model::FunctionPrint::mergeable, &r.mergeable},
      {model::kShape, &model::FunctionPrint::shape, &r.shape}};
  for (const auto& [bit, pick, out] : kLevels) {
    if (levels & bit) *out = cluster(run, min_size, pick);
  }
  return r;
}

void mark_duplicated(model::Run& run, const model::DuplicateReport& dups) {
  std::map<std::pair<std::string, std::string>, uint64_t> bytes;
  for (const auto& c : dups.mergeable.clusters) {
    for (const auto& copy : c.copies)
      bytes[{copy.artifact, copy.module}] += copy.size;
  }
  for (auto& a : run.artifacts) {
    for (auto& m : a.modules) {
      const auto it = bytes.find({a.path, m.name});
      m.duplicated_size = it == bytes.end() ? 0 : it->second;
    }
  }
}

}  // namespace wasmsize::analysis
