// Parses a module's bytes into a Module view, section by section, in the
// spirit of wabt's binary reader: one pass, every read bounded, and the first
// structural error stops the parse with the byte offset where it was found.
#pragma once

#include <optional>
#include <string>

#include "wasm/module.h"

namespace wasmsize::wasm {

struct ParseFailure {
  size_t offset = 0;
  std::string message;
};

struct ParseOptions {
  // Decode every instruction of every body to check it ends exactly at its
  // boundary. Analyses that decode bodies anyway can switch this off so the
  // code is walked once.
  bool validate_code = true;
  // Bodies kept in Module::bodies at most. Each costs about 300 bytes while
  // it is measured and fingerprinted, whatever its size: a 500 MB module of
  // 71 M six-byte functions would need 21 GB. Past this, bodies are walked
  // (their sizes checked) but not kept, and Module::unkept_bodies says so.
  uint32_t max_functions = UINT32_MAX;
};

struct ParseResult {
  Module module;  // what was read before any failure
  std::optional<ParseFailure> error;
};

bool has_wasm_magic(Bytes bytes);
ParseResult parse_module(Bytes bytes, const ParseOptions& options = {});

}  // namespace wasmsize::wasm
