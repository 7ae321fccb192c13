// Function names that stay the same across builds. Rust's legacy mangling
// ends every symbol with a hash of the crate's build (`...4init17hcec87fc9d7ec26d8E`),
// so the same function has a new name in every release; C++ symbols are
// Itanium-mangled. A diff matches functions by what a person would call them.
#pragma once

#include <string>
#include <string_view>

namespace wasmsize::analysis {

// `_ZN5pyxel5pyxel4init17hcec87fc9d7ec26d8E` -> `pyxel::pyxel::init`;
// `_ZN3foo3barEi` -> `foo::bar(int)`; anything else as it is.
std::string stable_symbol(std::string_view name);

}  // namespace wasmsize::analysis
