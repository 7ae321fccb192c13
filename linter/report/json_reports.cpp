// `report` and `inspect` as `--format json`: the documents of json/schema.h,
// which also reads them back.
#include "report/report.h"

namespace wasmsize::report {

void write_report_json(const model::Run& run, const ReportView& view, std::ostream& out) {
  std::vector<std::vector<const model::ModuleReport*>> listed;
  listed.reserve(run.artifacts.size());
  for (const auto& a : run.artifacts)
    listed.push_back(ordered_modules(a, view));
  out << json::report_document(run, listed).dump(2) << '\n';
}

void write_inspect_json(const model::ArtifactReport& artifact, const model::ModuleReport& module,
                        std::ostream& out) {
  out << json::inspect_document(artifact, module).dump(2) << '\n';
}

}  // namespace wasmsize::report
