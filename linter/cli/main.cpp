// wasmsize: a size linter for WebAssembly wheels and modules.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/common.h"
#include "version.h"

using namespace wasmsize;

namespace {

int run(int argc, char** argv) {
  CLI::App app{
      "wasmsize: where the bytes of WebAssembly wheels and modules go, and a budget "
      "that fails the build when they grow"};
  app.set_version_flag("--version", std::string("wasmsize ") + kVersion);
  app.require_subcommand(1);

  cli::CommonOptions common;
  report::ReportView view;
  std::vector<std::string> inputs;
  std::string target;

  auto* report = app.add_subcommand("report", "size breakdown per artifact and module");
  report->add_option("inputs", inputs, "wheels, zips, .wasm/.so files or folders")->required();
  report->add_option("--top", view.top, "show the N largest modules per artifact");
  report->add_option("--sort", view.sort, "sort modules by FIELD")
      ->check(CLI::IsMember(report::sort_fields()))
      ->default_str(view.sort);
  cli::add_common_options(*report, common, {"text", "json", "html"});

  auto* inspect = app.add_subcommand(
      "inspect", "one module in detail: sections, dylink.0, features, imports, exports, bodies");
  inspect->add_option("module", target, "a .wasm/.so file, or ARCHIVE!path/inside.so")->required();
  cli::add_common_options(*inspect, common, {"text", "json"});

  cli::CheckOptions check_options;
  auto* check = app.add_subcommand("check", "evaluate the budget; exit 1 when it is broken");
  check->add_option("inputs", check_options.inputs, "wheels, zips, .wasm/.so files or folders")
      ->required();
  check->add_option("-b,--budget", check_options.budget,
                    "budget file (default: wasmsize.yaml here or in a folder above)");
  check->add_option("--baseline", check_options.baseline,
                    "accept the findings recorded in FILE while they do not get worse");
  check->add_option("--base", check_options.base,
                    "a previous artifact, folder or saved json report, for the growth.* rules");
  check->add_flag("--update-baseline", check_options.update_baseline,
                  "record the current findings in the --baseline file (default "
                  "wasmsize-baseline.json)");
  check->add_flag("--warnings-as-errors", check_options.warnings_as_errors,
                  "treat warning findings as errors");
  cli::add_common_options(*check, common,
                          {"text", "json", "sarif", "junit", "github", "markdown", "html"});

  cli::DupsOptions dups_options;
  auto* dups =
      app.add_subcommand("dups", "clusters of duplicated functions: exact, mergeable, shape");
  dups->add_option("inputs", dups_options.inputs, "wheels, zips, .wasm/.so files or folders")
      ->required();
  dups->add_option("--mode", dups_options.mode, "show one level only")
      ->check(CLI::IsMember({"exact", "mergeable", "shape"}));
  dups->add_option("--min-size", dups_options.min_size, "ignore functions smaller than this")
      ->default_str(dups_options.min_size);
  dups->add_option("--top", dups_options.top, "clusters to list per level (0: all)")
      ->default_str("10");
  cli::add_common_options(*dups, common, {"text", "json", "markdown", "html"});

  std::string diff_base, diff_head;
  auto* diff =
      app.add_subcommand("diff", "what grew and shrank from BASE to HEAD, module by module");
  diff->add_option("base", diff_base,
                   "the earlier build: wheel, folder, module or saved json report")
      ->required();
  diff->add_option("head", diff_head, "the later build")->required();
  cli::add_common_options(*diff, common, {"text", "json", "markdown"});

  cli::InitOptions init_options;
  auto* init =
      app.add_subcommand("init", "write a starter wasmsize.yaml from what is measured now");
  init->add_option("inputs", init_options.inputs, "wheels, zips, .wasm/.so files or folders")
      ->required();
  init->add_option("--headroom", init_options.headroom, "room above today's sizes (10% or 0.1)")
      ->default_str(init_options.headroom);
  init->add_flag("-f,--force", init_options.force, "overwrite an existing budget file");
  cli::add_common_options(*init, common, {"text"});
  init->get_option("--output")->default_str(init_options.output);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : cli::kUsage;
  }

  auto log = spdlog::stderr_color_mt("wasmsize");
  spdlog::set_default_logger(log);
  spdlog::set_level(common.verbose ? spdlog::level::debug : spdlog::level::warn);
  spdlog::set_pattern("%n: %l: %v");

  try {
    if (*report) return cli::run_report(inputs, view, common);
    if (*inspect) return cli::run_inspect(target, common);
    if (*check) return cli::run_check(check_options, common);
    if (*dups) return cli::run_dups(dups_options, common);
    if (*diff) return cli::run_diff(diff_base, diff_head, common);
    if (*init) {
      if (!common.output.empty()) init_options.output = common.output;
      common.output.clear();
      return cli::run_init(init_options, common);
    }
  } catch (const cli::UsageError& e) {
    spdlog::error("{}", e.message);
    return cli::kUsage;
  } catch (const std::exception& e) {
    spdlog::error("internal error: {}", e.what());
    return cli::kUsage;
  }
  return cli::kUsage;
}

}  // namespace

int main(int argc, char** argv) {
  // Whatever escapes the subcommands (a failed allocation, a logger that
  // cannot be created) is still an exit status 2 with a message, never an
  // abort.
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "wasmsize: internal error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "wasmsize: internal error\n");
  }
  return cli::kUsage;
}
