// Clusters of duplicated functions across everything one run read, at each
// fingerprint level. A cluster's waste is (copies - 1) x size, where size is
// its smallest copy, and is split by scope: copies within one module, across
// modules of one artifact, and across artifacts (they add up to the total).
#pragma once

#include "model/model.h"

namespace wasmsize::analysis {

// Functions smaller than `min_size` bytes are left out (too small to share).
// Only `levels` are clustered (the others stay empty): the scan must have
// fingerprinted at least those.
model::DuplicateReport find_duplicates(const model::Run& run, uint64_t min_size,
                                       model::Levels levels = model::kAllLevels);

// Sets each module's duplicated_size: bytes of its functions that have a
// mergeable twin anywhere in the run.
void mark_duplicated(model::Run& run, const model::DuplicateReport& dups);

}  // namespace wasmsize::analysis
