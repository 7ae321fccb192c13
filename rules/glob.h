// Globs as budgets use them: `*` any run of characters but '/', `**` any run
// including '/', `?` one character but '/', `[abc]`/`[a-z]`/`[!x]` classes.
// Module names have no '/', so `sklearn.tree.*` matches every module below
// sklearn.tree; `**/_tree*.so` matches a path at any depth.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wasmsize::rules {

inline constexpr size_t kMaxGlobLength = 1024;

// Why `pattern` is not a valid glob (unclosed class, longer than
// kMaxGlobLength), or nullopt when it is.
std::optional<std::string> glob_error(std::string_view pattern);
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace wasmsize::rules
