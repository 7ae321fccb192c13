#include "analysis/diff.h"
#include "analysis/saved_report.h"
#include "cli/common.h"

namespace wasmsize::cli {

model::Run load_build(const std::string& input, const CommonOptions& o) {
  if (input.size() > 5 && input.substr(input.size() - 5) == ".json") {
    try {
      return analysis::load_saved_report(input);
    } catch (const std::exception& e) {
      throw UsageError{e.what()};
    }
  }
  return scan_inputs({input}, o, model::kNoLevels);
}

int run_diff(const std::string& base, const std::string& head, const CommonOptions& o) {
  const model::Run old_run = load_build(base, o);
  const model::Run new_run = load_build(head, o);
  const model::DiffReport d = analysis::diff_runs(old_run, new_run);
  Output out(o);
  if (o.format == "json") {
    report::write_diff_json(d, out.stream());
  } else if (o.format == "markdown") {
    report::write_diff_markdown(d, out.stream());
  } else {
    report::write_diff_text(d, out.style(), out.stream());
  }
  std::vector<model::Finding> findings = old_run.findings;
  findings.insert(findings.end(), new_run.findings.begin(), new_run.findings.end());
  return exit_status(findings);
}

}  // namespace wasmsize::cli
