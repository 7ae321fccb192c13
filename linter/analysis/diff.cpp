#include "analysis/diff.h"

#include <algorithm>
#include <cstdlib>
#include <map>

#include "analysis/symbols.h"
#include "base/identity.h"

namespace wasmsize::analysis {

namespace {

using model::SizeChange;

void by_largest_change(std::vector<SizeChange>& v) {
  std::stable_sort(v.begin(), v.end(), [](const SizeChange& a, const SizeChange& b) {
    return std::llabs(a.delta()) > std::llabs(b.delta());
  });
}

// Old and new sizes of whatever `each` yields by name, changed ones only,
// largest change first.
template <typename Each>
std::vector<SizeChange> changes(const model::ModuleReport* a, const model::ModuleReport* b,
                                Each each) {
  std::map<std::string, SizeChange> m;
  auto add = [&](const model::ModuleReport* mod, bool is_new) {
    if (!mod) return;
    each(*mod, [&](const std::string& name, uint64_t size) {
      auto& c = m[name];
      c.name = name;
      (is_new ? c.new_size : c.old_size) += size;
    });
  };
  add(a, false);
  add(b, true);
  std::vector<SizeChange> out;
  for (auto& [name, c] : m) {
    if (c.delta() != 0) out.push_back(c);
  }
  by_largest_change(out);
  return out;
}

// Sections by kind, custom sections by name (several of one name add up).
std::vector<SizeChange> section_changes(const model::ModuleReport* a,
                                        const model::ModuleReport* b) {
  return changes(a, b, [](const model::ModuleReport& m, auto&& yield) {
    for (const auto& s : m.sections)
      yield(s.custom ? "custom \"" + s.name + "\"" : s.name, s.size);
  });
}

// Functions are matched by name (name section or export), demangled and
// without Rust's per-build hash; unnamed ones cannot be matched across builds.
std::vector<SizeChange> function_changes(const model::ModuleReport* a,
                                         const model::ModuleReport* b) {
  auto out = changes(a, b, [](const model::ModuleReport& m, auto&& yield) {
    for (const auto& f : m.functions) {
      if (!f.name.empty()) yield(stable_symbol(f.name), f.size);
    }
  });
  if (out.size() > 10) out.resize(10);
  return out;
}

// `a_partial`/`b_partial`: that side is a saved report that does not list
// every module, so a module missing there is unknown rather than absent.
model::ModuleDiff module_diff(const model::ModuleReport* a, const model::ModuleReport* b,
                              bool a_partial, bool b_partial) {
  model::ModuleDiff d;
  d.name = b ? b->name : a->name;
  auto pick = [&](uint64_t model::ModuleReport::*field) {
    return SizeChange{"", a ? a->*field : 0, b ? b->*field : 0};
  };
  d.size = pick(&model::ModuleReport::size);
  d.compressed = pick(&model::ModuleReport::compressed_size);
  d.code = pick(&model::ModuleReport::code_size);
  d.data = pick(&model::ModuleReport::data_size);
  using S = model::ModuleDiff::Status;
  d.status = !a                    ? (a_partial ? S::kUnlisted : S::kAdded)
             : !b                  ? (b_partial ? S::kUnlisted : S::kRemoved)
             : d.size.delta() == 0 ? S::kUnchanged
                                   : S::kChanged;
  if (d.status == S::kChanged) {
    d.sections = section_changes(a, b);
    d.functions = function_changes(a, b);
  }
  return d;
}

}  // namespace

model::DiffReport diff_runs(const model::Run& base, const model::Run& head) {
  struct Pair {
    const model::ArtifactReport* old_a = nullptr;
    const model::ArtifactReport* new_a = nullptr;
  };
  // Keys unique within each run: two artifacts are never merged into one.
  std::map<std::string, Pair> artifacts;
  const auto base_keys = base::artifact_keys(base), head_keys = base::artifact_keys(head);
  for (size_t i = 0; i < base.artifacts.size(); ++i)
    artifacts[base_keys[i]].old_a = &base.artifacts[i];
  for (size_t i = 0; i < head.artifacts.size(); ++i)
    artifacts[head_keys[i]].new_a = &head.artifacts[i];

  model::DiffReport report;
  for (const auto& [key, p] : artifacts) {
    model::ArtifactDiff d;
    d.key = key;
    d.old_path = p.old_a ? p.old_a->path : "";
    d.new_path = p.new_a ? p.new_a->path : "";
    d.size = {key, p.old_a ? p.old_a->size : 0, p.new_a ? p.new_a->size : 0};
    std::map<std::string, std::pair<const model::ModuleReport*, const model::ModuleReport*>> mods;
    if (p.old_a) {
      const auto keys = base::module_keys(*p.old_a);
      for (size_t i = 0; i < keys.size(); ++i)
        mods[keys[i]].first = &p.old_a->modules[i];
    }
    if (p.new_a) {
      const auto keys = base::module_keys(*p.new_a);
      for (size_t i = 0; i < keys.size(); ++i)
        mods[keys[i]].second = &p.new_a->modules[i];
    }
    const bool old_partial = p.old_a && p.old_a->unlisted_modules > 0;
    const bool new_partial = p.new_a && p.new_a->unlisted_modules > 0;
    for (const auto& [key, pair] : mods) {
      d.modules.push_back(module_diff(pair.first, pair.second, old_partial, new_partial));
      // Two modules of one name: the key (name|path) tells them apart.
      if (key.find('|') != std::string::npos) d.modules.back().name = key;
    }
    std::stable_sort(d.modules.begin(), d.modules.end(), [](const auto& x, const auto& y) {
      return std::llabs(x.size.delta()) > std::llabs(y.size.delta());
    });
    report.artifacts.push_back(std::move(d));
  }
  std::stable_sort(report.artifacts.begin(), report.artifacts.end(),
                   [](const auto& x, const auto& y) {
                     return std::llabs(x.size.delta()) > std::llabs(y.size.delta());
                   });
  return report;
}

}  // namespace wasmsize::analysis
