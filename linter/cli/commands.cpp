#include "cli/commands.h"

#include <array>

namespace wasmsize::cli {

extern const Command kReportCommand;   // report_command.cpp
extern const Command kCheckCommand;    // check_command.cpp
extern const Command kDupsCommand;     // dups_command.cpp
extern const Command kDiffCommand;     // diff_command.cpp
extern const Command kInspectCommand;  // inspect_command.cpp
extern const Command kInitCommand;     // init_command.cpp

std::span<const Command> all_commands() {
  static const std::array kCommands = {kReportCommand, kInspectCommand, kCheckCommand,
                                       kDupsCommand,   kDiffCommand,    kInitCommand};
  return kCommands;
}

}  // namespace wasmsize::cli
