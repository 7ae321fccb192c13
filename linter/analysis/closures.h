// Load closures of a Pyodide distribution: what `pyodide.loadPackage(names)`
// fetches (every package the names reach through `depends`, cycles and
// all) and what that weighs: downloads, transfer, modules to compile, and
// what is shipped twice or collides (model::Closure).
#pragma once

#include <span>
#include <string>

#include "model/model.h"

namespace wasmsize::analysis {

// The closure of `roots` (package names; a name the lock does not know is
// in `packages` and `missing`). Its figures come from the artifacts of `run` the packages
// point at (LockPackage::artifact); work grows with the closure's modules.
model::Closure closure_of(const model::Distribution& d, const model::Run& run,
                          std::span<const std::string> roots);

// The closure of each package, in the distribution's order.
std::vector<model::Closure> package_closures(const model::Distribution& d, const model::Run& run);

// Every distribution's package closures, and with `selection` (package
// names) the closure of them together.
std::vector<model::DistributionClosures> distribution_closures(
    const model::Run& run, const std::vector<std::string>& selection);

// Each package's closure in the first distribution of `base` and of
// `head`, matched by package name (added, removed, changed, unchanged).
std::vector<model::ClosureDiff> diff_closures(const model::Run& base, const model::Run& head);

// A shared library, as the loader sees it: a module that is not a CPython
// extension (no PyInit_ export). Pyodide loads these by base name, so two
// of one name in a closure collide (one wins).
bool is_shared_library(const model::ModuleReport& m);

}  // namespace wasmsize::analysis
