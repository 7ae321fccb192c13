// The fuzz targets' bodies, shared by the libFuzzer executables (built with
// clang, -DWASMSIZE_FUZZ=ON) and the regression test that replays every
// input kept under tests/fuzz/regressions/<target>/ in the normal build.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace wasmsize::fuzz {

void parse_module(const uint8_t* data, size_t size);  // parser + measure
void fingerprint(const uint8_t* data, size_t size);   // decoder + fingerprints
void archive(const uint8_t* data, size_t size);       // zip reader + whole pipeline
// Differential: the zip source's listing against a hand walk of the directory.
void zip_differential(const uint8_t* data, size_t size);
void budget(const uint8_t* data, size_t size);        // budget loader
void saved_report(const uint8_t* data, size_t size);  // the JSON schema's reader, round trip
void glob(const uint8_t* data, size_t size);          // glob matcher against the definition
void symbols(const uint8_t* data, size_t size);       // diff's symbol names (demangling)
void lock(const uint8_t* data, size_t size);          // pyodide-lock.json reader + closures
void cache(const uint8_t* data, size_t size);         // the transfer cache's entry reader
// Every writer of every command on names taken from the input: each output
// keeps its format's grammar and carries no raw control character.
void writers(const uint8_t* data, size_t size);

// The target named by a regressions/ subfolder, or null.
using Target = void (*)(const uint8_t*, size_t);
Target target(std::string_view name);

}  // namespace wasmsize::fuzz
