// The reading half of the schema (json/schema.h): every key write.cpp writes
// is read back here. A key that is absent (a report from an older version,
// or edited by hand) leaves its part empty and is named in `gaps`, so that
// `diff` can say what it could not compare instead of reading zeros.
#include <fmt/format.h>

#include <limits>
#include <stdexcept>
#include <type_traits>

#include "json/schema.h"

namespace wasmsize::json {

namespace {

// Sizes are unsigned 64-bit integers in the schema; anything else (a
// negative number, a float, a string) is refused rather than wrapped.
uint64_t size_at(const json& j, const char* key) {
  const json& v = j.at(key);
  if (!v.is_number_unsigned()) {
    throw std::runtime_error(fmt::format("'{}' is {}, not a size in bytes", key, v.dump()));
  }
  // No file wasmsize reads is a petabyte: a larger figure is a forged one,
  // and sums of a few of them would overflow.
  constexpr uint64_t kMaxPlausible = uint64_t{1} << 50;
  const auto n = v.get<uint64_t>();
  if (n > kMaxPlausible) {
    throw std::runtime_error(fmt::format("'{}' is {}, more than any file holds", key, n));
  }
  return n;
}

// Every other integer: an unsigned integer that fits T, whatever the file
// says. nlohmann's get<T>() converts a float or an out-of-range number with
// a plain cast (undefined behaviour for 6e133 into an int).
template <typename T>
T integer(const json& v, std::string_view what) {
  static_assert(std::is_unsigned_v<T>);
  if (!v.is_number_unsigned() || v.get<uint64_t>() > std::numeric_limits<T>::max()) {
    throw std::runtime_error(fmt::format("'{}' is {}, not a count up to {}", what, v.dump(),
                                         uint64_t{std::numeric_limits<T>::max()}));
  }
  return static_cast<T>(v.get<uint64_t>());
}

template <typename T>
T integer_at(const json& j, const char* key) {
  return integer<T>(j.at(key), key);
}

template <typename T>
T integer_or(const json& j, const char* key, T fallback) {
  const auto it = j.find(key);
  return it == j.end() || it->is_null() ? fallback : integer<T>(*it, key);
}

template <typename T>
T get_or(const json& j, const char* key, T fallback) {
  const auto it = j.find(key);
  return it == j.end() || it->is_null() ? fallback : it->get<T>();
}

model::FunctionInfo function_from_json(const json& j) {
  return {.index = integer_at<uint32_t>(j, "index"),
          .offset = size_at(j, "offset"),
          .size = size_at(j, "size"),
          .name = get_or<std::string>(j, "name", "")};
}

model::DylinkInfo dylink_from_json(const json& j) {
  model::DylinkInfo d;
  d.legacy = j.at("legacy").get<bool>();
  d.mem_size = integer_at<uint32_t>(j, "mem_size");
  d.mem_align = integer_at<uint32_t>(j, "mem_align");
  d.table_size = integer_at<uint32_t>(j, "table_size");
  d.table_align = integer_at<uint32_t>(j, "table_align");
  d.needed = j.at("needed").get<std::vector<std::string>>();
  for (const auto& e : j.at("export_info"))
    d.export_info.emplace_back(e.at("name").get<std::string>(), integer_at<uint32_t>(e, "flags"));
  for (const auto& i : j.at("import_info")) {
    d.import_info.push_back({i.at("module").get<std::string>(), i.at("field").get<std::string>(),
                             integer_at<uint32_t>(i, "flags")});
  }
  d.runtime_paths = get_or<std::vector<std::string>>(j, "runtime_paths", {});
  return d;
}

model::SectionInfo section_from_json(const json& j) {
  const auto kind = j.at("kind").get<std::string>();
  const bool custom = kind == "custom";
  return {.id = integer_at<uint8_t>(j, "id"),
          .name = custom ? j.at("name").get<std::string>() : kind,
          .custom = custom,
          .offset = size_at(j, "offset"),
          .size = size_at(j, "size")};
}

// The parts `diff` compares beyond sizes; a module that lacks one is noted.
void read_parts(const json& j, model::ModuleReport& m, const std::string& where, Gaps& gaps) {
  if (const auto it = j.find("sections"); it != j.end()) {
    for (const auto& s : *it)
      m.sections.push_back(section_from_json(s));
  } else {
    gaps.push_back(fmt::format("{}: no sections", where));
  }
  if (const auto it = j.find("functions"); it != j.end()) {
    for (const auto& f : *it) {
      m.functions.push_back(function_from_json(f));
      m.names.add(m.functions.back().index, m.functions.back().name);
    }
  } else {
    gaps.push_back(fmt::format("{}: no functions", where));
  }
  for (const auto& i : j.value("imports", json::array())) {
    m.imports.push_back({i.at("module").get<std::string>(), i.at("field").get<std::string>(),
                         i.at("kind").get<std::string>()});
  }
  for (const auto& e : j.value("exports", json::array())) {
    m.exports.push_back({e.at("name").get<std::string>(), e.at("kind").get<std::string>(),
                         integer_at<uint32_t>(e, "index")});
  }
}

}  // namespace

std::optional<model::TransferSizes> transfer_from_json(const json& j) {
  const auto it = j.find("transfer");
  if (it == j.end() || it->is_null()) return std::nullopt;
  model::TransferSizes t{.brotli = size_at(*it, "brotli"), .gzip = size_at(*it, "gzip")};
  if (it->contains("brotli_potential")) t.brotli_potential = size_at(*it, "brotli_potential");
  return t;
}

model::ModuleReport module_from_json(const json& j, const std::string& where, Gaps& gaps) {
  model::ModuleReport m;
  m.name = j.at("name").get<std::string>();
  m.path = get_or<std::string>(j, "path", "");
  m.size = size_at(j, "size");
  const std::string at = fmt::format("{}!{}", where, m.name);
  for (auto [key, field] :
       {std::pair{"compressed_size", &model::ModuleReport::compressed_size},
        {"code_size", &model::ModuleReport::code_size},
        {"data_size", &model::ModuleReport::data_size},
        {"custom_size", &model::ModuleReport::custom_size},
        {"other_size", &model::ModuleReport::other_size},
        {"duplicated_size", &model::ModuleReport::duplicated_size},
        {"apply_data_relocs_size", &model::ModuleReport::apply_data_relocs_size}}) {
    if (j.contains(key)) {
      m.*field = size_at(j, key);
    } else {
      gaps.push_back(fmt::format("{}: no {}", at, key));
    }
  }
  m.function_count = integer_or<uint32_t>(j, "function_count", 0);
  m.import_count = integer_or<uint32_t>(j, "import_count", 0);
  m.export_count = integer_or<uint32_t>(j, "export_count", 0);
  if (const auto it = j.find("largest_function"); it != j.end() && !it->is_null())
    m.largest_function = function_from_json(*it);
  if (const auto it = j.find("dylink"); it != j.end() && !it->is_null())
    m.dylink = dylink_from_json(*it);
  m.target_features = get_or<std::vector<std::string>>(j, "target_features", {});
  read_parts(j, m, at, gaps);
  if (const auto it = j.find("error"); it != j.end()) {
    m.error = model::ParseErrorInfo{size_at(*it, "offset"), it->at("message").get<std::string>()};
  }
  m.transfer = transfer_from_json(j);
  return m;
}

model::ArtifactReport artifact_from_json(const json& j, Gaps& gaps) {
  model::ArtifactReport a;
  a.path = j.at("path").get<std::string>();
  a.kind = get_or<std::string>(j, "kind", std::string(model::kLooseModule));
  a.distribution = get_or<std::string>(j, "distribution", "");
  a.version = get_or<std::string>(j, "version", "");
  a.platform_tag = get_or<std::string>(j, "platform_tag", "");
  a.size = size_at(j, "size");
  a.uncompressed_size = j.contains("uncompressed_size") ? size_at(j, "uncompressed_size") : 0;
  const uint64_t overhead = j.contains("overhead_size") ? size_at(j, "overhead_size") : 0;
  a.entries_stored_size = a.size - std::min(a.size, overhead);
  a.file_totals = {.count = j.contains("other_file_count") ? size_at(j, "other_file_count") : 0,
                   .size = j.contains("other_files_size") ? size_at(j, "other_files_size") : 0,
                   .stored_size = j.contains("other_files_stored_size")
                                      ? size_at(j, "other_files_stored_size")
                                      : 0};
  for (const auto& m : j.at("modules"))
    a.modules.push_back(module_from_json(m, a.path, gaps));
  const uint64_t count = j.contains("module_count") ? size_at(j, "module_count") : a.modules.size();
  if (count < a.modules.size()) {
    throw std::runtime_error(fmt::format("{}: module_count {} is below the {} modules listed",
                                         a.path, count, a.modules.size()));
  }
  a.unlisted_modules = count - a.modules.size();
  a.file_sha256 = get_or<std::string>(j, "sha256", "");
  a.transfer = transfer_from_json(j);
  if (a.unlisted_modules) {
    gaps.push_back(
        fmt::format("{}: lists {} of its {} modules (saved with --top); the others "
                    "are not compared",
                    a.path, a.modules.size(), count));
  }
  return a;
}

model::Finding finding_from_json(const json& j) {
  model::Finding f;
  f.rule = j.at("rule").get<std::string>();
  f.severity = j.at("severity").get<std::string>() == "warning" ? model::Severity::kWarning
                                                                : model::Severity::kError;
  f.artifact = get_or<std::string>(j, "artifact", "");
  f.subject = get_or<std::string>(j, "module", "");
  f.message = get_or<std::string>(j, "message", "");
  if (j.contains("offset")) f.offset = size_at(j, "offset");
  return f;
}

model::Run run_from_document(const json& doc, Gaps& gaps) {
  if (!doc.is_object() || !doc.contains("artifacts")) {
    throw std::runtime_error(
        fmt::format("not a wasmsize json report (schema {} with artifacts[])", kSchema));
  }
  if (!doc.contains("schema") || doc["schema"] != kSchema) {
    throw std::runtime_error(fmt::format("not a wasmsize json report: 'schema' is {}, not {}",
                                         doc.value("schema", json()).dump(), kSchema));
  }
  model::Run run;
  try {
    for (const auto& a : doc.at("artifacts"))
      run.artifacts.push_back(artifact_from_json(a, gaps));
    for (const auto& f : doc.value("findings", json::array()))
      run.findings.push_back(finding_from_json(f));
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(fmt::format("not a wasmsize json report: {}", e.what()));
  }
  return run;
}

}  // namespace wasmsize::json
