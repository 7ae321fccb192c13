// The measuring pipeline: from command-line inputs to one Measurements value.
// It expands folders, picks each input's source by its content (sources/),
// parses each module once, fingerprints what the needs ask for, clusters
// duplicates, and marks duplicated bytes. Artifacts are read in parallel and
// so are the modules of one artifact; results land in input order whatever
// the job count.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "base/cache.h"
#include "pipeline/measurements.h"
#include "pipeline/needs.h"
#include "sources/source.h"

namespace wasmsize::pipeline {

struct Options {
  sources::ReadLimits limits;
  unsigned jobs = 1;
  // Only this archive member is read as a module (`inspect ARCHIVE!PATH`).
  std::string only_entry;
  // Called after each artifact (done, total), from any job; may be empty.
  std::function<void(size_t, size_t)> progress;
  // Where slow figures (transfer sizes) are kept between runs; null: none.
  base::ContentCache* cache = nullptr;
};

// Thrown for inputs that do not exist or cannot be walked: the tool cannot
// do its job (exit 2). Everything wrong inside an input is a finding.
struct InputError {
  std::string message;
};

Measurements measure(const std::vector<std::string>& inputs, const Needs& needs,
                     const Options& options);

// The part of measure() after reading: what `needs` asks of a run already
// read (clusters, duplicated sizes). Tests hand it runs built by hand.
void complete(Measurements& m, const Needs& needs);

// The part of measure() that reads and parses: files already expanded.
model::Run scan(const std::vector<sources::InputFile>& files, const Needs& needs,
                const Options& options);

}  // namespace wasmsize::pipeline
