// Rules by id, and the other keys a budget may set (parameters that shape
// rules but are not checks themselves, such as duplicates.mode).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rules/rule.h"

namespace wasmsize::rules {

const std::vector<Rule>& all_rules();
const Rule* find_rule(std::string_view id);

struct KeySpec {
  std::string_view section, key;
  LimitKind kind;
  std::vector<std::string_view> choices;  // kChoice only
};

// Every key a budget section accepts: the rules' keys and the parameters.
const std::vector<KeySpec>& budget_keys();
std::vector<std::string> section_keys(std::string_view section);

}  // namespace wasmsize::rules
