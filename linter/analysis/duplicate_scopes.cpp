// Splitting a level's clusters by the subject a duplicates.* rule judges.
#include <algorithm>
#include <map>

#include "analysis/duplicates.h"

namespace wasmsize::analysis {

std::vector<model::ScopedDuplicates> split_by_scope(const model::Run& run,
                                                    const model::DuplicateLevel& level,
                                                    std::string_view scope, uint64_t min_size) {
  using Key = std::pair<std::string, std::string>;
  std::map<Key, model::ScopedDuplicates> subjects;
  auto key_of = [&](std::string_view artifact, std::string_view module) {
    if (scope == "all") return Key{"", ""};
    return Key{std::string(artifact), scope == "module" ? std::string(module) : ""};
  };
  for (const auto& a : run.artifacts) {
    for (const auto& m : a.modules) {
      auto& s = subjects[key_of(a.path, m.name)];
      s.artifact = scope == "all" ? "" : a.path;
      s.module = scope == "module" ? m.name : "";
      for (const auto& p : m.prints)
        s.code += p.size >= min_size ? p.size : 0;
    }
  }
  for (const auto& c : level.clusters) {
    std::map<Key, size_t> copies;
    for (const auto& copy : c.copies)
      ++copies[key_of(copy.artifact, copy.module)];
    for (const auto& [key, n] : copies) {
      if (n < 2) continue;
      auto& s = subjects[key];
      s.clusters.push_back({&c, n});
      s.wasted += s.clusters.back().wasted();
    }
  }
  std::vector<model::ScopedDuplicates> out;
  out.reserve(subjects.size());
  for (auto& [key, s] : subjects) {
    std::stable_sort(s.clusters.begin(), s.clusters.end(),
                     [](const auto& x, const auto& y) { return x.wasted() > y.wasted(); });
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace wasmsize::analysis
