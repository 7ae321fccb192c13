// wasmsize: a size linter for WebAssembly wheels and modules.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>

#include "cli/common.h"
#include "version.h"

using namespace wasmsize;

int main(int argc, char** argv) {
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
  cli::add_common_options(*report, common, {"text", "json"});

  auto* inspect = app.add_subcommand(
      "inspect", "one module in detail: sections, dylink.0, features, imports, exports, bodies");
  inspect->add_option("module", target, "a .wasm/.so file, or ARCHIVE!path/inside.so")->required();
  cli::add_common_options(*inspect, common, {"text", "json"});

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : cli::kUsage;
  }

  auto log = spdlog::stderr_color_mt("wasmsize");
  spdlog::set_default_logger(log);
  spdlog::set_pattern("wasmsize: %v");
  spdlog::set_level(common.verbose ? spdlog::level::debug : spdlog::level::warn);

  try {
    if (*report) return cli::run_report(inputs, view, common);
    if (*inspect) return cli::run_inspect(target, common);
  } catch (const cli::UsageError& e) {
    spdlog::error("{}", e.message);
    return cli::kUsage;
  } catch (const std::exception& e) {
    spdlog::error("internal error: {}", e.what());
    return cli::kUsage;
  }
  return cli::kUsage;
}
