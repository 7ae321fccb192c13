#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/common.h"
#include "rules/engine.h"
#include "rules/init.h"
#include "rules/registry.h"
#include "rules/units.h"

namespace wasmsize::cli {

namespace {

// Whether every wheel's files match its RECORD, so the starter budget can
// ask for that from now on.
bool records_verify(const model::Run& run) {
  const rules::Rule* rule = rules::find_rule("artifact.verify-record");
  rules::Setting on;
  on.kind = rules::LimitKind::kFlag;
  on.flag = true;
  for (const auto& a : run.artifacts) {
    if (a.kind == model::ArtifactReport::Kind::kWheel && !rule->artifact(a, on).empty())
      return false;
  }
  return true;
}

}  // namespace

int run_init(const InitOptions& i, const CommonOptions& o) {
  rules::UnitError err;
  const auto headroom = rules::parse_ratio(i.headroom, &err);
  if (!headroom) throw UsageError{"--headroom: " + err.message};
  const model::Run run = scan_inputs(i.inputs, o, model::kNoLevels, /*hash_entries=*/true);
  if (exit_status(run.findings) != kOk) {
    report::write_findings_text(run.findings, {}, std::cerr);
    throw UsageError{"the inputs have errors (above); fix them before writing a budget from them"};
  }
  const std::string yaml = rules::starter_budget(run, *headroom, records_verify(run));
  if (i.output == "-") {
    std::cout << yaml;
    return kOk;
  }
  if (std::filesystem::exists(i.output) && !i.force) {
    throw UsageError{fmt::format("{} exists; pass --force to overwrite it, or -o FILE", i.output)};
  }
  std::ofstream out(i.output);
  if (!(out << yaml)) throw UsageError{fmt::format("cannot write {}", i.output)};
  if (!o.quiet) {
    std::cerr << fmt::format(
        "wasmsize: wrote {} from {} artifact(s); run `wasmsize check` to use it\n", i.output,
        run.artifacts.size());
  }
  return kOk;
}

}  // namespace wasmsize::cli
