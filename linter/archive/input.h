// Reading inputs: wheels and zips through libzip, in memory and never
// extracted; loose .wasm / .so files; folders walked for both. The reader
// accounts for every entry and turns hostile archives (unsafe paths,
// duplicate names, encryption, lying sizes, zip bombs) into findings.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "model/model.h"

namespace wasmsize::archive {

struct ReadLimits {
  // Bytes inflated from one artifact, all entries together.
  uint64_t max_total_inflated = uint64_t{4} << 30;
  // One entry's uncompressed size.
  uint64_t max_entry_size = uint64_t{1} << 30;
  // Uncompressed / stored, checked for entries over 1 MiB. Real modules
  // compress 3-10:1; deflate itself tops out near 1032:1, which only
  // padding reaches.
  uint64_t max_ratio = 250;
};

// One artifact to read. `module_root` is what a loose module's name is taken
// relative to (the folder it was found under).
struct InputFile {
  std::filesystem::path path;
  std::filesystem::path module_root;
};

// Expands command-line arguments: files as they are, folders walked
// recursively (sorted) for .whl, .zip, .wasm and .so files. A missing path is
// reported in `errors`.
std::vector<InputFile> expand_inputs(const std::vector<std::string>& args,
                                     std::vector<std::string>& errors);

struct ModuleEntry {
  std::string path;          // inside the archive; for a loose module, relative to its root
  uint64_t stored_size = 0;  // as stored in the archive, or deflated (level 6) for loose files
  uint64_t size = 0;
  std::string sha256;  // RECORD-style digest, when ReadOptions::hash_entries
};

// Receives each WebAssembly module's bytes; they are the caller's to keep.
using ModuleSink = std::function<void(const ModuleEntry&, std::vector<uint8_t>&&)>;

struct ReadOptions {
  ReadLimits limits;
  std::string only_entry;  // when set, only this archive member is read as a module
  // Inflate every entry and record its SHA-256 (and keep the wheel's RECORD),
  // for verifying RECORD. Otherwise non-module entries are only peeked at.
  bool hash_entries = false;
};

// Fills `artifact` (kind, sizes, wheel name, non-module files), hands every
// module to `sink`, and appends findings for whatever was wrong with the input.
void read_artifact(const InputFile& input, const ReadOptions& options,
                   model::ArtifactReport& artifact, std::vector<model::Finding>& findings,
                   const ModuleSink& sink);

// SHA-256 as a wheel RECORD writes it: urlsafe base64 without padding.
std::string record_digest(std::span<const uint8_t> bytes);

// Size of `bytes` deflated at zlib level 6, raw (as a zip entry stores it).
uint64_t deflated_size(std::span<const uint8_t> bytes);

}  // namespace wasmsize::archive
