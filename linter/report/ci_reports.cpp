// Formats for CI systems: JUnit XML (one testcase per rule and subject),
// GitHub workflow commands (annotations), and a Markdown table for
// $GITHUB_STEP_SUMMARY and pull-request comments.
#include <fmt/format.h>

#include <deque>
#include <map>

#include "report/escape.h"
#include "report/report.h"

namespace wasmsize::report {

namespace {

// GitHub's escaping for workflow command data and properties.
// Text from inputs is made visible first (base/escape.h): a log shows the
// message, and an ESC in it would reach the reader's terminal.
std::string gh_data(const std::string& s) {
  std::string out;
  for (char c : term(s)) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else
      out += c;
  }
  return out;
}

std::string gh_property(const std::string& s) {
  std::string out;
  for (char c : gh_data(s)) {
    if (c == ':')
      out += "%3A";
    else if (c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

}  // namespace

void write_junit(const model::Evaluation& e, std::ostream& out) {
  std::map<std::string, std::vector<const model::Finding*>> failures;  // "rule|artifact|subject"
  for (const auto& f : e.findings) {
    if (f.severity == model::Severity::kError)
      failures[f.rule + "|" + f.artifact + "|" + f.subject].push_back(&f);
  }
  struct Case {
    const model::Check* check;
    std::vector<const model::Finding*> failures;
  };
  std::map<std::string, std::vector<Case>> suites;
  for (const auto& c : e.checks) {
    auto it = failures.find(c.rule + "|" + c.artifact + "|" + c.subject);
    suites[c.rule].push_back(
        {&c, it == failures.end() ? std::vector<const model::Finding*>{} : it->second});
  }
  // Input findings have no check of their own: each is a failed case.
  std::deque<model::Check> input_checks;  // stable addresses as it grows
  for (const auto& f : e.findings) {
    if (f.rule.rfind("input.", 0) == 0 && f.severity == model::Severity::kError) {
      input_checks.push_back({f.rule, f.artifact, f.subject, false});
      suites[f.rule].push_back({&input_checks.back(), {&f}});
    }
  }
  size_t tests = 0, failed = 0;
  for (const auto& [rule, cases] : suites) {
    tests += cases.size();
    for (const auto& c : cases)
      failed += !c.failures.empty();
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites name=\"wasmsize\" tests=\"{}\" failures=\"{}\">\n", tests,
                     failed);
  for (const auto& [rule, cases] : suites) {
    size_t suite_failed = 0;
    for (const auto& c : cases)
      suite_failed += !c.failures.empty();
    out << fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n",
                       markup_escape(rule), cases.size(), suite_failed);
    for (const auto& c : cases) {
      model::Finding where{c.check->rule, model::Severity::kError, c.check->artifact,
                           c.check->subject};
      out << fmt::format("    <testcase classname=\"{}\" name=\"{}\"", markup_escape(rule),
                         markup_escape(finding_location(where)));
      if (c.failures.empty()) {
        out << "/>\n";
        continue;
      }
      out << ">\n";
      for (const auto* f : c.failures) {
        out << fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                           markup_escape(f->rule), markup_escape(f->message),
                           markup_escape(finding_location(*f) + ": " + f->message));
      }
      out << "    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

void write_github(const model::Evaluation& e, std::ostream& out) {
  constexpr size_t kMaxPerSeverity = 10;  // GitHub shows no more per step
  size_t shown[2] = {0, 0}, hidden[2] = {0, 0};
  for (const auto& f : e.findings) {
    const int s = f.severity == model::Severity::kError ? 0 : 1;
    if (shown[s] == kMaxPerSeverity) {
      ++hidden[s];
      continue;
    }
    ++shown[s];
    out << fmt::format("::{} file={},line={},title={}::{}\n", s == 0 ? "error" : "warning",
                       gh_property(e.budget_path), std::max(1, f.budget_line),
                       gh_property("wasmsize " + f.rule),
                       gh_data(finding_location(f) + ": " + f.message));
  }
  if (hidden[0] + hidden[1] > 0) {
    out << fmt::format(
        "::notice title=wasmsize::{} more error(s) and {} more warning(s) not "
        "annotated; see the step summary or the SARIF report\n",
        hidden[0], hidden[1]);
  }
}

void write_markdown(const model::Evaluation& e, std::ostream& out) {
  size_t errors = 0, warnings = 0;
  for (const auto& f : e.findings) {
    errors += f.severity == model::Severity::kError;
    warnings += f.severity == model::Severity::kWarning;
  }
  if (errors + warnings == 0) {
    out << fmt::format("### wasmsize: ✅ {} checks passed\n\nBudget: {}\n", e.checks.size(),
                       md_code(e.budget_path));
    return;
  }
  out << fmt::format("### wasmsize: {} {} error{}, {} warning{}\n\n", errors ? "❌" : "⚠️",
                     errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
  out << "| | Rule | Where | Value | Limit | Finding |\n|---|---|---|---:|---:|---|\n";
  for (const auto& f : e.findings) {
    out << fmt::format("| {} | `{}` | {} | {} | {} | {} |\n",
                       f.severity == model::Severity::kError ? "❌" : "⚠️", f.rule,
                       md_code(finding_location(f)), markdown_escape(f.value_text),
                       markdown_escape(f.limit_text), markdown_escape(f.message));
  }
  out << fmt::format(
      "\nBudget: {}{}\n", md_code(e.budget_path),
      e.baselined ? fmt::format(" ({} findings accepted by the baseline)", e.baselined) : "");
}

}  // namespace wasmsize::report
