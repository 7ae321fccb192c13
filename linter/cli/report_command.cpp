#include <spdlog/spdlog.h>

#include <chrono>

#include "analysis/duplicates.h"
#include "analysis/scan.h"
#include "cli/common.h"

namespace wasmsize::cli {

// The `dup` column counts functions of this size or more with a mergeable twin.
constexpr uint64_t kReportMinDuplicateSize = 32;

model::Run scan_inputs(const std::vector<std::string>& inputs, const CommonOptions& o,
                       model::Levels levels, bool hash_entries) {
  std::vector<std::string> errors;
  const auto files = archive::expand_inputs(inputs, errors);
  if (!errors.empty()) throw UsageError{fmt::format("{}", fmt::join(errors, "\n"))};
  analysis::ScanOptions options;
  options.read.limits = read_limits(o);
  options.read.hash_entries = hash_entries;
  options.jobs = job_count(o);
  options.levels = levels;
  options.progress = progress_bar(o);
  const auto start = std::chrono::steady_clock::now();
  model::Run run = analysis::scan(files, options);
  spdlog::debug("read {} artifact(s) with {} job(s) in {} ms", files.size(), options.jobs,
                std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - start)
                    .count());
  return run;
}

int run_report(const std::vector<std::string>& inputs, const report::ReportView& view,
               const CommonOptions& o) {
  // The `dup` column and the HTML clusters read the mergeable level only.
  model::Run run = scan_inputs(inputs, o, model::kMergeable);
  const model::DuplicateReport dups =
      analysis::find_duplicates(run, kReportMinDuplicateSize, model::kMergeable);
  analysis::mark_duplicated(run, dups);
  Output out(o);
  if (o.format == "html") {
    report::write_html({"wasmsize report", run, run.findings, &dups.mergeable}, out.stream());
  } else if (o.format == "json") {
    report::write_report_json(run, view, out.stream());
  } else if (o.quiet) {
    report::write_findings_text(run.findings, out.style(), out.stream());
  } else {
    report::write_report_text(run, view, out.style(), out.stream());
  }
  return exit_status(run.findings);
}

}  // namespace wasmsize::cli
