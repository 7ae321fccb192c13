// `wasmsize report INPUT...`: where the bytes go, per artifact and module.
#include "analysis/closures.h"
#include "cli/commands.h"

namespace wasmsize::cli {

namespace {

struct ReportOptions {
  std::vector<std::string> inputs;
  report::ReportView view;
  bool transfer = false;
  std::vector<std::string> packages;  // --package: one loadPackage([...]) of these
};

int run(const ReportOptions& r, const CommonOptions& o) {
  // The `dup` column (and the html clusters) read the mergeable level only.
  const pipeline::Needs needs{.levels = model::kMergeable,
                              .clusters_min_size = model::kDefaultMinFunctionSize,
                              .duplicated_sizes = true,
                              .function_list = formats_list_functions(o),
                              .transfer = {.modules = r.transfer,
                                           .artifacts = r.transfer,
                                           .potential = r.transfer,
                                           // a lock's closures show what a browser downloads
                                           .distributions = true,
                                           .distribution_potential = true}};
  const pipeline::Measurements m = measure(r.inputs, needs, o);
  if (!r.packages.empty() && m.run.distributions.empty()) {
    throw UsageError{
        "--package names packages of a distribution: give a pyodide-lock.json (or "
        "a folder holding one) as input"};
  }
  const auto closures = analysis::distribution_closures(m.run, r.packages);
  emit(report::report_formats(),
       report::ReportResult{m.run, &*m.duplicates->mergeable, r.view, closures}, o);
  return exit_status(m.run.findings);
}

std::function<int()> setup_report(CLI::App& cmd, CommonOptions& common) {
  auto r = std::make_shared<ReportOptions>();
  cmd.add_option("inputs", r->inputs, "wheels, zips, .wasm/.so files, folders or saved reports")
      ->required();
  cmd.add_option("--top", r->view.top, "show the N largest modules per artifact")
      ->check(count_option);
  cmd.add_option("--sort", r->view.sort, "sort modules by FIELD")
      ->check(CLI::IsMember(report::sort_fields()))
      ->default_str(r->view.sort);
  cmd.add_option("--package", r->packages,
                 "with a pyodide-lock.json: the closure of these packages together, as one "
                 "loadPackage([...]) fetches them (repeatable)");
  cmd.add_flag("--transfer", r->transfer,
               "also measure transfer sizes: brotli and gzip as a server sends each module and "
               "artifact, and brotli of each archive with its entries stored (slow the first "
               "time; kept in $XDG_CACHE_HOME/wasmsize)");
  add_common_options(cmd, common, report::format_names(report::report_formats()));
  return [r, &common] { return run(*r, common); };
}

}  // namespace

extern const Command kReportCommand{
    .name = "report", .help = "size breakdown per artifact and module", .setup = setup_report};

}  // namespace wasmsize::cli
