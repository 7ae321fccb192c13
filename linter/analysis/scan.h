// The pipeline from inputs to the model: read each artifact, parse each
// module once, measure it. Artifacts are independent, so they are read in
// parallel; results land in input order whatever the job count.
#pragma once

#include <vector>

#include "archive/input.h"
#include "model/model.h"

namespace wasmsize::analysis {

struct ScanOptions {
  archive::ReadOptions read;
  unsigned jobs = 1;
};

model::Run scan(const std::vector<archive::InputFile>& inputs, const ScanOptions& options);

}  // namespace wasmsize::analysis
