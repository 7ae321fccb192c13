// When two file names are one file to macOS: APFS and HFS+ compare names
// after Unicode normalization and case folding, so `café` written with a
// precomposed é (NFC) and with e + U+0301 (NFD) collide, and so do `É` and
// `é`. The key here is NFD(lower(NFD(name))) with marks in canonical order,
// from a table generated out of Python's unicodedata
// (scripts/gen_unicode_fold.py): no ICU for one comparison.
#pragma once

#include <string>
#include <string_view>

namespace wasmsize::base {

// Equal keys: the same file on a normalizing, case-insensitive file system.
// A name that is not valid UTF-8 is its own key.
std::string unicode_fold_key(std::string_view utf8);

}  // namespace wasmsize::base
