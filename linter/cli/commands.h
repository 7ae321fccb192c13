// The command table, as ninja's tool table: each command lives in its own
// file, registers its own options on its subcommand, and returns what runs
// it. main.cpp walks the table; a new command is a new file plus one line in
// commands.cpp.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <span>
#include <string_view>

#include "cli/common.h"

namespace wasmsize::cli {

struct Command {
  std::string_view name;
  std::string_view help;
  // Adds the command's options to `cmd` (the common ones too, with its
  // format table) and returns what runs it once the command line is parsed.
  std::function<int()> (*setup)(CLI::App& cmd, CommonOptions& common);
};

std::span<const Command> all_commands();

}  // namespace wasmsize::cli
