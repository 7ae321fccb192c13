// The format tables (formats.h). Each line names a format and adapts one
// writer to the result it reads.
#include "report/formats.h"

namespace wasmsize::report {

// Formats that live in a file of their own.
extern const Format<ReportResult> kReportCsv;  // csv_report.cpp

namespace {

template <typename Result>
using FormatTable = std::span<const Format<Result>>;

HtmlPage page(std::string title, const model::Run& run, const std::vector<model::Finding>& findings,
              const model::DuplicateLevel* clusters, std::string level) {
  std::string kind = title.substr(title.rfind(' ') + 1);  // "wasmsize check" -> "check"
  return {std::move(title), std::move(kind), run, findings, clusters, std::move(level)};
}

}  // namespace

FormatTable<ReportResult> report_formats() {
  static const Format<ReportResult> kFormats[] = {
      {"text",
       [](const ReportResult& r, const Style& s, std::ostream& out) {
         if (s.quiet) return write_findings_text(r.run.findings, s, out);
         write_report_text(r.run, r.view, s, out, r.distributions);
       }},
      {"json", [](const ReportResult& r, const Style&,
                  std::ostream& out) { write_report_json(r.run, r.view, out, r.distributions); }},
      {"markdown",
       [](const ReportResult& r, const Style&, std::ostream& out) {
         write_report_markdown(r.run, r.view, out, r.distributions);
       }},
      {"html",
       [](const ReportResult& r, const Style&, std::ostream& out) {
         write_html(page("wasmsize report", r.run, r.run.findings, r.clusters,
                         std::string(model::kDefaultLevel)),
                    out);
       }},
      kReportCsv,
  };
  return kFormats;
}

FormatTable<CheckResult> check_formats() {
  static const Format<CheckResult> kFormats[] = {
      {"text",
       [](const CheckResult& r, const Style& s, std::ostream& out) {
         if (s.quiet) return write_findings_text(r.evaluation.findings, s, out);
         write_check_text(r.evaluation, s, out);
       }},
      {"json", [](const CheckResult& r, const Style&,
                  std::ostream& out) { write_check_json(r.evaluation, out); }},
      {"sarif", [](const CheckResult& r, const Style&,
                   std::ostream& out) { write_sarif(r.evaluation, out); }},
      {"junit", [](const CheckResult& r, const Style&,
                   std::ostream& out) { write_junit(r.evaluation, out); }},
      {"github", [](const CheckResult& r, const Style&,
                    std::ostream& out) { write_github(r.evaluation, out); }},
      {"markdown", [](const CheckResult& r, const Style&,
                      std::ostream& out) { write_markdown(r.evaluation, out); }},
      {"html",
       [](const CheckResult& r, const Style&, std::ostream& out) {
         const auto& d = r.evaluation.duplicates;
         write_html(page("wasmsize check", r.run, r.evaluation.findings, d ? d->clusters : nullptr,
                         d ? d->level : ""),
                    out);
       }},
  };
  return kFormats;
}

FormatTable<DupsResult> dups_formats() {
  static const Format<DupsResult> kFormats[] = {
      {"text",
       [](const DupsResult& r, const Style& s, std::ostream& out) {
         if (!s.quiet) write_dups_text(r.dups, r.run, r.view, s, out);
         write_findings_text(r.run.findings, s, out);
       }},
      {"json", [](const DupsResult& r, const Style&,
                  std::ostream& out) { write_dups_json(r.dups, r.run, r.view, out); }},
      {"markdown", [](const DupsResult& r, const Style&,
                      std::ostream& out) { write_dups_markdown(r.dups, r.run, r.view, out); }},
      {"html",
       [](const DupsResult& r, const Style&, std::ostream& out) {
         const std::string level =
             r.view.mode.empty() ? std::string(model::kDefaultLevel) : r.view.mode;
         write_html(page("wasmsize dups", r.run, r.run.findings, r.dups.level(level), level), out);
       }},
  };
  return kFormats;
}

FormatTable<DiffResult> diff_formats() {
  static const Format<DiffResult> kFormats[] = {
      {"text",
       [](const DiffResult& r, const Style& s, std::ostream& out) {
         if (!s.quiet) write_diff_text(r.diff, s, out);
         write_findings_text(r.findings, s, out);
       }},
      {"json",
       [](const DiffResult& r, const Style&, std::ostream& out) { write_diff_json(r.diff, out); }},
      {"markdown", [](const DiffResult& r, const Style&,
                      std::ostream& out) { write_diff_markdown(r.diff, out); }},
  };
  return kFormats;
}

FormatTable<InspectResult> inspect_formats() {
  static const Format<InspectResult> kFormats[] = {
      {"text", [](const InspectResult& r, const Style& s,
                  std::ostream& out) { write_inspect_text(r.artifact, r.module, r.view, s, out); }},
      {"json", [](const InspectResult& r, const Style&,
                  std::ostream& out) { write_inspect_json(r.artifact, r.module, out); }},
  };
  return kFormats;
}

}  // namespace wasmsize::report
