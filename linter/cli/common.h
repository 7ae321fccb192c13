// What every subcommand shares: output options, where output goes, colour,
// and how findings map to the exit status (0 clean, 1 error findings, 2 the
// tool could not do its job).
#pragma once

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "archive/input.h"
#include "model/model.h"
#include "report/report.h"

namespace wasmsize::cli {

enum Exit { kOk = 0, kFindings = 1, kUsage = 2 };

struct CommonOptions {
  std::string format = "text";
  std::string output;
  unsigned jobs = 0;  // 0: one per core
  bool quiet = false;
  bool verbose = false;
  bool no_color = false;
  std::string max_inflated = "4GiB";
  std::string max_entry = "1GiB";
  uint64_t max_ratio = archive::ReadLimits{}.max_ratio;
};

void add_common_options(CLI::App& cmd, CommonOptions& o, const std::vector<std::string>& formats);

// A usage-level failure (exit 2) with a message for stderr.
struct UsageError {
  std::string message;
};

// The stream output goes to: the --output file, else stdout.
class Output {
 public:
  explicit Output(const CommonOptions& o);
  std::ostream& stream() { return file_ ? *file_ : std::cout; }
  report::Style style() const { return style_; }

 private:
  std::unique_ptr<std::ofstream> file_;
  report::Style style_;
};

archive::ReadLimits read_limits(const CommonOptions& o);
// A progress bar on stderr, when stderr is a terminal and the run is long
// enough to want one; else empty.
std::function<void(size_t, size_t)> progress_bar(const CommonOptions& o);
unsigned job_count(const CommonOptions& o);
int exit_status(const std::vector<model::Finding>& findings);

int run_report(const std::vector<std::string>& inputs, const report::ReportView& view,
               const CommonOptions& o);
int run_inspect(const std::string& target, const CommonOptions& o);

struct CheckOptions {
  std::vector<std::string> inputs;
  std::string budget;
  std::string baseline;
  std::string base;  // --base: a previous artifact, folder or saved json report
  bool update_baseline = false;
  bool warnings_as_errors = false;
};
int run_check(const CheckOptions& c, const CommonOptions& o);

struct InitOptions {
  std::vector<std::string> inputs;
  std::string headroom = "10%";
  std::string output = "wasmsize.yaml";
  bool force = false;
};
int run_init(const InitOptions& i, const CommonOptions& o);

struct DupsOptions {
  std::vector<std::string> inputs;
  std::string mode;  // "" = all three levels
  std::string min_size = "32 B";
  size_t top = 10;
};
int run_dups(const DupsOptions& d, const CommonOptions& o);

int run_diff(const std::string& base, const std::string& head, const CommonOptions& o);
// A build to compare: a saved json report, or inputs to measure.
model::Run load_build(const std::string& input, const CommonOptions& o);

// Scans inputs (expanding folders), fingerprinting `levels`; throws
// UsageError for missing inputs.
model::Run scan_inputs(const std::vector<std::string>& inputs, const CommonOptions& o,
                       model::Levels levels, bool hash_entries = false);

}  // namespace wasmsize::cli
