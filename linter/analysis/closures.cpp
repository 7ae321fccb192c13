#include "analysis/closures.h"

#include "base/units.h"

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <map>
#include <set>

namespace wasmsize::analysis {

namespace {

constexpr uint64_t kSyncCompileLimit = uint64_t{8} << 20;  // Chrome's main-thread limit

std::string base_name(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

// The lock's dependency graph by package index, resolved once: each
// `depends` name looked up by its canonical name, edges deduplicated, and
// names the lock does not know kept (as first spelled) for `missing`.
struct Graph {
  std::vector<std::vector<uint32_t>> edges;
  std::vector<std::vector<std::string>> unknown;
};

Graph graph_of(const model::Distribution& d) {
  Graph g{.edges = std::vector<std::vector<uint32_t>>(d.packages.size()),
          .unknown = std::vector<std::vector<std::string>>(d.packages.size())};
  for (size_t i = 0; i < d.packages.size(); ++i) {
    std::set<std::string> unknown_seen;
    for (const auto& dep : d.packages[i].depends) {
      if (const model::LockPackage* p = d.find(dep)) {
        g.edges[i].push_back(static_cast<uint32_t>(p - d.packages.data()));
      } else if (unknown_seen.insert(model::canonical_package_name(dep)).second) {
        g.unknown[i].push_back(dep);
      }
    }
    std::sort(g.edges[i].begin(), g.edges[i].end());
    g.edges[i].erase(std::unique(g.edges[i].begin(), g.edges[i].end()), g.edges[i].end());
  }
  return g;
}

// Packages reached from `roots` (indices, sorted) and the unknown names
// among their depends; each package once, so cycles end.
std::vector<uint32_t> reach(const Graph& g, const std::vector<uint32_t>& roots) {
  std::vector<bool> seen(g.edges.size());
  std::vector<uint32_t> out;
  for (uint32_t r : roots) {
    if (!seen[r]) seen[r] = true, out.push_back(r);
  }
  for (size_t k = 0; k < out.size(); ++k) {
    for (uint32_t next : g.edges[out[k]]) {
      if (!seen[next]) seen[next] = true, out.push_back(next);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The unknown names the packages `reached` depend on, one per canonical name.
std::vector<std::string> unknown_of(const Graph& g, const std::vector<uint32_t>& reached,
                                    std::vector<std::string> more = {}) {
  std::set<std::string> seen;
  std::vector<std::string> out;
  for (auto& name : more) {
    if (seen.insert(model::canonical_package_name(name)).second) out.push_back(std::move(name));
  }
  for (uint32_t i : reached) {
    for (const auto& name : g.unknown[i])
      if (seen.insert(model::canonical_package_name(name)).second) out.push_back(name);
  }
  return out;
}

// Every package's reach at once: strongly connected components (iterative
// Tarjan), then each component's reach as a bitset, unioned over the
// condensed graph in reverse topological order. A lock whose packages all
// reach one another costs one component, not n breadth-first walks over
// n^2 edges (a 1,000-package lock took minutes that way).
std::vector<std::vector<uint32_t>> reach_all(const Graph& g) {
  const size_t n = g.edges.size();
  constexpr uint32_t kNone = UINT32_MAX;
  std::vector<uint32_t> index(n, kNone), low(n), component(n, kNone), stack;
  std::vector<bool> on_stack(n);
  uint32_t next_index = 0, components = 0;
  std::vector<std::pair<uint32_t, size_t>> calls;  // node, next edge
  for (uint32_t root = 0; root < n; ++root) {
    if (index[root] != kNone) continue;
    calls.push_back({root, 0});
    while (!calls.empty()) {
      auto& [v, e] = calls.back();
      if (e == 0 && index[v] == kNone) {
        index[v] = low[v] = next_index++;
        stack.push_back(v);
        on_stack[v] = true;
      }
      if (e < g.edges[v].size()) {
        const uint32_t w = g.edges[v][e++];
        if (index[w] == kNone) {
          calls.push_back({w, 0});
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      if (low[v] == index[v]) {
        for (uint32_t w = kNone; w != v;) {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          component[w] = components;
        }
        ++components;
      }
      const uint32_t done = v;
      calls.pop_back();
      if (!calls.empty()) low[calls.back().first] = std::min(low[calls.back().first], low[done]);
    }
  }
  // Tarjan numbers components in reverse topological order: a component's
  // successors have smaller numbers, so one pass upward sees them first.
  const size_t words = (n + 63) / 64;
  std::vector<std::vector<uint64_t>> bits(components, std::vector<uint64_t>(words));
  std::vector<std::vector<uint32_t>> members(components);
  for (uint32_t v = 0; v < n; ++v)
    members[component[v]].push_back(v);
  for (uint32_t c = 0; c < components; ++c) {
    auto& mine = bits[c];
    for (uint32_t v : members[c]) {
      mine[v / 64] |= uint64_t{1} << (v % 64);
      for (uint32_t w : g.edges[v]) {
        if (component[w] == c) continue;
        const auto& theirs = bits[component[w]];
        for (size_t k = 0; k < words; ++k)
          mine[k] |= theirs[k];
      }
    }
  }
  std::vector<std::vector<uint32_t>> out(n);
  for (uint32_t v = 0; v < n; ++v) {
    const auto& b = bits[component[v]];
    for (size_t k = 0; k < words; ++k) {
      for (uint64_t w = b[k]; w != 0; w &= w - 1)
        out[v].push_back(static_cast<uint32_t>(k * 64 + static_cast<unsigned>(__builtin_ctzll(w))));
    }
  }
  return out;
}

void add_module(model::Closure& c, const model::ModuleReport& m) {
  ++c.modules;
  c.wasm_size = base::saturating_add(c.wasm_size, m.size);
  if (m.size > c.largest_module.size) c.largest_module = {.name = m.name, .size = m.size};
  c.modules_over_8mib += m.size > kSyncCompileLimit;
}

}  // namespace

// The figures of the closure of the packages `reached` (indices), with the
// names the lock does not know.
model::Closure closure_from(const model::Distribution& d, const model::Run& run,
                            const std::vector<uint32_t>& reached, std::vector<std::string> unknown);

bool is_shared_library(const model::ModuleReport& m) {
  return std::none_of(m.exports.begin(), m.exports.end(),
                      [](const auto& e) { return e.name.rfind("PyInit_", 0) == 0; });
}

std::vector<model::Closure> package_closures(const model::Distribution& d, const model::Run& run) {
  const Graph g = graph_of(d);
  const auto reached = reach_all(g);
  std::vector<model::Closure> out;
  out.reserve(d.packages.size());
  for (size_t i = 0; i < d.packages.size(); ++i)
    out.push_back(closure_from(d, run, reached[i], unknown_of(g, reached[i])));
  return out;
}

std::vector<model::DistributionClosures> distribution_closures(
    const model::Run& run, const std::vector<std::string>& selection) {
  std::vector<model::DistributionClosures> out;
  for (const auto& d : run.distributions) {
    model::DistributionClosures dc{.distribution = &d, .packages = package_closures(d, run)};
    if (!selection.empty()) {
      dc.selection_roots = selection;
      dc.selection = closure_of(d, run, selection);
    }
    out.push_back(std::move(dc));
  }
  return out;
}

model::Closure closure_of(const model::Distribution& d, const model::Run& run,
                          std::span<const std::string> roots) {
  const Graph g = graph_of(d);
  std::vector<uint32_t> known;
  std::vector<std::string> unknown;
  for (const auto& r : roots) {
    if (const model::LockPackage* p = d.find(r)) {
      known.push_back(static_cast<uint32_t>(p - d.packages.data()));
    } else {
      unknown.push_back(r);
    }
  }
  const auto reached = reach(g, known);
  return closure_from(d, run, reached, unknown_of(g, reached, std::move(unknown)));
}

model::Closure closure_from(const model::Distribution& d, const model::Run& run,
                            const std::vector<uint32_t>& reached,
                            std::vector<std::string> unknown) {
  model::Closure c;
  c.packages.reserve(reached.size() + unknown.size());
  for (uint32_t i : reached)
    c.packages.push_back(d.packages[i].name);
  c.packages.insert(c.packages.end(), unknown.begin(), unknown.end());
  std::sort(c.packages.begin(), c.packages.end());
  const std::vector<std::string> tags = d.abi_tags();
  const std::set<std::string> abi(tags.begin(), tags.end());
  bool measured = true, potential_measured = true;
  uint64_t served = 0, potential = 0;
  // base name -> content -> the wheels holding it, and its size.
  std::map<std::string, std::map<std::string, std::pair<std::set<std::string>, uint64_t>>> by_name;
  std::set<std::string> libraries;
  std::set<std::string_view> weighed;  // files: one named by several packages weighs once
  for (uint32_t i : reached) {
    const model::LockPackage* p = &d.packages[i];
    const std::string& name = p->name;
    if (!p->file_size) {
      c.missing.push_back(name);
      continue;
    }
    if (!weighed.insert(p->file).second) continue;
    c.download_size = base::saturating_add(c.download_size, *p->file_size);
    if (!p->artifact) {  // a file no source reads: it weighs its size
      served = base::saturating_add(served, *p->file_size);
      potential = base::saturating_add(potential, *p->file_size);
      continue;
    }
    const model::ArtifactReport& a = run.artifacts[*p->artifact];
    if (a.transfer) {
      served = base::saturating_add(served, a.transfer->brotli);
      potential = base::saturating_add(potential, a.transfer->brotli_potential.value_or(0));
      potential_measured = potential_measured && a.transfer->brotli_potential.has_value();
    } else {
      measured = false;
    }
    if (!abi.empty() && a.is_wheel() && !a.platform_tag.empty() && a.platform_tag != "any" &&
        !abi.count(a.platform_tag)) {
      c.abi_mismatches.push_back(name);
    }
    const std::string wheel = base_name(a.path);
    for (const auto& m : a.modules) {
      add_module(c, m);
      const std::string file = base_name(m.path.empty() ? a.path : m.path);
      auto& held = by_name[file][m.sha256.empty() ? wheel + "!" + m.path : m.sha256];
      held.first.insert(wheel);
      held.second = m.size;
      if (is_shared_library(m)) libraries.insert(file);
    }
  }
  for (const auto& [file, contents] : by_name) {
    std::set<std::string> wheels;
    for (const auto& [content, held] : contents) {
      if (held.first.size() > 1) {
        c.duplicate_libraries.push_back(
            {.name = file, .size = held.second, .wheels = {held.first.begin(), held.first.end()}});
      }
      wheels.insert(held.first.begin(), held.first.end());
    }
    if (contents.size() > 1 && wheels.size() > 1 && libraries.count(file)) {
      c.name_collisions.push_back({.name = file, .wheels = {wheels.begin(), wheels.end()}});
    }
  }
  c.missing.insert(c.missing.end(), unknown.begin(), unknown.end());
  std::sort(c.missing.begin(), c.missing.end());
  if (measured) c.transfer_size = served;
  if (measured && potential_measured) c.transfer_size_potential = potential;
  return c;
}

std::vector<model::ClosureDiff> diff_closures(const model::Run& base, const model::Run& head) {
  std::vector<model::ClosureDiff> out;
  if (base.distributions.empty() || head.distributions.empty()) return out;
  const model::Distribution& b = base.distributions.front();
  const model::Distribution& h = head.distributions.front();
  const auto old_closures = package_closures(b, base);
  const auto new_closures = package_closures(h, head);
  std::map<std::string, std::pair<const model::Closure*, const model::Closure*>> by_name;
  for (size_t i = 0; i < b.packages.size(); ++i)
    by_name[b.packages[i].name].first = &old_closures[i];
  for (size_t i = 0; i < h.packages.size(); ++i)
    by_name[h.packages[i].name].second = &new_closures[i];
  using Status = model::ClosureDiff::Status;
  for (const auto& [name, pair] : by_name) {
    const auto& [o, n] = pair;
    const model::Closure empty;
    const model::Closure& a = o ? *o : empty;
    const model::Closure& z = n ? *n : empty;
    model::ClosureDiff d{
        .package = name,
        .status = !o   ? Status::kAdded
                  : !n ? Status::kRemoved
                       : Status::kChanged,
        .download = {"download", a.download_size, z.download_size},
        .transfer = {"transfer", a.transfer_size.value_or(0), z.transfer_size.value_or(0)},
        .modules = {"modules", a.modules, z.modules},
        .wasm = {"wasm", a.wasm_size, z.wasm_size},
        .old_complete = a.complete(),
        .new_complete = z.complete()};
    if (d.status == Status::kChanged && d.download.delta() == 0 && d.transfer.delta() == 0 &&
        d.modules.delta() == 0 && d.wasm.delta() == 0 && a.packages == z.packages) {
      d.status = Status::kUnchanged;
    }
    out.push_back(std::move(d));
  }
  auto weight = [](const model::ClosureDiff& d) {
    const int64_t t = d.transfer.delta();
    return std::abs(t != 0 ? t : d.download.delta());
  };
  std::stable_sort(out.begin(), out.end(),
                   [&](const auto& x, const auto& y) { return weight(x) > weight(y); });
  return out;
}

}  // namespace wasmsize::analysis
