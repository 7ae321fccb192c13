#pragma once

#include <string>

namespace wasmsize::cli {

// Several lines: version; commit, build day and linkage; library versions.
std::string version_text();

}  // namespace wasmsize::cli
