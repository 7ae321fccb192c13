// wasmsize: a size linter for WebAssembly wheels and modules. The commands
// are in the command table (cli/commands.cpp); this file parses the command
// line, sets up logging and maps what escapes to exit status 2.
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "base/escape.h"
#include "cli/commands.h"
#include "cli/version_text.h"

using namespace wasmsize;

namespace {

// Every message to stderr holds paths and names from the inputs and the
// command line: escaped for a terminal line by line (base/escape.h), the
// one place stderr text leaves the tool.
class EscapingFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const std::string text =
        base::for_terminal_lines(std::string_view(msg.payload.data(), msg.payload.size()));
    spdlog::details::log_msg copy = msg;
    copy.payload = text;
    inner_->format(copy, dest);
    msg.color_range_start = copy.color_range_start;
    msg.color_range_end = copy.color_range_end;
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<EscapingFormatter>();
  }

 private:
  std::unique_ptr<spdlog::formatter> inner_ =
      std::make_unique<spdlog::pattern_formatter>("%n: %l: %v");
};

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
    // --help and --version print as CLI11 prints them; an error quotes the
    // command line, which is escaped like any other input.
    if (e.get_exit_code() == 0) return app.exit(e);
    std::cerr << base::for_terminal_lines(e.what()) << "\nRun with --help for more information.\n";
    return cli::kUsage;
  }

  auto log = spdlog::stderr_color_mt("wasmsize");
  spdlog::set_default_logger(log);
  spdlog::set_level(common.verbose ? spdlog::level::debug : spdlog::level::warn);
  spdlog::set_formatter(std::make_unique<EscapingFormatter>());

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
    std::fprintf(stderr, "wasmsize: internal error: %s\n",
                 base::for_terminal_lines(e.what()).c_str());
  } catch (...) {
    std::fprintf(stderr, "wasmsize: internal error\n");
  }
  return cli::kUsage;
}
