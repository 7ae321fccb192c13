// `wasmsize diff BASE HEAD`: what grew and shrank, module by module. Either
// side may be a saved `report --format json`, which stands for its build.
#include <fmt/format.h>

#include "analysis/closures.h"
#include "analysis/diff.h"
#include "cli/commands.h"

namespace wasmsize::cli {

namespace {

struct DiffOptions {
  std::string base, head;
};

int run(const DiffOptions& d, const CommonOptions& o) {
  // Two distributions compare closure by closure, with what is downloaded.
  const pipeline::Needs needs{.transfer = {.distributions = true}};
  const pipeline::Measurements base = measure({d.base}, needs, o);
  const pipeline::Measurements head = measure({d.head}, needs, o);
  model::DiffReport diff = analysis::diff_runs(base.run, head.run);
  diff.closures = analysis::diff_closures(base.run, head.run);
  for (const auto& gap : base.gaps)
    diff.notes.push_back(fmt::format("base {}", gap));
  for (const auto& gap : head.gaps)
    diff.notes.push_back(fmt::format("head {}", gap));
  std::vector<model::Finding> findings = base.run.findings;
  findings.insert(findings.end(), head.run.findings.begin(), head.run.findings.end());
  emit(report::diff_formats(), report::DiffResult{diff, findings}, o);
  return exit_status(findings);
}

std::function<int()> setup_diff(CLI::App& cmd, CommonOptions& common) {
  auto d = std::make_shared<DiffOptions>();
  cmd.add_option("base", d->base, "the earlier build: wheel, folder, module or saved json report")
      ->required();
  cmd.add_option("head", d->head, "the later build")->required();
  add_common_options(cmd, common, report::format_names(report::diff_formats()));
  return [d, &common] { return run(*d, common); };
}

}  // namespace

extern const Command kDiffCommand{
    .name = "diff",
    .help = "what grew and shrank from BASE to HEAD, module by module",
    .setup = setup_diff};

}  // namespace wasmsize::cli
