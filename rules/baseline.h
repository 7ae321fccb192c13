// Baselines let a project adopt a budget today and ratchet it down: findings
// recorded in the baseline file are accepted while their measured value does
// not get worse. Keys name rule, distribution and member path, never the
// versioned wheel file name, so a baseline survives a version bump.
#pragma once

#include <map>
#include <string>

#include "model/model.h"

namespace wasmsize::rules {

using Baseline = std::map<std::string, double>;  // key -> accepted value

// Throws std::runtime_error with a message naming the file.
Baseline load_baseline(const std::string& path);
void write_baseline(const std::string& path, const std::vector<model::Finding>& findings);

// Removes accepted findings from `e.findings`, counting them in e.baselined.
void apply_baseline(const Baseline& baseline, model::Evaluation& e);

}  // namespace wasmsize::rules
