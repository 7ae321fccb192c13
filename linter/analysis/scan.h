// The pipeline from inputs to the model: read each artifact, parse each
// module once, measure it. Artifacts are read in parallel and so are the
// modules of one artifact; results land in input order whatever the job count.
#pragma once

#include <functional>
#include <vector>

#include "archive/input.h"
#include "model/model.h"

namespace wasmsize::analysis {

struct ScanOptions {
  archive::ReadOptions read;
  unsigned jobs = 1;
  // Fingerprint levels to compute; with none, the parser decodes every body
  // itself so that a malformed one is still found.
  model::Levels levels = model::kAllLevels;
  // Called after each artifact (done, total), from any job; may be empty.
  std::function<void(size_t, size_t)> progress;
};

model::Run scan(const std::vector<archive::InputFile>& inputs, const ScanOptions& options);

}  // namespace wasmsize::analysis
