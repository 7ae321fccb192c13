#include <algorithm>

#include "report/report.h"
#include "version.h"

namespace wasmsize::report {

using nlohmann::json;

namespace {

json function_json(const model::FunctionInfo& f) {
  json j = {{"index", f.index}, {"offset", f.offset}, {"size", f.size}};
  if (!f.name.empty()) j["name"] = f.name;
  return j;
}

json dylink_json(const model::DylinkInfo& d) {
  json exports = json::array(), imports = json::array();
  for (const auto& [name, flags] : d.export_info)
    exports.push_back({{"name", name}, {"flags", flags}});
  for (const auto& i : d.import_info) {
    imports.push_back({{"module", i.module}, {"field", i.field}, {"flags", i.flags}});
  }
  return {{"legacy", d.legacy},
          {"mem_size", d.mem_size},
          {"mem_align", d.mem_align},
          {"table_size", d.table_size},
          {"table_align", d.table_align},
          {"needed", d.needed},
          {"export_info", exports},
          {"import_info", imports},
          {"runtime_paths", d.runtime_paths}};
}

}  // namespace

json tool_json() {
  return {{"name", "wasmsize"}, {"version", kVersion}};
}

json module_json(const model::ModuleReport& m) {
  json sections = json::array();
  for (const auto& s : m.sections) {
    json j = {{"id", s.id},
              {"kind", s.custom ? "custom" : s.name},
              {"offset", s.offset},
              {"size", s.size}};
    if (s.custom) j["name"] = s.name;
    sections.push_back(std::move(j));
  }
  json functions = json::array();
  for (const auto& f : m.functions)
    functions.push_back(function_json(f));
  json imports = json::array(), exports = json::array();
  for (const auto& i : m.imports) {
    imports.push_back({{"module", i.module}, {"field", i.field}, {"kind", i.kind}});
  }
  for (const auto& e : m.exports) {
    exports.push_back({{"name", e.name}, {"kind", e.kind}, {"index", e.index}});
  }
  json j = {{"name", m.name},
            {"path", m.path},
            {"size", m.size},
            {"compressed_size", m.compressed_size},
            {"code_size", m.code_size},
            {"data_size", m.data_size},
            {"custom_size", m.custom_size},
            {"other_size", m.other_size},
            {"duplicated_size", m.duplicated_size},
            {"function_count", m.function_count},
            {"import_count", m.import_count},
            {"export_count", m.export_count},
            {"largest_function", m.largest_function ? function_json(*m.largest_function) : json()},
            {"apply_data_relocs_size", m.apply_data_relocs_size},
            {"dylink", m.dylink ? dylink_json(*m.dylink) : json()},
            {"target_features", m.target_features},
            {"sections", sections},
            {"functions", functions},
            {"imports", imports},
            {"exports", exports}};
  if (m.error) j["error"] = {{"offset", m.error->offset}, {"message", m.error->message}};
  return j;
}

json artifact_json(const model::ArtifactReport& a,
                   const std::vector<const model::ModuleReport*>& modules) {
  json mods = json::array();
  for (const auto* m : modules)
    mods.push_back(module_json(*m));
  uint64_t files_size = 0, files_stored = 0;
  for (const auto& f : a.files) {
    files_size += f.size;
    files_stored += f.stored_size;
  }
  return {{"path", a.path},
          {"kind", kind_name(a.kind)},
          {"distribution", a.distribution},
          {"version", a.version},
          {"platform_tag", a.platform_tag},
          {"size", a.size},
          {"uncompressed_size", a.uncompressed_size},
          {"overhead_size", a.size - std::min(a.size, a.entries_stored_size)},
          {"module_count", a.modules.size()},
          {"other_file_count", a.files.size()},
          {"other_files_size", files_size},
          {"other_files_stored_size", files_stored},
          {"modules", mods}};
}

json finding_json(const model::Finding& f) {
  json j = {{"rule", f.rule},
            {"severity", severity_name(f.severity)},
            {"artifact", f.artifact},
            {"module", f.subject},
            {"message", f.message}};
  if (f.offset) j["offset"] = *f.offset;
  return j;
}

void write_report_json(const model::Run& run, const ReportView& view, std::ostream& out) {
  json artifacts = json::array();
  uint64_t size = 0, modules = 0, module_bytes = 0, code = 0, data = 0;
  for (const auto& a : run.artifacts) {
    artifacts.push_back(artifact_json(a, ordered_modules(a, view)));
    size += a.size;
    for (const auto& m : a.modules) {
      ++modules;
      module_bytes += m.size;
      code += m.code_size;
      data += m.data_size;
    }
  }
  json findings = json::array();
  for (const auto& f : run.findings)
    findings.push_back(finding_json(f));
  json doc = {{"schema", kJsonSchema},
              {"tool", tool_json()},
              {"command", "report"},
              {"artifacts", artifacts},
              {"totals",
               {{"artifact_count", run.artifacts.size()},
                {"size", size},
                {"module_count", modules},
                {"module_size", module_bytes},
                {"code_size", code},
                {"data_size", data}}},
              {"findings", findings}};
  out << doc.dump(2) << '\n';
}

void write_inspect_json(const model::ArtifactReport& artifact, const model::ModuleReport& module,
                        std::ostream& out) {
  json doc = {{"schema", kJsonSchema},
              {"tool", tool_json()},
              {"command", "inspect"},
              {"artifacts", json::array({artifact_json(artifact, {&module})})}};
  out << doc.dump(2) << '\n';
}

}  // namespace wasmsize::report
