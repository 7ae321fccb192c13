#include "analysis/scan.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <thread>

#include "analysis/fingerprint.h"
#include "analysis/measure.h"
#include "archive/naming.h"
#include "wasm/parser.h"

namespace wasmsize::analysis {

namespace {

struct ArtifactResult {
  model::ArtifactReport artifact;
  std::vector<model::Finding> findings;
};

void add_module(const archive::ModuleEntry& entry, std::vector<uint8_t>&& bytes,
                ArtifactResult& out) {
  // The fingerprint pass decodes every body anyway, so the parser does not.
  wasm::ParseResult parsed = wasm::parse_module(bytes, {.validate_code = false});
  std::vector<model::FunctionPrint> prints;
  if (!parsed.error) {
    try {
      prints = fingerprint_module(parsed.module);
    } catch (const wasm::ParseError& e) {
      parsed.error = wasm::ParseFailure{e.offset(), e.what()};
    }
  }
  model::ModuleReport m = measure_module(parsed, bytes.size());
  m.prints = std::move(prints);
  m.name = archive::module_name(entry.path);
  m.path = out.artifact.kind == model::ArtifactReport::Kind::kModule ? "" : entry.path;
  m.compressed_size = entry.stored_size;
  m.sha256 = entry.sha256;
  if (m.error) {
    out.findings.push_back(
        {"input.malformed-module", model::Severity::kError, out.artifact.path, m.name,
         m.error->offset,
         fmt::format("malformed module at byte {}: {}", m.error->offset, m.error->message)});
  }
  for (const wasm::CustomIssue& c : parsed.module.custom_issues) {
    out.findings.push_back({"input.malformed-custom-section", model::Severity::kWarning,
                            out.artifact.path, m.name, c.offset,
                            fmt::format("custom section '{}' does not decode at byte {}: {}",
                                        c.section, c.offset, c.message)});
  }
  out.artifact.modules.push_back(std::move(m));
}

ArtifactResult scan_one(const archive::InputFile& input, const ScanOptions& options) {
  ArtifactResult out;
  archive::read_artifact(input, options.read, out.artifact, out.findings,
                         [&out](const archive::ModuleEntry& e, std::vector<uint8_t>&& bytes) {
                           add_module(e, std::move(bytes), out);
                         });
  return out;
}

}  // namespace

model::Run scan(const std::vector<archive::InputFile>& inputs, const ScanOptions& options) {
  std::vector<ArtifactResult> results(inputs.size());
  // Largest artifacts first, so no job is left with a big one at the end.
  std::vector<size_t> order(inputs.size());
  std::vector<uintmax_t> sizes(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    std::error_code ec;
    sizes[i] = std::filesystem::file_size(inputs[i].path, ec);
    order[i] = i;
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return sizes[a] > sizes[b]; });
  std::atomic<size_t> next{0}, done{0};
  auto work = [&] {
    for (size_t k = next++; k < order.size(); k = next++) {
      results[order[k]] = scan_one(inputs[order[k]], options);
      if (options.progress) options.progress(++done, inputs.size());
    }
  };
  const unsigned jobs = std::clamp<unsigned>(options.jobs, 1, std::max<size_t>(inputs.size(), 1));
  std::vector<std::thread> threads;
  for (unsigned j = 1; j < jobs; ++j)
    threads.emplace_back(work);
  work();
  for (auto& t : threads)
    t.join();

  model::Run run;
  for (auto& r : results) {
    run.artifacts.push_back(std::move(r.artifact));
    std::move(r.findings.begin(), r.findings.end(), std::back_inserter(run.findings));
  }
  return run;
}

}  // namespace wasmsize::analysis
