#include "pipeline/pipeline.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <stdexcept>

#include "analysis/duplicates.h"
#include "pipeline/findings.h"
#include "sources/findings.h"

namespace wasmsize::pipeline {

std::span<const base::FindingKind> input_finding_kinds() {
  static const auto kinds = [] {
    std::vector<base::FindingKind> all = {kMalformedModule, kMalformedCustomSection,
                                          kResourceLimit};
    all.insert(all.end(), sources::kFindingKinds.begin(), sources::kFindingKinds.end());
    return all;
  }();
  return kinds;
}

namespace {

// Saved reports (sources that load finished measurements) are taken whole;
// every other input is read and parsed by scan(). Artifacts keep the order
// of the inputs.
Measurements read_inputs(const std::vector<sources::InputFile>& files, const Needs& needs,
                         const Options& options) {
  // Each input is sniffed once, here; the scan reads it with that source.
  std::vector<sources::InputFile> to_scan;
  std::vector<const sources::Source*> source_of(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    source_of[i] = &sources::source_for(files[i].path);
    if (!source_of[i]->load) {
      to_scan.push_back(files[i]);
      to_scan.back().source = source_of[i];
    }
  }
  Measurements out;
  model::Run scanned = scan(to_scan, needs, options);
  out.run.findings = std::move(scanned.findings);
  size_t next_scanned = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    if (!source_of[i]->load) {
      out.run.artifacts.push_back(std::move(scanned.artifacts[next_scanned++]));
      continue;
    }
    sources::LoadedRun loaded;
    try {
      loaded = source_of[i]->load(files[i].path);
    } catch (const std::runtime_error& e) {
      throw InputError{e.what()};
    }
    if (needs.levels != model::kNoLevels) {
      loaded.gaps.push_back(
          fmt::format("{}: a saved report holds no fingerprints; its functions are not clustered",
                      files[i].path.generic_string()));
    }
    std::move(loaded.run.artifacts.begin(), loaded.run.artifacts.end(),
              std::back_inserter(out.run.artifacts));
    std::move(loaded.run.findings.begin(), loaded.run.findings.end(),
              std::back_inserter(out.run.findings));
    std::move(loaded.gaps.begin(), loaded.gaps.end(), std::back_inserter(out.gaps));
  }
  return out;
}

}  // namespace

void complete(Measurements& m, const Needs& needs) {
  m.fingerprinted = needs.levels;
  m.entry_hashes = needs.entry_hashes;
  if (needs.clusters_min_size) {
    m.duplicates = analysis::find_duplicates(m.run, *needs.clusters_min_size, needs.levels);
  }
  if (needs.duplicated_sizes && m.duplicates && m.duplicates->mergeable) {
    analysis::mark_duplicated(m.run, *m.duplicates->mergeable, m.duplicates->files);
  }
}

Measurements measure(const std::vector<std::string>& inputs, const Needs& needs,
                     const Options& options) {
  std::vector<std::string> errors;
  const auto files = sources::expand_inputs(inputs, errors);
  if (!errors.empty()) throw InputError{fmt::format("{}", fmt::join(errors, "\n"))};

  const auto start = std::chrono::steady_clock::now();
  Measurements out = read_inputs(files, needs, options);
  complete(out, needs);
  spdlog::debug("measured {} input file(s) with {} job(s) in {} ms", files.size(), options.jobs,
                std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - start)
                    .count());
  return out;
}

}  // namespace wasmsize::pipeline
