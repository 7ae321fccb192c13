#include <fmt/format.h>

#include "rules/all_rules.h"

namespace wasmsize::rules {

// Shared libraries are loaded by base name: two different libfoo.so in one
// closure and the loader keeps one of them (emscripten-forge recipes#1677).
Rule closure_forbid_name_collisions() {
  return closure_flag_rule(
      "closure.forbid-name-collisions",
      "Two different shared libraries of one base name in a load closure.",
      [](const ClosureSubject& c) {
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& n : c.closure.name_collisions) {
          out.emplace_back(
              n.name, fmt::format("{} differs between {}: the loader keeps one of them", n.name,
                                  fmt::join(n.wheels, ", ")));
        }
        return out;
      });
}

}  // namespace wasmsize::rules
