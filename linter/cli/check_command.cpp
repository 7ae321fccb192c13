#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>

#include "cli/common.h"
#include "rules/baseline.h"
#include "rules/engine.h"

namespace wasmsize::cli {

namespace {

rules::Budget budget_for(const CheckOptions& c) {
  std::string path = c.budget;
  if (path.empty()) {
    auto found = rules::find_budget(std::filesystem::current_path().string());
    if (!found) {
      throw UsageError{
          "no wasmsize.yaml in this folder or any above it; pass --budget FILE, or "
          "write one with `wasmsize init INPUT...`"};
    }
    std::error_code ec;
    const auto rel = std::filesystem::relative(*found, std::filesystem::current_path(), ec);
    path = ec ? *found : rel.string();
  }
  try {
    return rules::load_budget(path);
  } catch (const rules::BudgetError& e) {
    throw UsageError{e.message};
  }
}

void write(const model::Evaluation& e, const model::Run& run, const std::string& format,
           Output& out) {
  auto& s = out.stream();
  if (format == "html") {
    const auto* dups = e.duplicates ? &e.duplicates->clusters : nullptr;
    return report::write_html(
        {"wasmsize check", run, e.findings, dups, e.duplicates ? e.duplicates->level : ""}, s);
  }
  if (format == "json") return report::write_check_json(e, s);
  if (format == "sarif") return report::write_sarif(e, s);
  if (format == "junit") return report::write_junit(e, s);
  if (format == "github") return report::write_github(e, s);
  if (format == "markdown") return report::write_markdown(e, s);
  report::write_check_text(e, out.style(), s);
}

}  // namespace

int run_check(const CheckOptions& c, const CommonOptions& o) {
  const rules::Budget budget = budget_for(c);
  const model::Run run =
      scan_inputs(c.inputs, o, rules::needed_levels(budget), rules::needs_entry_hashes(budget));
  std::optional<model::Run> base;
  if (!c.base.empty()) base = load_build(c.base, o);
  model::Evaluation e = rules::evaluate(run, budget, base ? &*base : nullptr);

  if (c.update_baseline) {
    const std::string path = c.baseline.empty() ? "wasmsize-baseline.json" : c.baseline;
    try {
      rules::write_baseline(path, e.findings);
    } catch (const std::exception& ex) {
      throw UsageError{ex.what()};
    }
    spdlog::info("wrote {} finding(s) to {}", e.findings.size(), path);
  }
  if (!c.baseline.empty()) {
    try {
      rules::apply_baseline(rules::load_baseline(c.baseline), e);
    } catch (const std::exception& ex) {
      throw UsageError{ex.what()};
    }
  }
  if (c.warnings_as_errors) {
    for (auto& f : e.findings) {
      if (f.severity == model::Severity::kWarning) f.severity = model::Severity::kError;
    }
  }
  Output out(o);
  if (o.quiet && o.format == "text") {
    report::write_findings_text(e.findings, out.style(), out.stream());
  } else {
    write(e, run, o.format, out);
  }
  return exit_status(e.findings);
}

}  // namespace wasmsize::cli
