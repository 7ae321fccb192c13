#include "analysis/measure.h"

#include <unordered_map>

namespace wasmsize::analysis {

namespace {

using model::ModuleReport;

void measure_sections(const wasm::Module& m, ModuleReport& r) {
  uint64_t code = 0, data = 0, custom = 0;
  for (const wasm::Section& s : m.sections) {
    const bool is_custom = s.id == wasm::kCustom;
    r.sections.push_back({s.id, std::string(is_custom ? s.name : wasm::section_name(s.id)),
                          is_custom, s.payload_offset, s.size, s.payload_offset - s.offset});
    if (s.id == wasm::kCode) code += s.size;
    if (s.id == wasm::kData) data += s.size;
    if (is_custom) custom += s.size;
  }
  r.code_size = code;
  r.data_size = data;
  r.custom_size = custom;
  r.other_size = r.size - code - data - custom;
}

void measure_functions(const wasm::Module& m, bool list_functions, ModuleReport& r) {
  std::unordered_map<uint32_t, std::string_view> exported;
  for (const wasm::Export& e : m.exports) {
    if (e.kind == wasm::ExternKind::kFunc) exported.emplace(e.index, e.name);
  }
  std::unordered_map<uint32_t, std::string_view> named;
  if (m.names) named.insert(m.names->functions.begin(), m.names->functions.end());

  if (list_functions) r.functions.reserve(m.bodies.size());
  for (size_t i = 0; i < m.bodies.size(); ++i) {
    const auto index = static_cast<uint32_t>(m.imported_funcs + i);
    std::string_view name;
    if (auto it = named.find(index); it != named.end()) {
      name = it->second;
    } else if (auto e = exported.find(index); e != exported.end()) {
      name = e->second;
    }
    const wasm::FunctionBody& b = m.bodies[i];
    r.names.add(index, name);
    if (list_functions) r.functions.push_back({index, b.offset, b.size, std::string(name)});
    if (name == "__wasm_apply_data_relocs") r.apply_data_relocs_size = b.size;
    if (!r.largest_function || b.size > r.largest_function->size) {
      r.largest_function = model::FunctionInfo{index, b.offset, b.size, std::string(name)};
    }
  }
}

void describe_interface(const wasm::Module& m, ModuleReport& r) {
  r.function_count = m.defined_function_count();
  r.import_count = static_cast<uint32_t>(m.imports.size());
  r.export_count = static_cast<uint32_t>(m.exports.size());
  for (const wasm::Import& i : m.imports) {
    r.imports.push_back(
        {std::string(i.module), std::string(i.field), std::string(extern_kind_name(i.kind))});
  }
  for (const wasm::Export& e : m.exports) {
    r.exports.push_back({std::string(e.name), std::string(extern_kind_name(e.kind)), e.index});
  }
  for (const wasm::Feature& f : m.features)
    r.target_features.push_back(f.prefix + std::string(f.name));
  if (m.dylink) {
    const wasm::Dylink& d = *m.dylink;
    model::DylinkInfo& o = r.dylink.emplace();
    o.legacy = d.legacy;
    o.mem_size = d.mem_size;
    o.mem_align = d.mem_align;
    o.table_size = d.table_size;
    o.table_align = d.table_align;
    o.needed.assign(d.needed.begin(), d.needed.end());
    o.runtime_paths.assign(d.runtime_paths.begin(), d.runtime_paths.end());
    for (const auto& e : d.export_info)
      o.export_info.emplace_back(std::string(e.name), e.flags);
    for (const auto& i : d.import_info) {
      o.import_info.push_back({std::string(i.module), std::string(i.field), i.flags});
    }
  }
}

}  // namespace

model::ModuleReport measure_module(const wasm::ParseResult& result, size_t module_size,
                                   bool list_functions) {
  ModuleReport r;
  r.size = module_size;
  const wasm::Module& m = result.module;
  measure_sections(m, r);
  measure_functions(m, list_functions, r);
  describe_interface(m, r);
  if (result.error) r.error = model::ParseErrorInfo{result.error->offset, result.error->message};
  return r;
}

}  // namespace wasmsize::analysis
