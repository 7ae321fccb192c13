// What was measured, as plain data. Analyses fill it; rules and reports read
// it and never touch module bytes. Sizes are bytes.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wasmsize::model {

enum class Severity { kOff, kWarning, kError };

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

// Three fingerprints of one function body (see analysis/fingerprint.h):
// exact bytes, what the code means (mergeable), and its shape.
using Digest = std::array<uint8_t, 16>;
struct FunctionPrint {
  uint32_t index = 0;                    // in the function index space
  uint32_t size = 0;                     // body size
  Digest exact{}, mergeable{}, shape{};  // zero where the level was not computed
};

// Which fingerprint levels to compute, as a mask: each command pays only for
// the levels it reads (report: mergeable; check: the budget's mode; dups: all).
enum Levels : uint8_t { kNoLevels = 0, kExact = 1, kMergeable = 2, kShape = 4, kAllLevels = 7 };
// "exact", "mergeable" or "shape"; anything else is mergeable.
Levels level_named(std::string_view name);

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
  std::vector<FunctionInfo> functions;
  std::vector<ImportInfo> imports;
  std::vector<ExportInfo> exports;
  std::optional<ParseErrorInfo> error;
  std::vector<FunctionPrint> prints;
  uint64_t duplicated_size = 0;  // bytes of functions with a mergeable twin anywhere in the run
  std::string sha256;            // of the module file, as in RECORD; empty unless hashed
};

// A non-module entry of an artifact, kept for artifact-level accounting.
struct FileEntry {
  std::string path;
  uint64_t stored_size = 0;
  uint64_t size = 0;
  std::string sha256;  // urlsafe base64, no padding, as in RECORD; empty unless hashed
};

struct ArtifactReport {
  std::string path;  // as given on the command line, or found in a folder
  enum class Kind { kWheel, kZip, kModule } kind = Kind::kModule;
  std::string distribution;  // normalized, from the wheel file name
  std::string version;
  std::string platform_tag;  // e.g. pyodide_2024_0_wasm32
  uint64_t size = 0;         // on disk
  uint64_t uncompressed_size = 0;
  uint64_t entries_stored_size = 0;  // size - this = archive overhead
  std::vector<ModuleReport> modules;
  std::vector<FileEntry> files;
  std::optional<std::string> record;  // the wheel's *.dist-info/RECORD, when read
};

std::string_view kind_name(ArtifactReport::Kind k);
std::string_view severity_name(Severity s);

// Duplicated functions, at one fingerprint level (see analysis/duplicates.h).
struct DuplicateCopy {
  std::string artifact;
  std::string module;
  uint32_t function = 0;
  std::string name;
  uint64_t size = 0;
};

struct DuplicateCluster {
  uint64_t size = 0;    // the smallest copy: what one shared body would take
  uint64_t wasted = 0;  // (copies - 1) x size
  std::vector<DuplicateCopy> copies;
};

struct DuplicateLevel {
  uint64_t code_bytes = 0;  // function body bytes considered
  uint64_t wasted = 0;      // within_module + cross_module + cross_artifact
  uint64_t within_module = 0, cross_module = 0, cross_artifact = 0;
  std::vector<DuplicateCluster> clusters;  // largest waste first
};

struct DuplicateReport {
  uint64_t min_size = 0;
  DuplicateLevel exact, mergeable, shape;
  const DuplicateLevel& level(std::string_view name) const {
    return name == "exact" ? exact : name == "shape" ? shape : mergeable;
  }
  DuplicateLevel& level(std::string_view name) {
    return name == "exact" ? exact : name == "shape" ? shape : mergeable;
  }
};

// What changed between two builds (`wasmsize diff`), matched by identity
// (analysis/identity.h). Sizes are bytes; 0 for a side that lacks the thing.
struct SizeChange {
  std::string name;
  uint64_t old_size = 0, new_size = 0;
  int64_t delta() const { return int64_t(new_size) - int64_t(old_size); }
};

struct ModuleDiff {
  std::string name;
  enum class Status { kChanged, kUnchanged, kAdded, kRemoved } status = Status::kChanged;
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

struct DiffReport {
  std::vector<ArtifactDiff> artifacts;
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
    DuplicateLevel clusters;
  };
  std::optional<Duplicates> duplicates;
  std::vector<RuleInfo> rules;
  std::vector<Check> checks;
  std::vector<Finding> findings;
  size_t baselined = 0;  // findings accepted by --baseline
};

// Everything one run measured.
struct Run {
  std::vector<ArtifactReport> artifacts;
  std::vector<Finding> findings;
};

}  // namespace wasmsize::model
