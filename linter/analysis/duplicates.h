// Clusters of duplicated functions across everything one run read, at each
// fingerprint level. A cluster's waste is (copies - 1) x size, where size is
// its smallest copy, and is split by scope: copies within one module, across
// modules of one artifact, and across artifacts (they add up to the total).
// Copies in alternatives (artifacts of one distribution) are no waste.
// Modules shipped twice as the same file are found first (`files`), counted
// once at file size, and their extra copies' functions are not clustered.
#pragma once

#include "model/model.h"

namespace wasmsize::analysis {

// Functions smaller than `min_size` bytes are left out (too small to share).
// Only `levels` are clustered (the others stay empty): the scan must have
// fingerprinted at least those.
model::DuplicateReport find_duplicates(const model::Run& run, uint64_t min_size,
                                       model::Levels levels = model::kAllLevels);

// Sets each module's duplicated_size: bytes of its functions that have a
// mergeable twin anywhere in the run (all of them, in an extra copy of a
// whole file).
void mark_duplicated(model::Run& run, const model::DuplicateLevel& mergeable,
                     const model::DuplicateFiles& files);

// Each artifact's group of alternatives, by index: artifacts of one
// distribution (other versions, Python tags, builds) share a group, since no
// environment installs two of them.
std::vector<uint32_t> alternative_groups(const model::Run& run);

// A level's clusters split by subject, as duplicates.scope says ("module",
// "artifact" or "all"): wasted bytes are the copies beyond the first within
// each subject, so a cluster spread over two artifacts counts in neither at
// artifact scope, only at `all`, and copies in alternatives of one
// distribution count once. Whole files shipped twice (`files`) are charged
// to the extra copies' subjects (at module scope, to the extra module).
// Every subject is listed, duplicated or not.
std::vector<model::ScopedDuplicates> split_by_scope(const model::Run& run,
                                                    const model::DuplicateLevel& level,
                                                    const model::DuplicateFiles& files,
                                                    std::string_view scope, uint64_t min_size);

}  // namespace wasmsize::analysis
