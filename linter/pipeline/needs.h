// What a command or a rule asks the pipeline to compute beyond the base
// measurements (sizes, sections, functions, imports, exports, dylink).
// Commands and rules say what they read; the pipeline computes exactly that,
// and nothing downstream can read a part that was not asked for: it is an
// empty optional in the Measurements.
#pragma once

#include <cstdint>
#include <optional>

#include "model/model.h"

namespace wasmsize::pipeline {

struct Needs {
  // Fingerprint levels of every function body. With none, the parser still
  // decodes every body so that a malformed one is found.
  model::Levels levels = model::kNoLevels;
  // Inflate every archive entry and keep its RECORD-style SHA-256 (and the
  // wheel's RECORD), for artifact.verify-record.
  bool entry_hashes = false;
  // Cluster duplicated functions at `levels`, functions of at least this
  // many bytes.
  std::optional<uint64_t> clusters_min_size;
  // Each module's duplicated_size (bytes with a mergeable twin); needs the
  // mergeable clusters.
  bool duplicated_sizes = false;
  // Keep every function's record (ModuleReport::functions), for commands
  // and formats that list functions. Off, a module of a million functions
  // keeps only their names and fingerprints.
  bool function_list = true;
  // Transfer sizes (transfer/transfer.h): of every module, of every
  // artifact file, and of archives repacked with stored entries (the
  // slowest: brotli of every inflated byte).
  struct Transfer {
    bool modules = false, artifacts = false, potential = false;
    // Artifacts, and with `distribution_potential` their stored repack
    // too, for the artifacts of distributions only (closure figures; the
    // potential is the slow one, and only `report` shows it).
    bool distributions = false, distribution_potential = false;
  } transfer;
  // Each artifact file's SHA-256 (ArtifactReport::file_sha256), for a
  // distribution's lock; transfer sizes of artifacts need it too.
  bool file_hashes = false;

  // The union: what either asks for. Clustering at the smaller minimum.
  Needs& operator|=(const Needs& o) {
    levels = model::Levels(levels | o.levels);
    entry_hashes = entry_hashes || o.entry_hashes;
    if (o.clusters_min_size) {
      clusters_min_size = clusters_min_size ? std::min(*clusters_min_size, *o.clusters_min_size)
                                            : *o.clusters_min_size;
    }
    duplicated_sizes = duplicated_sizes || o.duplicated_sizes;
    function_list = function_list || o.function_list;
    transfer.modules = transfer.modules || o.transfer.modules;
    transfer.artifacts = transfer.artifacts || o.transfer.artifacts;
    transfer.potential = transfer.potential || o.transfer.potential;
    transfer.distributions = transfer.distributions || o.transfer.distributions;
    transfer.distribution_potential =
        transfer.distribution_potential || o.transfer.distribution_potential;
    file_hashes = file_hashes || o.file_hashes;
    return *this;
  }
};

}  // namespace wasmsize::pipeline
