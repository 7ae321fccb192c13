// `report` and `inspect` as `--format json`: the documents of json/schema.h,
// which also reads them back.
#include "json/stream.h"
#include "report/report.h"

namespace wasmsize::report {

void write_report_json(const model::Run& run, const ReportView& view, std::ostream& out,
                       std::span<const model::DistributionClosures> distributions) {
  std::vector<std::vector<const model::ModuleReport*>> listed;
  listed.reserve(run.artifacts.size());
  for (const auto& a : run.artifacts)
    listed.push_back(ordered_modules(a, view));
  std::vector<json::StreamedArray> streamed;
  auto doc = json::report_document(run, &streamed, listed);
  if (!distributions.empty()) doc["distributions"] = distributions_json(distributions, &streamed);
  json::dump_streamed(out, doc, streamed);
  out << '\n';
}

void write_inspect_json(const model::ArtifactReport& artifact, const model::ModuleReport& module,
                        std::ostream& out) {
  std::vector<json::StreamedArray> streamed;
  // Two statements: the document fills `streamed`, which is read after.
  const auto doc = json::inspect_document(artifact, module, &streamed);
  json::dump_streamed(out, doc, streamed);
  out << '\n';
}

}  // namespace wasmsize::report
