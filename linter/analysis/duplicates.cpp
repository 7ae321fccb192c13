#include "analysis/duplicates.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>
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

// How many distinct values `v` holds (it is sorted in place).
size_t distinct(std::vector<uint32_t>& v) {
  std::sort(v.begin(), v.end());
  return static_cast<size_t>(std::unique(v.begin(), v.end()) - v.begin());
}

// One cluster from its copies (sorted by place) and the level's totals.
// Copies of one module are adjacent, and so are one artifact's modules, so
// counting them needs no map; distributions are counted apart.
model::DuplicateCluster make_cluster(const model::Run& run, const std::vector<uint32_t>& groups,
                                     std::span<const Entry> copies, model::DuplicateLevel& level) {
  model::DuplicateCluster c;
  c.size = UINT64_MAX;
  c.copies.reserve(copies.size());
  size_t modules = 0, artifacts = 0;
  std::vector<uint32_t> installs;
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
    if (new_artifact) installs.push_back(groups[r.artifact]);
  }
  // Each copy beyond the first in its module, its artifact and the run; of
  // the artifacts, those of one distribution are alternatives.
  const size_t distributions = distinct(installs);
  c.alternatives = (artifacts - distributions) * c.size;
  c.wasted = (copies.size() - 1) * c.size - c.alternatives;
  level.within_module += (copies.size() - modules) * c.size;
  level.cross_module += (modules - artifacts) * c.size;
  level.cross_artifact += (distributions - 1) * c.size;
  level.alternatives += c.alternatives;
  level.wasted += c.wasted;
  return c;
}

// Modules whose file repeats an earlier module's, at [artifact][module].
using Extras = std::vector<std::vector<bool>>;

// Byte-identical module files, by the digest of their content; every copy
// after the first is an extra, whose functions are not clustered again.
model::DuplicateFiles find_files(const model::Run& run, const std::vector<uint32_t>& groups,
                                 Extras& extra) {
  struct File {
    model::Digest content;
    uint32_t artifact, module;
  };
  std::vector<File> files;
  extra.assign(run.artifacts.size(), {});
  for (uint32_t a = 0; a < run.artifacts.size(); ++a) {
    const auto& modules = run.artifacts[a].modules;
    extra[a].assign(modules.size(), false);
    for (uint32_t m = 0; m < modules.size(); ++m) {
      if (modules[m].content != model::Digest{} && modules[m].size > 0)
        files.push_back({modules[m].content, a, m});
    }
  }
  std::sort(files.begin(), files.end(), [](const File& x, const File& y) {
    return std::tie(x.content, x.artifact, x.module) < std::tie(y.content, y.artifact, y.module);
  });
  model::DuplicateFiles out;
  for (size_t i = 0, j; i < files.size(); i = j) {
    for (j = i + 1; j < files.size() && files[j].content == files[i].content; ++j) {
    }
    if (j - i < 2) continue;
    model::DuplicateFile f;
    std::vector<uint32_t> arts, installs;
    for (size_t k = i; k < j; ++k) {
      const auto& art = run.artifacts[files[k].artifact];
      const auto& mod = art.modules[files[k].module];
      f.size = mod.size;
      f.copies.push_back({.artifact = art.path, .module = mod.name, .path = mod.path});
      arts.push_back(files[k].artifact);
      installs.push_back(groups[files[k].artifact]);
      if (k > i) extra[files[k].artifact][files[k].module] = true;
    }
    const size_t artifacts = distinct(arts), distributions = distinct(installs);
    f.alternatives = (artifacts - distributions) * f.size;
    f.wasted = (j - i - 1) * f.size - f.alternatives;
    out.within_artifact += (j - i - artifacts) * f.size;
    out.cross_artifact += (distributions - 1) * f.size;
    out.alternatives += f.alternatives;
    out.wasted += f.wasted;
    out.clusters.push_back(std::move(f));
  }
  std::stable_sort(out.clusters.begin(), out.clusters.end(),
                   [](const auto& x, const auto& y) { return x.wasted > y.wasted; });
  return out;
}

model::DuplicateLevel cluster(const model::Run& run, const std::vector<uint32_t>& groups,
                              const Extras& extra, uint64_t min_size, model::Levels pick) {
  model::DuplicateLevel level;
  // Sorted by digest, then by place: each cluster is a run of equal digests,
  // its copies in the order of the inputs. No allocation per function.
  std::vector<Entry> entries;
  for (uint32_t a = 0; a < run.artifacts.size(); ++a) {
    const auto& art = run.artifacts[a];
    for (uint32_t m = 0; m < art.modules.size(); ++m) {
      if (extra[a][m]) continue;  // a file already counted whole
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
      level.clusters.push_back(
          make_cluster(run, groups, std::span(entries).subspan(i, j - i), level));
    }
  }
  std::sort(level.clusters.begin(), level.clusters.end(), [](const auto& x, const auto& y) {
    if (x.wasted != y.wasted) return x.wasted > y.wasted;
    if (x.alternatives != y.alternatives) return x.alternatives > y.alternatives;
    const auto& a = x.copies.front();
    const auto& b = y.copies.front();
    return std::tie(a.artifact, a.module, a.function) < std::tie(b.artifact, b.module, b.function);
  });
  return level;
}

}  // namespace

std::vector<uint32_t> alternative_groups(const model::Run& run) {
  std::map<std::string_view, uint32_t> by_distribution;
  std::vector<uint32_t> groups;
  uint32_t next = 0;
  for (const auto& a : run.artifacts) {
    // Without a distribution (a loose module), an artifact is its own group.
    const auto [it, added] = by_distribution.try_emplace(a.distribution, next);
    groups.push_back(a.distribution.empty() || added ? next++ : it->second);
  }
  return groups;
}

model::DuplicateReport find_duplicates(const model::Run& run, uint64_t min_size,
                                       model::Levels levels) {
  model::DuplicateReport r;
  r.min_size = min_size;
  const std::vector<uint32_t> groups = alternative_groups(run);
  Extras extra;
  r.files = find_files(run, groups, extra);
  for (uint32_t a = 0; a < run.artifacts.size(); ++a) {
    for (uint32_t m = 0; m < run.artifacts[a].modules.size(); ++m) {
      if (extra[a][m]) continue;
      for (const auto& p : run.artifacts[a].modules[m].prints)
        r.code_bytes += p.size >= min_size ? p.size : 0;
    }
  }
  for (const auto& [bit, name] : model::kLevelNames) {
    if (levels & bit) r.slot(bit) = cluster(run, groups, extra, min_size, bit);
  }
  return r;
}

void mark_duplicated(model::Run& run, const model::DuplicateLevel& mergeable,
                     const model::DuplicateFiles& files) {
  std::map<std::pair<std::string_view, std::string_view>, uint64_t> bytes;
  for (const auto& c : mergeable.clusters) {
    for (const auto& copy : c.copies)
      bytes[{copy.artifact, copy.module}] += copy.size;
  }
  // An extra copy of a whole file: every function has its twin there.
  std::set<std::pair<std::string_view, std::string_view>> extras;
  for (const auto& f : files.clusters) {
    for (size_t k = 1; k < f.copies.size(); ++k)
      extras.insert({f.copies[k].artifact, f.copies[k].module});
  }
  for (auto& a : run.artifacts) {
    for (auto& m : a.modules) {
      // No prints: nothing was fingerprinted here (a saved report keeps the
      // figure it was saved with), or there is no function to duplicate.
      if (m.prints.empty()) continue;
      if (extras.count({a.path, m.name})) {
        m.duplicated_size = 0;
        for (const auto& p : m.prints)
          m.duplicated_size += p.size;
        continue;
      }
      const auto it = bytes.find({a.path, m.name});
      m.duplicated_size = it == bytes.end() ? 0 : it->second;
    }
  }
}

}  // namespace wasmsize::analysis
