// Input sources: one file per kind of container (zip_source.cpp for wheels
// and zips, module_source.cpp for a loose module, saved_report_source.cpp for
// a saved `--format json` report), each chosen by the input's content (magic
// bytes, JSON) and only then by its suffix (registry.cpp), and folders
// walked for them (folder.cpp). A source accounts for every byte of its
// input and turns hostile input into findings (sources/findings.h). Package
// facts (wheel names and tags, RECORD, module names) live in package.h.
//
// A new kind of input is one new file here with a Source, plus one line in
// registry.cpp.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "model/model.h"

namespace wasmsize::sources {

struct ReadLimits {
  // Bytes inflated from one artifact, all entries together.
  uint64_t max_total_inflated = uint64_t{4} << 30;
  // One entry's uncompressed size.
  uint64_t max_entry_size = uint64_t{1} << 30;
  // Uncompressed / stored, checked for entries over 1 MiB. Real modules
  // compress 3-10:1; deflate itself tops out near 1032:1, which only
  // padding reaches.
  uint64_t max_ratio = 250;
  // Functions of one module that are listed and fingerprinted; a module
  // with more is measured by its sections only (wasm::ParseOptions).
  uint32_t max_functions = 4'000'000;
};

// One artifact to read. `module_root` is what a loose module's name is taken
// relative to (the folder it was found under).
struct Source;
struct InputFile {
  std::filesystem::path path;
  std::filesystem::path module_root;
  // The source that reads it, once sniffed (the pipeline sniffs each input
  // once); null: read_artifact() sniffs it.
  const Source* source = nullptr;
  // A package file of a distribution (a lock among the inputs): hashed, to
  // compare with the lock, and measured for closures.
  bool in_distribution = false;
  // A loose module's member path: relative to module_root, else its name.
  std::string member_path() const {
    return module_root.empty() ? path.filename().string()
                               : path.lexically_relative(module_root).generic_string();
  }
};

// A file a folder walk found by its name and did not read, and why.
struct SkippedFile {
  std::filesystem::path path;
  std::string why;
};

// Expands command-line arguments: files as they are, folders walked
// recursively (sorted) for .whl, .zip, .wasm and .so files. A missing path,
// or one that is not a regular file or a folder (a FIFO, a device), is
// reported in `errors`; files a walk found but cannot read in `skipped`.
std::vector<InputFile> expand_inputs(const std::vector<std::string>& args,
                                     std::vector<std::string>& errors,
                                     std::vector<SkippedFile>& skipped);
// The walk of one folder that expand_inputs does (a folder beside a lock
// is walked the same way by the pipeline).
void walk_folder(const std::filesystem::path& dir, std::vector<InputFile>& out,
                 std::vector<std::string>& errors, std::vector<SkippedFile>& skipped);

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

// What a source that measures bytes does: fill `artifact` (kind, sizes,
// package facts, non-module files), hand every module to `sink`, and append
// findings for whatever was wrong with the input. `artifact.path` and
// `artifact.size` are set before it is called.
using ReadArtifact = void (*)(const InputFile& input, const ReadOptions& options,
                              model::ArtifactReport& artifact,
                              std::vector<model::Finding>& findings, const ModuleSink& sink);

// What a source of finished measurements (a saved report) gives: artifacts
// as they were measured then, and what they lack (`gaps`, for `diff`).
struct LoadedRun {
  model::Run run;
  std::vector<std::string> gaps;
};
// Throws std::runtime_error naming the file when it cannot be taken.
using LoadRun = LoadedRun (*)(const std::filesystem::path& path);

// What a source of a distribution (a pyodide-lock.json) gives: the
// distribution, the files beside it to read as its artifacts, and what was
// wrong with the lock. `members[i]` is the file of the packages
// `member_of[i]` (several packages may name one file: it is one artifact).
struct Manifest {
  model::Distribution distribution;
  std::vector<InputFile> members;
  std::vector<std::vector<size_t>> member_of;
  std::vector<model::Finding> findings;
};
using ExpandManifest = Manifest (*)(const std::filesystem::path& path);

struct Source {
  std::string_view name;  // "zip", "module", "saved-report", "pyodide lock"
  // Whether the input is this source's, from its first bytes (up to 64) and
  // its file name. Content decides; a name only where the content says
  // nothing (a .whl that is not a zip is still a broken wheel).
  bool (*sniff)(std::span<const uint8_t> head, std::string_view file_name);
  // File name suffixes a folder walk picks up for this source.
  std::span<const std::string_view> folder_suffixes;
  ReadArtifact read = nullptr;  // one of these three
  LoadRun load = nullptr;
  ExpandManifest expand = nullptr;
};

// Every source, in the order they are asked to sniff (registry.cpp).
std::span<const Source> all_sources();
// The source for a file, by content then name: never null (a file nobody
// claims is read as a loose module, which reports it as not WebAssembly).
const Source& source_for(const std::filesystem::path& path);

// Fills `artifact` from the input through its source; a source of finished
// measurements cannot be read this way (the pipeline loads those whole).
void read_artifact(const InputFile& input, const ReadOptions& options,
                   model::ArtifactReport& artifact, std::vector<model::Finding>& findings,
                   const ModuleSink& sink);

// SHA-256 as a wheel RECORD writes it: urlsafe base64 without padding.
std::string record_digest(std::span<const uint8_t> bytes);

// Size of `bytes` deflated at zlib level 6, raw (as a zip entry stores it).
uint64_t deflated_size(std::span<const uint8_t> bytes);

}  // namespace wasmsize::sources
