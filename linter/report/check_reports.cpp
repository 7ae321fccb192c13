// `check` output as text and json: the findings, then a one-line verdict.
#include <fmt/format.h>

#include <filesystem>

#include "report/escape.h"
#include "report/report.h"

namespace wasmsize::report {

namespace {

struct Counts {
  size_t errors = 0, warnings = 0;
};

Counts count(const std::vector<model::Finding>& findings) {
  Counts c;
  for (const auto& f : findings) {
    if (f.severity == model::Severity::kError) ++c.errors;
    if (f.severity == model::Severity::kWarning) ++c.warnings;
  }
  return c;
}

}  // namespace

std::string finding_location(const model::Finding& f) {
  const std::string file = std::filesystem::path(f.artifact).filename().string();
  return f.subject.empty() || names_the_file(f) ? file : file + "!" + f.subject;
}

void write_check_text(const model::Evaluation& e, const Style& style, std::ostream& out) {
  write_findings_text(e.findings, style, out);
  const Counts c = count(e.findings);
  size_t failed = 0;
  for (const auto& ch : e.checks)
    failed += !ch.passed;
  const std::string baselined =
      e.baselined ? fmt::format(", {} accepted by the baseline", e.baselined) : "";
  if (c.errors + c.warnings == 0) {
    const std::string ok =
        failed == 0
            ? fmt::format("wasmsize: {} checks passed against {}", e.checks.size(),
                          term(e.budget_path))
            : fmt::format("wasmsize: {} of {} checks passed against {}{}", e.checks.size() - failed,
                          e.checks.size(), term(e.budget_path), baselined);
    out << (style.color ? "\x1b[32m" + ok + "\x1b[0m" : ok) << '\n';
  } else {
    // Findings about the inputs (input.*) are not budget checks: say how
    // many there are, so "4 errors" above and "0 of 44 checks failed"
    // here do not read as a contradiction (issue 15).
    size_t about_inputs = 0;
    for (const auto& f : e.findings)
      about_inputs += f.rule.rfind("input.", 0) == 0;
    const std::string inputs =
        about_inputs == 0 ? ""
                          : fmt::format("; {} finding{} about the inputs themselves (input.*)",
                                        about_inputs, about_inputs == 1 ? "" : "s");
    out << fmt::format("wasmsize: {} of {} checks failed against {}{}{}\n", failed, e.checks.size(),
                       term(e.budget_path), baselined, inputs);
  }
}

void write_check_json(const model::Evaluation& e, std::ostream& out) {
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& f : e.findings) {
    nlohmann::json j = finding_json(f);
    j["value"] = f.value ? nlohmann::json(*f.value) : nlohmann::json();
    j["limit"] = f.limit ? nlohmann::json(*f.limit) : nlohmann::json();
    if (!f.value_text.empty()) j["value_text"] = f.value_text;
    if (!f.limit_text.empty()) j["limit_text"] = f.limit_text;
    if (f.budget_line) j["budget_line"] = f.budget_line;
    if (!f.key.empty()) j["key"] = f.key;
    findings.push_back(std::move(j));
  }
  const Counts c = count(e.findings);
  size_t failed = 0;
  for (const auto& ch : e.checks)
    failed += !ch.passed;
  const nlohmann::json doc = {{"schema", kJsonSchema},
                              {"tool", tool_json()},
                              {"command", "check"},
                              {"budget", e.budget_path},
                              {"findings", findings},
                              {"summary",
                               {{"error", c.errors},
                                {"warning", c.warnings},
                                {"checks", e.checks.size()},
                                {"failed_checks", failed},
                                {"baselined", e.baselined}}}};
  out << json::to_text(doc, 2) << '\n';
}

}  // namespace wasmsize::report
