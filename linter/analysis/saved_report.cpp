#include "analysis/saved_report.h"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace wasmsize::analysis {

model::Run load_saved_report(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot read", path));
  model::Run run;
  try {
    const auto doc = nlohmann::json::parse(in);
    if (doc.value("schema", 0) != 1 || !doc.contains("artifacts")) {
      throw std::runtime_error("not a wasmsize json report (schema 1 with artifacts[])");
    }
    for (const auto& a : doc.at("artifacts")) {
      model::ArtifactReport art;
      art.path = a.at("path").get<std::string>();
      const std::string kind = a.value("kind", "module");
      art.kind = kind == "wheel" ? model::ArtifactReport::Kind::kWheel
                 : kind == "zip" ? model::ArtifactReport::Kind::kZip
                                 : model::ArtifactReport::Kind::kModule;
      art.distribution = a.value("distribution", "");
      art.version = a.value("version", "");
      art.platform_tag = a.value("platform_tag", "");
      art.size = a.at("size").get<uint64_t>();
      art.uncompressed_size = a.value("uncompressed_size", uint64_t{0});
      for (const auto& m : a.at("modules")) {
        model::ModuleReport mod;
        mod.name = m.at("name").get<std::string>();
        mod.path = m.value("path", "");
        mod.size = m.at("size").get<uint64_t>();
        mod.compressed_size = m.value("compressed_size", uint64_t{0});
        mod.code_size = m.value("code_size", uint64_t{0});
        mod.data_size = m.value("data_size", uint64_t{0});
        mod.custom_size = m.value("custom_size", uint64_t{0});
        mod.other_size = m.value("other_size", uint64_t{0});
        mod.function_count = m.value("function_count", 0u);
        art.modules.push_back(std::move(mod));
      }
      run.artifacts.push_back(std::move(art));
    }
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(fmt::format("{}: not a wasmsize json report: {}", path, e.what()));
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(fmt::format("{}: {}", path, e.what()));
  }
  return run;
}

}  // namespace wasmsize::analysis
