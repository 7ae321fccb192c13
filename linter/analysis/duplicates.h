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
void mark_duplicated(model::Run& run, const model::DuplicateLevel& mergeable);

// A level's clusters split by subject, as duplicates.scope says ("module",
// "artifact" or "all"): wasted bytes are the copies beyond the first within
// each subject, so a cluster spread over two artifacts counts in neither at
// artifact scope, only at `all`. Every subject is listed, duplicated or not.
std::vector<model::ScopedDuplicates> split_by_scope(const model::Run& run,
                                                    const model::DuplicateLevel& level,
                                                    std::string_view scope, uint64_t min_size);

}  // namespace wasmsize::analysis
