// Output formats. Each writer reads the model and nothing else, so a new
// format is a new file here and touches no analysis code; formats.h lists
// which writers each command's result has.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "base/units.h"
#include "json/schema.h"
#include "json/stream.h"
#include "model/model.h"

namespace wasmsize::report {

using base::compact_size;
using base::human_size;
using base::percent;
using base::signed_human_size;
using base::thousands;

inline constexpr int kJsonSchema = json::kSchema;

struct Style {
  bool color = false;
  bool quiet = false;  // text: findings only
  // Display columns text tables fit in (report::Table::fit); 0: no limit.
  size_t width = 0;
};

// How `report` orders and trims modules: --sort FIELD (descending, but
// `name` ascending) and --top N per artifact (0 = all).
struct ReportView {
  std::string sort = "size";
  size_t top = 0;
};

const std::vector<std::string>& sort_fields();
std::vector<const model::ModuleReport*> ordered_modules(const model::ArtifactReport& a,
                                                        const ReportView& view);

// `distributions`: the closures of each lock among the inputs
// (distribution_reports.cpp); their wheels are not listed one by one.
void write_report_text(const model::Run& run, const ReportView& view, const Style& style,
                       std::ostream& out,
                       std::span<const model::DistributionClosures> distributions = {});
void write_report_markdown(const model::Run& run, const ReportView& view, std::ostream& out,
                           std::span<const model::DistributionClosures> distributions = {});
bool in_distribution(const model::Run& run, size_t artifact);
void write_distributions_text(std::span<const model::DistributionClosures> dists,
                              const ReportView& view, const Style& style, std::ostream& out);
void write_distributions_markdown(std::span<const model::DistributionClosures> dists,
                                  const ReportView& view, std::ostream& out);
nlohmann::json closure_json(const model::Closure& c);
// With `streamed`, each package array is a placeholder filled as it is
// written (json::dump_streamed); without, the whole document.
nlohmann::json distributions_json(std::span<const model::DistributionClosures> dists,
                                  std::vector<json::StreamedArray>* streamed = nullptr);
void write_report_json(const model::Run& run, const ReportView& view, std::ostream& out,
                       std::span<const model::DistributionClosures> distributions = {});

// Which functions `inspect` lists in text, in which order: every one by
// index unless asked (a numpy module has 5,000).
struct InspectView {
  size_t top = 0;              // 0: all
  std::string sort = "index";  // index | size | name
};
std::span<const std::string_view> inspect_sort_fields();
void write_inspect_text(const model::ArtifactReport& artifact, const model::ModuleReport& module,
                        const InspectView& view, const Style& style, std::ostream& out);
void write_inspect_json(const model::ArtifactReport& artifact, const model::ModuleReport& module,
                        std::ostream& out);

// "numpy-2.0.2-...whl!numpy._core._multiarray_umath: rule: message"
// One line when modules lack a `name` section: how to get names for func[N].
void write_names_hint(const model::Run& run, const Style& style, std::ostream& out);
void write_findings_text(const std::vector<model::Finding>& findings, const Style& style,
                         std::ostream& out);

// `check`: the findings of an Evaluation in each output format.
void write_check_text(const model::Evaluation& e, const Style& style, std::ostream& out);
void write_check_json(const model::Evaluation& e, std::ostream& out);
void write_sarif(const model::Evaluation& e, std::ostream& out);
void write_junit(const model::Evaluation& e, std::ostream& out);
void write_github(const model::Evaluation& e, std::ostream& out);
void write_markdown(const model::Evaluation& e, std::ostream& out);

// `dups`: the three levels, each with its largest clusters (top 0 = all).
struct DupsView {
  std::string mode;  // "" for every level, else exact|mergeable|shape|raw
  size_t top = 10;
};
void write_dups_text(const model::DuplicateReport& d, const model::Run& run, const DupsView& view,
                     const Style& style, std::ostream& out);
void write_dups_json(const model::DuplicateReport& d, const model::Run& run, const DupsView& view,
                     std::ostream& out);
void write_dups_markdown(const model::DuplicateReport& d, const model::Run& run,
                         const DupsView& view, std::ostream& out);

// `diff`: per artifact and module, old -> new, with a one-line headline.
void write_diff_text(const model::DiffReport& d, const Style& style, std::ostream& out);
void write_diff_json(const model::DiffReport& d, std::ostream& out);
void write_diff_markdown(const model::DiffReport& d, std::ostream& out);
// "+12.3 kB (+0.4%) across 3 modules"
std::string diff_headline(const model::DiffReport& d);

// `--format html` for report, check and dups: one offline page.
struct HtmlPage {
  std::string title;
  std::string kind;  // "report", "check" or "dups": what the page opens on
  const model::Run& run;
  const std::vector<model::Finding>& findings;
  const model::DuplicateLevel* duplicates = nullptr;  // clusters, if computed
  std::string level{model::kDefaultLevel};            // which level they are
};
void write_html(const HtmlPage& page, std::ostream& out);

// "artifact!subject", the way findings name what they are about; just the
// artifact when the subject is the file itself (a loose module).
std::string finding_location(const model::Finding& f);
bool names_the_file(const model::Finding& f);

inline nlohmann::json finding_json(const model::Finding& f) {
  return json::finding_to_json(f);
}
inline nlohmann::json tool_json() {
  return json::tool_to_json();
}

}  // namespace wasmsize::report
