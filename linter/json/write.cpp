// The writing half of the schema (json/schema.h); read.cpp is the other.
#include <algorithm>

#include "json/schema.h"
#include "json/stream.h"
#include "version.h"

namespace wasmsize::json {

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

json tool_to_json() {
  return {{"name", "wasmsize"}, {"version", kVersion}};
}

json transfer_to_json(const model::TransferSizes& t) {
  json j = {{"brotli", t.brotli}, {"gzip", t.gzip}};
  if (t.brotli_potential) j["brotli_potential"] = *t.brotli_potential;
  return j;
}

json module_to_json(const model::ModuleReport& m, std::vector<StreamedArray>* streamed) {
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
  if (streamed) {
    // Written later, one function at a time (json/stream.h).
    functions = streamed
                    ->emplace_back(StreamedArray{stream_placeholder(streamed->size()),
                                                 [&m](const ElementSink& sink) {
                                                   for (const auto& f : m.functions)
                                                     sink(function_json(f));
                                                 }})
                    .placeholder;
  } else {
    for (const auto& f : m.functions)
      functions.push_back(function_json(f));
  }
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
  if (m.transfer) j["transfer"] = transfer_to_json(*m.transfer);
  return j;
}

json artifact_to_json(const model::ArtifactReport& a, std::vector<StreamedArray>* streamed,
                      std::span<const model::ModuleReport* const> modules) {
  json mods = json::array();
  for (const auto* m : modules)
    mods.push_back(module_to_json(*m, streamed));
  json j = {{"path", a.path},
            {"kind", a.kind},
            {"distribution", a.distribution},
            {"version", a.version},
            {"platform_tag", a.platform_tag},
            {"size", a.size},
            {"uncompressed_size", a.uncompressed_size},
            {"overhead_size", a.size - std::min(a.size, a.entries_stored_size)},
            {"module_count", a.modules.size() + a.unlisted_modules},
            {"other_file_count", a.file_totals.count},
            {"other_files_size", a.file_totals.size},
            {"other_files_stored_size", a.file_totals.stored_size},
            {"modules", mods}};
  if (!a.file_sha256.empty()) j["sha256"] = a.file_sha256;
  if (a.transfer) j["transfer"] = transfer_to_json(*a.transfer);
  return j;
}

json finding_to_json(const model::Finding& f) {
  json j = {{"rule", f.rule},
            {"severity", severity_name(f.severity)},
            {"artifact", f.artifact},
            {"module", f.subject},
            {"message", f.message}};
  if (f.offset) j["offset"] = *f.offset;
  return j;
}

json report_document(const model::Run& run, std::vector<StreamedArray>* streamed,
                     const std::vector<std::vector<const model::ModuleReport*>>& listed) {
  json artifacts = json::array();
  uint64_t size = 0, modules = 0, module_bytes = 0, code = 0, data = 0;
  for (size_t i = 0; i < run.artifacts.size(); ++i) {
    const auto& a = run.artifacts[i];
    artifacts.push_back(artifact_to_json(a, streamed, listed[i]));
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
    findings.push_back(finding_to_json(f));
  return {{"schema", kSchema},
          {"tool", tool_to_json()},
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
}

json inspect_document(const model::ArtifactReport& a, const model::ModuleReport& m,
                      std::vector<StreamedArray>* streamed) {
  const model::ModuleReport* one[] = {&m};
  return {{"schema", kSchema},
          {"tool", tool_to_json()},
          {"command", "inspect"},
          {"artifacts", json::array({artifact_to_json(a, streamed, one)})}};
}

}  // namespace wasmsize::json
