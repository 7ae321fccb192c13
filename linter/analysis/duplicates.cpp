#include "analysis/duplicates.h"

#include <algorithm>
#include <array>
#include <map>
#include <span>
#include <tuple>

namespace wasmsize::analysis {

namespace {

struct Ref {
  uint32_t artifact, module, print;
  bool operator<(const Ref& o) const {
    return std::tie(artifact, module, print) < std::tie(o.artifact, o.module, o.print);
  }
};

// What a level compares: the digests that must all be equal, so that a
// level nests inside the coarser ones by construction (exact = bytes and
// meaning and shape; mergeable = meaning and shape), not by the hope that
// equal meaning implies equal shape.
using Key = std::array<model::Digest, 3>;
Key key_of(const model::FunctionPrint& p, model::Levels level) {
  switch (level) {
    case model::kExact:
      return {p.shape, p.mergeable, p.bytes};
    case model::kMergeable:
      return {p.shape, p.mergeable, {}};
    case model::kShape:
      return {p.shape, {}, {}};
    default:
      return {p.bytes, {}, {}};
  }
}

struct Entry {
  Key digest;
  Ref ref;
};

// One cluster from its copies (sorted by place) and the level's totals.
// Copies of one module are adjacent, and so are one artifact's modules, so
// counting needs no map.
model::DuplicateCluster make_cluster(const model::Run& run, std::span<const Entry> copies,
                                     model::DuplicateLevel& level) {
  model::DuplicateCluster c;
  c.size = UINT64_MAX;
  c.copies.reserve(copies.size());
  size_t modules = 0, artifacts = 0;
  for (size_t i = 0; i < copies.size(); ++i) {
    const Ref& r = copies[i].ref;
    const auto& art = run.artifacts[r.artifact];
    const auto& mod = art.modules[r.module];
    const auto& fp = mod.prints[r.print];
    c.copies.push_back({.artifact = art.path,
                        .module = mod.name,
                        .name = mod.names[fp.index],
                        .function = fp.index,
                        .size = fp.size});
    c.size = std::min<uint64_t>(c.size, fp.size);
    const bool new_artifact = i == 0 || copies[i - 1].ref.artifact != r.artifact;
    artifacts += new_artifact;
    modules += new_artifact || copies[i - 1].ref.module != r.module;
  }
  // Each copy beyond the first in its module, its artifact and the run.
  c.wasted = (copies.size() - 1) * c.size;
  level.within_module += (copies.size() - modules) * c.size;
  level.cross_module += (modules - artifacts) * c.size;
  level.cross_artifact += (artifacts - 1) * c.size;
  level.wasted += c.wasted;
  return c;
}

model::DuplicateLevel cluster(const model::Run& run, uint64_t min_size, model::Levels pick) {
  model::DuplicateLevel level;
  // Sorted by digest, then by place: each cluster is a run of equal digests,
  // its copies in the order of the inputs. No allocation per function.
  std::vector<Entry> entries;
  for (uint32_t a = 0; a < run.artifacts.size(); ++a) {
    const auto& art = run.artifacts[a];
    for (uint32_t m = 0; m < art.modules.size(); ++m) {
      const auto& prints = art.modules[m].prints;
      for (uint32_t p = 0; p < prints.size(); ++p) {
        if (prints[p].size < min_size) continue;
        level.code_bytes += prints[p].size;
        entries.push_back({key_of(prints[p], pick), {a, m, p}});
      }
    }
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& x, const Entry& y) {
    return std::tie(x.digest, x.ref) < std::tie(y.digest, y.ref);
  });
  for (size_t i = 0, j; i < entries.size(); i = j) {
    for (j = i + 1; j < entries.size() && entries[j].digest == entries[i].digest; ++j) {
    }
    if (j - i > 1) {
      level.clusters.push_back(make_cluster(run, std::span(entries).subspan(i, j - i), level));
    }
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
  for (const auto& a : run.artifacts) {
    for (const auto& m : a.modules) {
      for (const auto& p : m.prints)
        r.code_bytes += p.size >= min_size ? p.size : 0;
    }
  }
  for (const auto& [bit, name] : model::kLevelNames) {
    if (levels & bit) r.slot(bit) = cluster(run, min_size, bit);
  }
  return r;
}

void mark_duplicated(model::Run& run, const model::DuplicateLevel& mergeable) {
  std::map<std::pair<std::string_view, std::string_view>, uint64_t> bytes;
  for (const auto& c : mergeable.clusters) {
    for (const auto& copy : c.copies)
      bytes[{copy.artifact, copy.module}] += copy.size;
  }
  for (auto& a : run.artifacts) {
    for (auto& m : a.modules) {
      // No prints: nothing was fingerprinted here (a saved report keeps the
      // figure it was saved with), or there is no function to duplicate.
      if (m.prints.empty()) continue;
      const auto it = bytes.find({a.path, m.name});
      m.duplicated_size = it == bytes.end() ? 0 : it->second;
    }
  }
}

}  // namespace wasmsize::analysis
