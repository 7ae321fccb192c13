#include "analysis/cluster_advice.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "analysis/duplicates.h"
#include "analysis/symbols.h"

namespace wasmsize::analysis {

namespace {

bool starts_with_any(std::string_view s, std::initializer_list<std::string_view> prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](std::string_view p) { return s.substr(0, p.size()) == p; });
}

// Helpers Emscripten's main module exports to every side module.
bool runtime_name(std::string_view n) {
  static const std::set<std::string_view> kLibc = {
      "memcpy", "memmove", "memset",  "memcmp",   "strlen", "strcmp", "strncmp", "strchr",
      "strcpy", "strncpy", "strdup",  "malloc",   "free",   "calloc", "realloc", "abort",
      "printf", "fprintf", "sprintf", "snprintf", "qsort",  "bsearch"};
  if (kLibc.count(n)) return true;
  // compiler-rt: __multi3, __ashlti3, __divti3, __fixdfti, ...
  return n.size() > 2 && n.substr(0, 2) == "__" && n.find("pyx") == std::string_view::npos &&
         n.find("Pyx") == std::string_view::npos && n.size() < 16 &&
         std::all_of(n.begin() + 2, n.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

bool cython_name(std::string_view n) {
  return starts_with_any(n, {"__pyx_", "__Pyx", "__pyx"});
}

// A name for the copies: the first named one, readable, and short enough
// for a sentence (C++ template names run to kilobytes).
std::string example_name(const model::DuplicateCluster& c) {
  constexpr size_t kMax = 60;
  for (const auto& copy : c.copies) {
    if (copy.name.empty()) continue;
    std::string n = stable_symbol(copy.name);
    if (n.size() > kMax) {
      // Cut between characters, never inside one (a UTF-8 continuation
      // byte is 10xxxxxx).
      size_t cut = kMax - 3;
      while (cut > 0 && (static_cast<unsigned char>(n[cut]) & 0xC0) == 0x80)
        --cut;
      n = n.substr(0, cut) + "...";
    }
    return n;
  }
  return {};
}

std::string fix_for(ClusterKind k, const model::DuplicateCluster& c) {
  switch (k) {
    case ClusterKind::kCython:
      return "Cython utility code in every module: build with Cython >= 3.1 and one shared "
             "utility module per package (cython --generate-shared=_cyutility.c once, "
             "--shared=pkg._cyutility for each module, as scipy and scikit-learn did)";
    case ClusterKind::kLibrary:
      return fmt::format(
          "a library compiled into each module ({}): link it once as a shared library named "
          "in each module's dylink.0 'needed' (in Pyodide, a shared-library package)",
          example_name(c));
    case ClusterKind::kRuntime:
      return fmt::format(
          "a runtime helper ({}) the main module already exports: let the side "
          "module import it (-sSIDE_MODULE=2 with an export list drops the copy)",
          example_name(c));
    case ClusterKind::kGeneric:
      return fmt::format(
          "template or generic instances ({}): within one module, wasm-opt "
          "--merge-similar-functions folds them; else move the part that does not depend "
          "on the type parameters out of the template",
          example_name(c));
    case ClusterKind::kOther:
      break;
  }
  return "the same code in several places: within one module, merge the duplicate data and run "
         "wasm-opt --duplicate-function-elimination; across modules, move it into one shared "
         "library or merge the modules";
}

}  // namespace

ClusterKind ClusterAdvisor::kind_of(const model::DuplicateCluster& c) const {
  bool all_cython = true, any_named = false, any_cython_name = false, any_generic = false,
       any_runtime = false;
  for (const auto& copy : c.copies) {
    all_cython = all_cython && cython_modules_.count({copy.artifact, copy.module});
    if (copy.name.empty()) continue;
    any_named = true;
    any_cython_name = any_cython_name || cython_name(copy.name);
    any_runtime = any_runtime || runtime_name(copy.name);
    const std::string readable = stable_symbol(copy.name);
    any_generic = any_generic || readable.find('<') != std::string::npos ||
                  copy.name.find("$LT$") != std::string_view::npos;
  }
  if (any_cython_name || (all_cython && !any_named)) return ClusterKind::kCython;
  if (any_runtime && c.size < 512) return ClusterKind::kRuntime;
  if (any_generic) return ClusterKind::kGeneric;
  if (any_named) return ClusterKind::kLibrary;
  return ClusterKind::kOther;
}

ClusterAdvisor::ClusterAdvisor(const model::Run& run) {
  const std::vector<uint32_t> groups = alternative_groups(run);
  for (size_t i = 0; i < run.artifacts.size(); ++i) {
    const auto& a = run.artifacts[i];
    group_of_[a.path] = groups[i];
    for (const auto& m : a.modules) {
      if (m.cython) cython_modules_.insert({a.path, m.name});
    }
  }
}

ClusterAdvice ClusterAdvisor::advise(const model::DuplicateCluster& c) const {
  ClusterAdvice a;
  a.kind = kind_of(c);
  static constexpr std::string_view kNames[] = {"cython", "library", "runtime", "generic", "other"};
  a.kind_name = kNames[static_cast<int>(a.kind)];
  a.fix = fix_for(a.kind, c);
  // Copies per artifact (they come sorted by place), and distributions.
  std::set<uint32_t> distributions;
  for (size_t i = 0; i < c.copies.size();) {
    size_t j = i;
    while (j < c.copies.size() && c.copies[j].artifact == c.copies[i].artifact)
      ++j;
    if (j - i > 1) a.per_artifact.push_back({c.copies[i].artifact, (j - i - 1) * c.size});
    const auto g = group_of_.find(c.copies[i].artifact);
    distributions.insert(g == group_of_.end() ? UINT32_MAX : g->second);
    i = j;
  }
  if (a.kind != ClusterKind::kCython && distributions.size() > 1)
    a.across_artifacts = (distributions.size() - 1) * c.size;
  return a;
}

}  // namespace wasmsize::analysis
