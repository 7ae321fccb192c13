#include "analysis/duplicates.h"
#include "cli/common.h"
#include "rules/units.h"

namespace wasmsize::cli {

int run_dups(const DupsOptions& d, const CommonOptions& o) {
  rules::UnitError err;
  const auto min_size = rules::parse_size(d.min_size, &err);
  if (!min_size) throw UsageError{"--min-size: " + err.message};
  const model::Levels levels = d.mode.empty() ? model::kAllLevels : model::level_named(d.mode);
  const model::Run run = scan_inputs(d.inputs, o, levels);
  const model::DuplicateReport dups = analysis::find_duplicates(run, *min_size, levels);
  const report::DupsView view{d.mode, d.top};
  Output out(o);
  if (o.format == "html") {
    const std::string level = d.mode.empty() ? "mergeable" : d.mode;
    report::write_html({"wasmsize dups", run, run.findings, &dups.level(level), level},
                       out.stream());
  } else if (o.format == "json") {
    report::write_dups_json(dups, view, out.stream());
  } else if (o.format == "markdown") {
    report::write_dups_markdown(dups, view, out.stream());
  } else {
    report::write_dups_text(dups, view, out.style(), out.stream());
    report::write_findings_text(run.findings, out.style(), out.stream());
  }
  return exit_status(run.findings);
}

}  // namespace wasmsize::cli
