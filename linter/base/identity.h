// How an artifact and a module are recognized across versions: by
// distribution name and module name, never by the versioned wheel file name,
// so numpy-2.0.2-...whl and numpy-2.1.0-...whl compare module by module.
#pragma once

#include <string>

#include "model/model.h"

namespace wasmsize::base {

// The distribution of a wheel, else the file name (a zip, a loose module).
std::string artifact_key(const model::ArtifactReport& a);
// artifact_key | module name. The name is the member path with the CPython
// tag dropped, so `_x.cpython-310-...so` and `_x.cpython-312-...so` match.
std::string module_key(const model::ArtifactReport& a, const model::ModuleReport& m);
// "rule|distribution|member": a finding's key for baselines, the same across
// versions of a wheel.
std::string finding_key(std::string_view rule, const model::ArtifactReport& a,
                        std::string_view member);

}  // namespace wasmsize::base
