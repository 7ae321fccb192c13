// What every command shares: the common options, measuring through the
// pipeline, writing any number of `--format NAME[=FILE]` reports from one
// result, and how findings map to the exit status (0 clean, 1 error
// findings, 2 the tool could not do its job).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "base/units.h"
#include "model/model.h"
#include "pipeline/pipeline.h"
#include "report/formats.h"
#include "sources/source.h"

namespace wasmsize::cli {

enum Exit { kOk = 0, kFindings = 1, kUsage = 2 };

struct CommonOptions {
  // --format NAME (at most one, to --output or stdout) and NAME=FILE, repeatable.
  std::vector<std::string> formats;
  std::string output;
  unsigned jobs = 0;  // 0: one per core
  bool quiet = false;
  bool verbose = false;
  bool no_color = false;
  int width = -1;             // --width; -1: the terminal's, or 100
  bool allow_empty = false;   // inputs without any module are not an error
  bool verify_cache = false;  // recompute every cached figure and compare
  std::string max_inflated = base::exact_size(sources::ReadLimits{}.max_total_inflated);
  std::string max_entry = base::exact_size(sources::ReadLimits{}.max_entry_size);
  uint64_t max_ratio = sources::ReadLimits{}.max_ratio;
  uint32_t max_functions = sources::ReadLimits{}.max_functions;
};

// Adds the common options; `formats` are the names the command's result can
// be written in (its format table), the first being the default.
void add_common_options(CLI::App& cmd, CommonOptions& o, const std::vector<std::string>& formats);

// A validator for options that take a count: digits only, so `--top -1`
// is an error rather than "all" by unsigned wrap-around.
inline std::string count_option(const std::string& value) {
  if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos)
    return "expected a count of 0 or more, got '" + value + "'";
  return "";
}

// The cache of slow figures (base/cache.h), from the environment, once.
base::ContentCache& content_cache();

// A usage-level failure (exit 2) with a message for stderr.
struct UsageError {
  std::string message;
};

// One report to write: a format name and a file ("" for stdout).
struct Target {
  std::string format;
  std::string file;
};
// The --format targets, checked against `names`. Without a bare --format
// NAME, the first name (the default format) goes to --output or stdout.
// Throws UsageError for an unknown name, or for two bare formats (both
// would go to stdout).
std::vector<Target> format_targets(const CommonOptions& o, const std::vector<std::string>& names);

// Writes one report per target from the same result, each to its own file
// or stdout; a stream that fails (a full disk, a closed pipe) is a
// UsageError naming the file.
using Writer = std::function<void(const std::string& format, const report::Style&, std::ostream&)>;
void write_targets(const std::vector<Target>& targets, const CommonOptions& o, const Writer& write);

template <typename Result>
void emit(std::span<const report::Format<Result>> table, const Result& result,
          const CommonOptions& o) {
  write_targets(format_targets(o, report::format_names(table)), o,
                [&](const std::string& name, const report::Style& style, std::ostream& out) {
                  report::find_format(table, name)->write(result, style, out);
                });
}

// Whether a --format asked for lists every function (json, html): only
// then does the pipeline keep a record per function (Needs::function_list).
bool formats_list_functions(const CommonOptions& o);

pipeline::Options pipeline_options(const CommonOptions& o);
unsigned job_count(const CommonOptions& o);
int exit_status(const std::vector<model::Finding>& findings);

// Measures the inputs with what `needs` asks for; missing inputs, unreadable
// saved reports and (unless --allow-empty) inputs holding no module at all
// are UsageErrors.
pipeline::Measurements measure(const std::vector<std::string>& inputs, const pipeline::Needs& needs,
                               const CommonOptions& o);

}  // namespace wasmsize::cli
