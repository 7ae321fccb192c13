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

// Breadth first over `depends`; each package once, so cycles end.
std::vector<std::string> reach(const model::Distribution& d, std::span<const std::string> roots,
                               std::vector<std::string>& unknown) {
  // By the lock's own names: `depends` may spell one another way.
  std::set<std::string> seen, unknown_seen;
  std::deque<std::string> queue(roots.begin(), roots.end());
  while (!queue.empty()) {
    const std::string name = std::move(queue.front());
    queue.pop_front();
    const model::LockPackage* p = d.find(name);
    if (!p) {
      if (unknown_seen.insert(model::canonical_package_name(name)).second) unknown.push_back(name);
      continue;
    }
    if (!seen.insert(p->name).second) continue;
    for (const auto& dep : p->depends)
      queue.push_back(dep);
  }
  std::vector<std::string> out(seen.begin(), seen.end());
  out.insert(out.end(), unknown.begin(), unknown.end());
  std::sort(out.begin(), out.end());
  return out;
}

void add_module(model::Closure& c, const model::ModuleReport& m) {
  ++c.modules;
  c.wasm_size = base::saturating_add(c.wasm_size, m.size);
  if (m.size > c.largest_module.size) c.largest_module = {.name = m.name, .size = m.size};
  c.modules_over_8mib += m.size > kSyncCompileLimit;
}

}  // namespace

bool is_shared_library(const model::ModuleReport& m) {
  return std::none_of(m.exports.begin(), m.exports.end(),
                      [](const auto& e) { return e.name.rfind("PyInit_", 0) == 0; });
}

std::vector<model::Closure> package_closures(const model::Distribution& d, const model::Run& run) {
  std::vector<model::Closure> out;
  out.reserve(d.packages.size());
  for (const auto& p : d.packages)
    out.push_back(closure_of(d, run, std::span(&p.name, 1)));
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
  model::Closure c;
  std::vector<std::string> unknown;
  c.packages = reach(d, roots, unknown);
  const std::vector<std::string> tags = d.abi_tags();
  const std::set<std::string> abi(tags.begin(), tags.end());
  bool measured = true, potential_measured = true;
  uint64_t served = 0, potential = 0;
  // base name -> content -> the wheels holding it, and its size.
  std::map<std::string, std::map<std::string, std::pair<std::set<std::string>, uint64_t>>> by_name;
  std::set<std::string> libraries;
  std::set<std::string_view> weighed;  // files: one named by several packages weighs once
  for (const auto& name : c.packages) {
    const model::LockPackage* p = d.find(name);
    if (!p) continue;
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
