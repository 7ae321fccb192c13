// wasmsize: a size linter for WebAssembly wheels and modules. The commands
// are in the command table (cli/commands.cpp); this file parses the command
// line, sets up logging and maps what escapes to exit status 2.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/commands.h"
#include "cli/version_text.h"

using namespace wasmsize;

namespace {

int run(int argc, char** argv) {
  CLI::App app{
      "wasmsize: where the bytes of WebAssembly wheels and modules go, and a budget "
      "that fails the build when they grow"};
  app.set_version_flag("--version", cli::version_text());
  app.require_subcommand(1);

  cli::CommonOptions common;
  std::vector<std::pair<CLI::App*, std::function<int()>>> commands;
  for (const cli::Command& c : cli::all_commands()) {
    CLI::App* sub = app.add_subcommand(std::string(c.name), std::string(c.help));
    commands.emplace_back(sub, c.setup(*sub, common));
  }

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
    for (const auto& [sub, runner] : commands) {
      if (*sub) return runner();
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
