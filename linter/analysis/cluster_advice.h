// What to do about one cluster of duplicated functions: what kind of code it
// is, judged from the copies' names and modules, the fix that removes the
// copies, and the bytes that fix saves in each wheel.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"

namespace wasmsize::analysis {

enum class ClusterKind {
  kCython,   // Cython's utility code, compiled into every Cython module
  kLibrary,  // a C or C++ library compiled (vendored) into each module
  kRuntime,  // a small libc or compiler-rt helper the main module provides
  kGeneric,  // C++ template or Rust generic instances
  kOther,
};

struct ClusterAdvice {
  ClusterKind kind = ClusterKind::kOther;
  std::string_view kind_name;  // "cython", "library", "runtime", "generic", "other"
  std::string fix;             // one sentence
  // Bytes the fix saves inside each artifact: its copies beyond one.
  struct Saving {
    std::string_view artifact;
    uint64_t bytes = 0;
  };
  std::vector<Saving> per_artifact;  // artifacts with something to save, in input order
  // Bytes saved beyond those when the artifacts share one copy between them
  // (one shared-library package): a copy per further distribution.
  uint64_t across_artifacts = 0;
};

// Made once per Run (the one the clusters were made from: their copies view
// into it), then asked about any number of clusters, each in time linear in
// its copies.
class ClusterAdvisor {
 public:
  explicit ClusterAdvisor(const model::Run& run);
  ClusterAdvice advise(const model::DuplicateCluster& cluster) const;

 private:
  ClusterKind kind_of(const model::DuplicateCluster& c) const;
  std::set<std::pair<std::string_view, std::string_view>> cython_modules_;  // artifact, module
  std::map<std::string_view, uint32_t> group_of_;  // artifact -> alternatives group
};

}  // namespace wasmsize::analysis
