// Package facts, in one place: how a module inside an artifact is called,
// what a wheel's file name says (distribution, version, tags), where its
// RECORD is. A module keeps its name across versions of its wheel, so diffs
// and baselines survive a version bump. Sources call fill_package_facts();
// a new packaging convention (a conda package, a Pyodide lock) adds its
// facts here.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/model.h"

namespace wasmsize::sources {

// "sklearn/utils/_random.cpython-311-wasm32-emscripten.so" -> "sklearn.utils._random":
// slashes become dots, the extension and the platform/ABI tag are dropped.
std::string module_name(std::string_view path);

struct WheelName {
  std::string distribution;  // normalized as PEP 503 with underscores: lowercase, [-_.]+ -> _
  std::string version;
  std::string python_tag, abi_tag, platform_tag;
};

// Parses "{dist}-{version}(-{build})?-{python}-{abi}-{platform}.whl".
std::optional<WheelName> parse_wheel_name(std::string_view file_name);

// True for the three spellings of the wasm32 Emscripten platform tag:
// emscripten_3_1_58_wasm32, pyodide_2024_0_wasm32, pyemscripten_2025_0_wasm32.
bool is_emscripten_platform(std::string_view platform_tag);

// Sets kind, distribution, version and platform tag of an archive from its
// file name: a wheel by its name's fields, any other zip by its stem.
void fill_package_facts(model::ArtifactReport& artifact, std::string_view file_name);

// Whether an archive member is a wheel's RECORD (in its top-level
// *.dist-info folder).
bool is_record_entry(std::string_view name);

// Whether a path inside an archive is unsafe to extract: absolute, a drive
// letter, or a ".." component.
bool is_unsafe_entry_path(std::string_view path);

}  // namespace wasmsize::sources
