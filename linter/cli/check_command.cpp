// `wasmsize check INPUT... [--budget FILE]`: the budget as a gate.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>

#include "cli/commands.h"
#include "rules/baseline.h"
#include "rules/engine.h"

namespace wasmsize::cli {

namespace {

constexpr const char* kDefaultBaseline = "wasmsize-baseline.json";

struct CheckOptions {
  std::vector<std::string> inputs;
  std::string budget;
  std::string baseline;
  std::string base;  // --base: a previous artifact, folder or saved json report
  bool update_baseline = false;
  bool warnings_as_errors = false;
};

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

// The baseline file: --baseline, else wasmsize-baseline.json beside the
// budget. Writing and reading use the same path, so `check
// --update-baseline` followed by a plain `check` accepts what was recorded
// (it used to write one file and read none).
std::string baseline_path(const CheckOptions& c, const rules::Budget& budget) {
  if (!c.baseline.empty()) return c.baseline;
  const auto beside = std::filesystem::path(budget.path).parent_path() / kDefaultBaseline;
  return beside.string();
}

void apply_baseline(const CheckOptions& c, const rules::Budget& budget, model::Evaluation& e) {
  const std::string path = baseline_path(c, budget);
  if (c.update_baseline) {
    try {
      rules::write_baseline(path, e.findings);
    } catch (const std::exception& ex) {
      throw UsageError{ex.what()};
    }
    spdlog::info("wrote {} finding(s) to {}", e.findings.size(), path);
  } else if (c.baseline.empty() && !std::filesystem::exists(path)) {
    return;  // no baseline given and none beside the budget
  }
  try {
    rules::apply_baseline(rules::load_baseline(path), e);
  } catch (const std::exception& ex) {
    throw UsageError{ex.what()};
  }
}

int run(const CheckOptions& c, const CommonOptions& o) {
  const rules::Budget budget = budget_for(c);
  pipeline::Needs needs = rules::needs(budget);
  needs.function_list = formats_list_functions(o);
  const pipeline::Measurements m = measure(c.inputs, needs, o);
  std::optional<pipeline::Measurements> base;
  if (!c.base.empty()) {
    // The first run on a new repository has no earlier build: an empty
    // base means no growth rules, said once, rather than every module
    // "grown from 0" (the action does the same for an absent base).
    CommonOptions lenient = o;
    lenient.allow_empty = true;
    base = measure({c.base}, {}, lenient);
    if (base->run.module_count() == 0) {
      spdlog::warn("no module in --base {}: the growth rules are skipped", c.base);
      base.reset();
    }
  }
  model::Evaluation e = rules::evaluate(m, budget, base ? &base->run : nullptr);
  apply_baseline(c, budget, e);
  if (c.warnings_as_errors) {
    for (auto& f : e.findings) {
      if (f.severity == model::Severity::kWarning) f.severity = model::Severity::kError;
    }
  }
  emit(report::check_formats(), report::CheckResult{e, m.run}, o);
  return exit_status(e.findings);
}

std::function<int()> setup_check(CLI::App& cmd, CommonOptions& common) {
  auto c = std::make_shared<CheckOptions>();
  cmd.add_option("inputs", c->inputs, "wheels, zips, .wasm/.so files or folders")->required();
  cmd.add_option("-b,--budget", c->budget,
                 "budget file (default: wasmsize.yaml here or in a folder above)");
  cmd.add_option("--baseline", c->baseline,
                 "accept the findings recorded in FILE while they do not get worse (default: "
                 "wasmsize-baseline.json beside the budget, when it exists)");
  cmd.add_option("--base", c->base,
                 "a previous artifact, folder or saved json report, for the growth.* rules");
  cmd.add_flag("--update-baseline", c->update_baseline,
               "record the current findings in the baseline file and accept them (exit 0)");
  cmd.add_flag("--warnings-as-errors", c->warnings_as_errors, "treat warning findings as errors");
  add_common_options(cmd, common, report::format_names(report::check_formats()));
  return [c, &common] { return run(*c, common); };
}

}  // namespace

extern const Command kCheckCommand{
    .name = "check", .help = "evaluate the budget; exit 1 when it is broken", .setup = setup_check};

}  // namespace wasmsize::cli
