// How an artifact and a module are recognized across versions: by
// distribution name and module name, never by the versioned wheel file name,
// so numpy-2.0.2-...whl and numpy-2.1.0-...whl compare module by module.
#pragma once

#include <string>
#include <vector>

#include "model/model.h"

namespace wasmsize::base {

// The distribution of a wheel, else the file name (a zip, a loose module).
std::string artifact_key(const model::ArtifactReport& a);
// The keys of every artifact of a run, unique within it: artifact_key(),
// and where two artifacts share it (numpy for cp310 and for cp312; m.wasm
// found in base/a/ and in base/b/), the wheel's tags or the loose module's
// folder path after a '|'. Matching two runs by these never merges two
// artifacts into one.
std::vector<std::string> artifact_keys(const model::Run& run);
// The keys of an artifact's modules, unique within it: the module name (the
// member path with the CPython tag dropped, so `_x.cpython-310-...so` and
// `_x.cpython-312-...so` match), and
// where two modules share it (pkg/mod.so beside
// pkg/mod.cpython-312-wasm32-emscripten.so), the member path after a '|'.
std::vector<std::string> module_keys(const model::ArtifactReport& a);
// "rule|distribution|member": a finding's key for baselines, the same across
// versions of a wheel.
std::string finding_key(std::string_view rule, const model::ArtifactReport& a,
                        std::string_view member);

}  // namespace wasmsize::base
