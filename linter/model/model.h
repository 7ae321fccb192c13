// What was measured, as plain data. Analyses fill it; rules and reports read
// it and never touch module bytes. Sizes are bytes.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wasmsize::model {

// A finding is a warning or an error; a budget may switch a rule off, but
// then there is no finding at all (rules/budget.h).
enum class Severity { kWarning, kError };

// Something wrong with an input or a module, or a broken budget. `offset` is a
// byte offset inside the module or archive entry when one applies.
struct Finding {
  std::string rule;  // "input.malformed-module", "module.max-size", ...
  Severity severity = Severity::kError;
  std::string artifact;  // path of the wheel / zip / loose file
  std::string subject;   // module name, or entry path inside the artifact
  std::optional<uint64_t> offset;
  std::string message;
  // Budget findings: what was measured against what limit, where the budget
  // file sets that limit, and a key that survives version bumps (rule,
  // distribution, member path) for baselines.
  std::optional<double> value;
  std::optional<double> limit;
  std::string value_text, limit_text;
  int budget_line = 0, budget_column = 0;
  std::string key;
};

struct SectionInfo {
  uint8_t id = 0;
  std::string name;  // section kind, or the custom section's own name
  bool custom = false;
  uint64_t offset = 0;  // payload offset, after the id and size bytes
  uint64_t size = 0;    // payload size
  uint64_t header_size = 0;
};

struct FunctionInfo {
  uint32_t index = 0;  // in the function index space
  uint64_t offset = 0;
  uint64_t size = 0;  // body size, after its size field
  std::string name;
};

// A module's function names, packed: one string and 8 bytes per named
// function, so that a module of millions of functions does not keep a
// std::string (32 bytes, plus its heap block) for each one. Names come from
// the name section, else from exports; functions without one have none.
class FunctionNames {
 public:
  // Functions are added in ascending index order; a repeated or earlier
  // index, an empty name, or names past 4 GiB in all are not kept.
  void add(uint32_t function, std::string_view name);
  std::string_view operator[](uint32_t function) const;  // "" when unnamed
  size_t size() const { return at_.size(); }

 private:
  struct At {
    uint32_t function, end;  // the name is text_[previous end, end)
  };
  std::string text_;
  std::vector<At> at_;
};

// Three digests of one function body (see analysis/fingerprint.h): its
// bytes, what the code means (mergeable), and its shape. The levels
// clusters are made at combine them so that they nest (analysis/duplicates).
using Digest = std::array<uint8_t, 16>;
struct FunctionPrint {
  uint32_t index = 0;                    // in the function index space
  uint32_t size = 0;                     // body size
  Digest bytes{}, mergeable{}, shape{};  // zero where not computed
};

// Duplicate levels, as a mask: each command pays only for the levels it
// reads (report: mergeable; check: the budget's mode; dups: all).
//   raw        equal body bytes (what hashing bytes finds, the seed's method)
//   exact      equal bytes and mergeable
//   mergeable  equal meaning, and equal shape
//   shape      equal shape
// so exact within mergeable within shape, in every scope, by construction.
enum Levels : uint8_t {
  kNoLevels = 0,
  kExact = 1,
  kMergeable = 2,
  kShape = 4,
  kRaw = 8,
  kAllLevels = 15
};
// Which digests a set of levels needs, as the level whose digest it is:
// kRaw for bytes, kMergeable, kShape.
constexpr Levels digests_for(Levels levels) {
  int d = 0;
  if (levels & (kRaw | kExact)) d |= kRaw;
  if (levels & (kMergeable | kExact)) d |= kMergeable;
  if (levels & (kShape | kMergeable | kExact)) d |= kShape;
  return Levels(d);
}
// The levels by name, in the order reports list them: the one place these
// names are written.
struct LevelName {
  Levels level;
  std::string_view name;
};
inline constexpr std::array<LevelName, 4> kLevelNames = {
    {{kExact, "exact"}, {kMergeable, "mergeable"}, {kShape, "shape"}, {kRaw, "raw"}}};
inline constexpr std::string_view kDefaultLevel = "mergeable";
// Functions smaller than this are too small to share: the default of
// duplicates.min-function-size, `dups --min-size` and the `report` dup column.
inline constexpr uint64_t kDefaultMinFunctionSize = 32;
// "exact", "mergeable" or "shape"; anything else is mergeable.
Levels level_named(std::string_view name);
std::string_view level_name(Levels single);

struct ImportInfo {
  std::string module, field, kind;
};

struct ExportInfo {
  std::string name, kind;
  uint32_t index = 0;
};

struct DylinkInfo {
  bool legacy = false;
  uint32_t mem_size = 0, mem_align = 0, table_size = 0, table_align = 0;
  std::vector<std::string> needed;
  std::vector<std::pair<std::string, uint32_t>> export_info;
  struct Import {
    std::string module, field;
    uint32_t flags = 0;
  };
  std::vector<Import> import_info;
  std::vector<std::string> runtime_paths;
};

// What a browser downloads for some bytes when a server compresses them
// (transfer/transfer.h says which brotli settings make each figure).
struct TransferSizes {
  uint64_t brotli = 0;  // the bytes as they are, brotli-compressed
  uint64_t gzip = 0;    // the same with gzip -9
  // An archive only: brotli of the same archive with every entry stored,
  // the Pyodide CDN case (transfer/stored_repack.h); empty when not asked
  // for or when the archive could not be repacked.
  std::optional<uint64_t> brotli_potential;
};

struct ParseErrorInfo {
  uint64_t offset = 0;
  std::string message;
};

struct ModuleReport {
  std::string name;  // dotted, platform suffix dropped: numpy._core._multiarray_umath
  std::string path;  // inside the artifact ("" for a loose module)
  uint64_t size = 0;
  uint64_t compressed_size = 0;
  // code + data + custom + other == size, exactly.
  uint64_t code_size = 0;       // code section payload
  uint64_t data_size = 0;       // data section payload
  uint64_t custom_size = 0;     // custom sections, payload including their names
  uint64_t other_size = 0;      // preamble, section headers and every other section
  uint32_t function_count = 0;  // defined functions
  uint32_t import_count = 0;
  uint32_t export_count = 0;
  std::optional<FunctionInfo> largest_function;
  uint64_t apply_data_relocs_size = 0;  // __wasm_apply_data_relocs, 0 when absent
  std::optional<DylinkInfo> dylink;
  std::vector<std::string> target_features;  // "+simd128", "-atomics", ...
  std::vector<SectionInfo> sections;
  // Every defined function, only where a command lists them (inspect, diff,
  // JSON and HTML reports: pipeline::Needs::function_list); else empty.
  // Names are always kept, in `names`.
  std::vector<FunctionInfo> functions;
  FunctionNames names;
  std::vector<ImportInfo> imports;
  std::vector<ExportInfo> exports;
  std::optional<ParseErrorInfo> error;
  std::vector<FunctionPrint> prints;
  uint64_t duplicated_size = 0;  // bytes of functions with a mergeable twin anywhere in the run
  std::string sha256;            // of the module file, as in RECORD; empty unless hashed
  Digest content{};              // XXH3-128 of the file, where duplicates are clustered; else zero
  // Built by Cython: its data holds the name "cython_runtime", which every
  // Cython module since 0.28 interns. Where duplicates are clustered.
  bool cython = false;
  std::optional<TransferSizes> transfer;  // where a command or rule reads it
};

// A non-module entry of an artifact, kept for artifact-level accounting.
struct FileEntry {
  std::string path;
  uint64_t stored_size = 0;
  uint64_t size = 0;
  std::string sha256;  // urlsafe base64, no padding, as in RECORD; empty unless hashed
};

// Artifact kinds that the engine itself knows of; sources may add others.
inline constexpr std::string_view kWheel = "wheel";
inline constexpr std::string_view kZip = "zip";
inline constexpr std::string_view kLooseModule = "module";

struct ArtifactReport {
  std::string path;  // as given on the command line, or found in a folder
  // What kind of container: an open set, named by the source that read it
  // (sources/): "wheel", "zip", "module", ...
  std::string kind{kLooseModule};
  // Package facts (sources/package.h): who ships it, which version, for
  // which platform. A zip's distribution is its file name's stem.
  std::string distribution;  // normalized, from the wheel file name
  std::string version;
  std::string platform_tag;  // e.g. pyodide_2024_0_wasm32
  uint64_t size = 0;         // on disk
  uint64_t uncompressed_size = 0;
  uint64_t entries_stored_size = 0;  // size - this = archive overhead
  std::vector<ModuleReport> modules;
  std::vector<FileEntry> files;
  // Entries that are not modules, added up: what reports print of `files`.
  // A saved report keeps these totals but not the list.
  struct FileTotals {
    uint64_t count = 0, size = 0, stored_size = 0;
  } file_totals;
  // Modules the input knows of but does not list (a saved report written
  // with --top): they are neither added nor removed in a diff.
  uint64_t unlisted_modules = 0;
  std::optional<std::string> record;  // the wheel's *.dist-info/RECORD, when read
  std::string file_sha256;            // hex, of the file; where transfer sizes or a lock need it
  std::optional<TransferSizes> transfer;  // where a command or rule reads it
  bool is_wheel() const { return kind == kWheel; }
};

// Adds up `files` into `file_totals`.
void total_files(ArtifactReport& a);
std::string_view severity_name(Severity s);

// Duplicated functions, at one fingerprint level (see analysis/duplicates.h).
// A copy names its artifact, module and function by views into the Run the
// clusters were made from (Measurements keeps both), not by copies of the
// strings: a cluster of a million copies at three levels cost 400 MB with
// three std::strings each, and costs 56 B a copy this way.
struct DuplicateCopy {
  std::string_view artifact;
  std::string_view module;
  std::string_view name;  // "" when the function has none
  uint32_t function = 0;
  uint32_t size = 0;
};

// Artifacts of one distribution (another version, Python tag or build) are
// alternatives: never installed together, so what only they share is no
// waste. A cluster's copies in A artifacts of D distributions waste
// (D - 1) x size across artifacts and hold (A - D) x size in alternatives.
struct DuplicateCluster {
  uint64_t size = 0;          // the smallest copy: what one shared body would take
  uint64_t wasted = 0;        // (copies - 1) x size, less the alternatives
  uint64_t alternatives = 0;  // copies in alternative artifacts, x size
  std::vector<DuplicateCopy> copies;
};

struct DuplicateLevel {
  uint64_t code_bytes = 0;  // function body bytes considered
  uint64_t wasted = 0;      // within_module + cross_module + cross_artifact
  uint64_t within_module = 0, cross_module = 0, cross_artifact = 0;
  uint64_t alternatives = 0;               // not waste, not in `wasted`
  std::vector<DuplicateCluster> clusters;  // largest waste first
};

// Modules whose files are byte-identical: one module shipped twice (h5py's
// libhdf5.so and libhdf5.so.200.1.0), counted once at file size. Their
// functions leave the function-level clusters: the fix is "ship it once".
struct DuplicateFile {
  struct Copy {
    std::string_view artifact, module, path;  // views into the Run
  };
  uint64_t size = 0;    // of one copy
  uint64_t wasted = 0;  // copies beyond the first, less the alternatives, x size
  uint64_t alternatives = 0;
  std::vector<Copy> copies;
};

struct DuplicateFiles {
  uint64_t wasted = 0;  // within_artifact + cross_artifact
  uint64_t within_artifact = 0, cross_artifact = 0, alternatives = 0;
  std::vector<DuplicateFile> clusters;  // largest waste first
};

// One subject's share of a level's clusters (analysis::split_by_scope): a
// module, an artifact, or all inputs, as duplicates.scope says.
struct ScopedDuplicates {
  std::string artifact, module;  // empty where the scope is wider
  std::string level;             // exact | mergeable | shape | raw
  uint64_t wasted = 0, code = 0;
  uint64_t file_wasted = 0;  // extra copies of whole modules (DuplicateFiles) in the subject
  // A cluster with copies inside the subject, and how many: a cluster of 59
  // copies across a corpus may hold 7 inside one wheel.
  struct Cluster {
    const DuplicateCluster* cluster;
    size_t copies;
    uint64_t wasted() const { return (copies - 1) * cluster->size; }
  };
  std::vector<Cluster> clusters;            // largest waste within the subject first
  std::vector<const DuplicateFile*> files;  // with extra copies in the subject
};

// Only the levels that were clustered are there: a report cannot read a
// level nobody computed.
struct DuplicateReport {
  uint64_t min_size = 0;
  uint64_t code_bytes = 0;  // function body bytes considered, whatever the level
  DuplicateFiles files;
  std::optional<DuplicateLevel> exact, mergeable, shape, raw;
  const DuplicateLevel* level(std::string_view name) const {
    const auto& l = slot(level_named(name));
    return l ? &*l : nullptr;
  }
  const std::optional<DuplicateLevel>& slot(Levels single) const {
    return single == kExact ? exact : single == kShape ? shape : single == kRaw ? raw : mergeable;
  }
  std::optional<DuplicateLevel>& slot(Levels single) {
    return single == kExact ? exact : single == kShape ? shape : single == kRaw ? raw : mergeable;
  }
};

// What changed between two builds (`wasmsize diff`), matched by identity
// (analysis/identity.h). Sizes are bytes; 0 for a side that lacks the thing.
struct SizeChange {
  std::string name;
  uint64_t old_size = 0, new_size = 0;
  // Saturates rather than overflows, whatever a saved report claims.
  int64_t delta() const {
    constexpr uint64_t kMax = uint64_t{INT64_MAX};
    if (new_size >= old_size) return static_cast<int64_t>(std::min(new_size - old_size, kMax));
    return -static_cast<int64_t>(std::min(old_size - new_size, kMax));
  }
};

struct ModuleDiff {
  std::string name;
  // kUnlisted: on one side only, while the other side is a saved report that
  // does not list all its modules, so it may or may not be new.
  enum class Status { kChanged, kUnchanged, kAdded, kRemoved, kUnlisted } status = Status::kChanged;
  SizeChange size, compressed, code, data;
  std::vector<SizeChange> sections;   // by section kind or custom name, largest change first
  std::vector<SizeChange> functions;  // named functions whose size changed, largest change first
};

struct ArtifactDiff {
  std::string key;  // distribution, or file name
  std::string old_path, new_path;
  SizeChange size;
  std::vector<ModuleDiff> modules;  // largest absolute change first
};

// One package's load closure in two distributions, matched by package name.
struct ClosureDiff {
  std::string package;
  enum class Status { kChanged, kUnchanged, kAdded, kRemoved } status = Status::kChanged;
  SizeChange download, transfer, modules, wasm;  // modules: a count
  bool old_complete = true, new_complete = true;
};

struct DiffReport {
  std::vector<ArtifactDiff> artifacts;
  // With a distribution on both sides: every package's closure, largest
  // change of transfer (or download) first.
  std::vector<ClosureDiff> closures;
  // What could not be compared: parts a saved report lacks ("base: ...").
  std::vector<std::string> notes;
};

// A rule as reports show it: id, one-line help, and its documentation page.
struct RuleInfo {
  std::string id;
  std::string summary;
};

// One rule evaluated on one subject, passed or not (JUnit has a testcase each).
struct Check {
  std::string rule;
  std::string artifact;
  std::string subject;
  bool passed = true;
};

// What `check` decided: the budget it read, the rules it used, every check,
// and the findings (input findings and broken budgets alike).
struct Evaluation {
  std::string budget_path;
  // The clusters the duplicates.* rules judged, when the budget has any.
  struct Duplicates {
    std::string level;
    const DuplicateLevel* clusters = nullptr;  // in the Measurements, which outlive this
  };
  std::optional<Duplicates> duplicates;
  std::vector<RuleInfo> rules;
  std::vector<Check> checks;
  std::vector<Finding> findings;
  size_t baselined = 0;  // findings accepted by --baseline
};

// Everything one run measured.
// A Pyodide distribution: a pyodide-lock.json and the files beside it
// (sources/lock_source.cpp). Both the 0.27 schema and the 2026 one (URLs in
// file_name, the pyemscripten ABI) read into this.
struct LockPackage {
  std::string name;  // the lock's key: normalized (scikit-learn)
  std::string version;
  std::string file_name;  // as the lock has it: a bare name or a URL
  std::string sha256;     // hex, as the lock has it
  std::string package_type;
  std::string install_dir;
  std::vector<std::string> depends, imports;
  std::string file;                   // where its file was looked for, beside the lock
  std::optional<size_t> artifact;     // its index in Run::artifacts, when the file is there
  std::optional<uint64_t> file_size;  // when the file is there, read or not
};

struct Distribution {
  std::string path;  // of the lock file
  struct Info {
    std::string abi_version, platform, python, arch, version;
  } info;
  std::vector<LockPackage> packages;  // sorted by name
  // The platform tags a wheel of this distribution may carry
  // (pyodide_2024_0_wasm32, pyemscripten_2026_0_wasm32, emscripten_3_1_58_wasm32).
  std::vector<std::string> abi_tags() const;
  // By name as `depends` spells it (scikit_learn finds scikit-learn).
  const LockPackage* find(std::string_view name) const;
  // Canonical name -> index into `packages`, sorted; index_packages() builds
  // it (find() without it scans).
  std::vector<std::pair<std::string, size_t>> by_canonical_name;
  void index_packages();
};
std::string canonical_package_name(std::string_view name);

// What `loadPackage(roots)` fetches from a distribution: the packages the
// roots reach through `depends`, and what they weigh (analysis/closures.h).
struct Closure {
  std::vector<std::string> packages;  // sorted, the roots included
  uint64_t download_size = 0;         // the files, on disk
  // brotli as a server sends each file, and brotli of each wheel repacked
  // with stored entries (the Pyodide CDN case); files wasmsize does not
  // read (a tests .tar) count at their size. Absent when not measured.
  std::optional<uint64_t> transfer_size, transfer_size_potential;
  uint64_t modules = 0, wasm_size = 0;
  struct Largest {
    std::string name;
    uint64_t size = 0;
  } largest_module;
  uint64_t modules_over_8mib = 0;  // Chrome compiles none of these on the main thread
  struct DuplicateLibrary {
    std::string name;  // the module file's base name
    uint64_t size = 0;
    std::vector<std::string> wheels;
  };
  std::vector<DuplicateLibrary> duplicate_libraries;  // same name and SHA-256 in 2+ wheels
  struct NameCollision {
    std::string name;
    std::vector<std::string> wheels;
  };
  std::vector<NameCollision> name_collisions;  // shared libraries: same name, other content
  std::vector<std::string> abi_mismatches;     // packages whose wheel's tag is not the lock's ABI
  std::vector<std::string> missing;  // packages reached without a file (or not in the lock)
  bool complete() const { return missing.empty(); }
};

// The closures `report` shows for one distribution: every package's, and
// the union of the packages a user selected (`--package`, repeatable: what
// one loadPackage([...]) fetches).
struct DistributionClosures {
  const Distribution* distribution = nullptr;
  std::vector<Closure> packages;  // in the distribution's package order
  std::vector<std::string> selection_roots;
  std::optional<Closure> selection;
};

struct Run {
  std::vector<ArtifactReport> artifacts;
  std::vector<Finding> findings;
  std::vector<Distribution> distributions;  // the lock files among the inputs

  size_t module_count() const {
    size_t n = 0;
    for (const auto& a : artifacts)
      n += a.modules.size();
    return n;
  }
};

}  // namespace wasmsize::model
