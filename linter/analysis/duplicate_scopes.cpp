// Splitting a level's clusters by the subject a duplicates.* rule judges.
#include <algorithm>
#include <map>
#include <set>

#include "analysis/duplicates.h"

namespace wasmsize::analysis {

namespace {

using SubjectKey = std::pair<std::string, std::string>;

using GroupOf = std::map<std::string_view, uint32_t>;  // artifact path -> alternatives group

// One cluster's copies per subject, counting alternatives of one
// distribution once.
struct ScopeCounter {
  const GroupOf& group_of;  // made once per split, not per cluster
  std::map<SubjectKey, std::vector<std::pair<std::string_view, std::string_view>>> places;

  void add(const SubjectKey& key, std::string_view artifact, std::string_view module) {
    places[key].emplace_back(artifact, module);
  }
  // Copies beyond which alternatives repeat: every copy, less, per group of
  // alternatives, the artifacts after its first.
  size_t effective(const std::vector<std::pair<std::string_view, std::string_view>>& at) const {
    std::set<std::string_view> artifacts;
    std::set<uint32_t> groups;
    for (const auto& [artifact, module] : at) {
      artifacts.insert(artifact);
      const auto it = group_of.find(artifact);
      groups.insert(it == group_of.end() ? UINT32_MAX : it->second);
    }
    return at.size() - (artifacts.size() - groups.size());
  }
};

}  // namespace

std::vector<model::ScopedDuplicates> split_by_scope(const model::Run& run,
                                                    const model::DuplicateLevel& level,
                                                    const model::DuplicateFiles& files,
                                                    std::string_view scope, uint64_t min_size) {
  std::map<SubjectKey, model::ScopedDuplicates> subjects;
  auto key_of = [&](std::string_view artifact, std::string_view module) {
    if (scope == "all") return SubjectKey{"", ""};
    return SubjectKey{std::string(artifact), scope == "module" ? std::string(module) : ""};
  };
  std::set<std::pair<std::string_view, std::string_view>> extras;  // extra copies of files
  for (const auto& f : files.clusters) {
    for (size_t k = 1; k < f.copies.size(); ++k)
      extras.insert({f.copies[k].artifact, f.copies[k].module});
  }
  GroupOf group_of;
  const std::vector<uint32_t> groups = alternative_groups(run);
  for (size_t i = 0; i < run.artifacts.size(); ++i) {
    const auto& a = run.artifacts[i];
    group_of[a.path] = groups[i];
    for (const auto& m : a.modules) {
      auto& s = subjects[key_of(a.path, m.name)];
      s.artifact = scope == "all" ? "" : a.path;
      s.module = scope == "module" ? m.name : "";
      if (extras.count({a.path, m.name})) continue;
      for (const auto& p : m.prints)
        s.code += p.size >= min_size ? p.size : 0;
    }
  }
  for (const auto& c : level.clusters) {
    ScopeCounter per{.group_of = group_of, .places = {}};
    for (const auto& copy : c.copies)
      per.add(key_of(copy.artifact, copy.module), copy.artifact, copy.module);
    for (const auto& [key, at] : per.places) {
      const size_t n = per.effective(at);
      if (n < 2) continue;
      auto& s = subjects[key];
      s.clusters.push_back({&c, n});
      s.wasted += s.clusters.back().wasted();
    }
  }
  // A file's extra copies: at module scope each extra module carries its
  // own size; wider, a subject carries its copies beyond the first.
  for (const auto& f : files.clusters) {
    ScopeCounter per{.group_of = group_of, .places = {}};
    for (const auto& copy : f.copies) {
      const SubjectKey key = scope == "module" ? SubjectKey{std::string(copy.artifact), ""}
                                               : key_of(copy.artifact, copy.module);
      per.add(key, copy.artifact, copy.module);
    }
    for (const auto& [key, at] : per.places) {
      const size_t n = per.effective(at);
      for (size_t k = 1; k < at.size() && k < n; ++k) {
        auto& s = subjects[scope == "module" ? key_of(at[k].first, at[k].second) : key];
        s.file_wasted += f.size;
        if (s.files.empty() || s.files.back() != &f) s.files.push_back(&f);
      }
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
