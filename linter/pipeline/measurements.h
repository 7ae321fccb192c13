// Everything one pipeline run measured: the model of every input, and the
// optional parts that only some commands and rules ask for (pipeline/needs.h).
// An optional part is empty exactly when it was not asked for.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/model.h"

namespace wasmsize::pipeline {

struct Measurements {
  model::Run run;  // artifacts, modules and the findings about the inputs
  // The fingerprint levels every parsed module has (Needs::levels).
  model::Levels fingerprinted = model::kNoLevels;
  // Whether archive entries carry their SHA-256 (Needs::entry_hashes).
  bool entry_hashes = false;
  // Clusters of duplicated functions at the levels asked for
  // (Needs::clusters_min_size); each level inside is itself optional.
  std::optional<model::DuplicateReport> duplicates;
  // What an input could not give: a saved report that lists only the top
  // modules, or lacks sections or function names. `diff` prints these
  // instead of reading the missing parts as zeros.
  std::vector<std::string> gaps;
};

}  // namespace wasmsize::pipeline
