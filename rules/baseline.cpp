#include "rules/baseline.h"

#include "json/stream.h"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace wasmsize::rules {

Baseline load_baseline(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot read the baseline", path));
  Baseline b;
  try {
    const auto doc = nlohmann::json::parse(in);
    if (doc.value("schema", 0) != 1) throw std::runtime_error("schema is not 1");
    for (const auto& f : doc.at("findings"))
      b[f.at("key").get<std::string>()] = f.at("value").get<double>();
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("{}: not a wasmsize baseline: {}", path, e.what()));
  }
  return b;
}

void write_baseline(const std::string& path, const std::vector<model::Finding>& findings) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& f : findings) {
    if (f.key.empty()) continue;
    list.push_back(
        {{"key", f.key}, {"rule", f.rule}, {"value", f.value.value_or(1)}, {"message", f.message}});
  }
  std::ofstream out(path);
  if (!out) throw std::runtime_error(fmt::format("{}: cannot write the baseline", path));
  out << json::to_text(nlohmann::json{{"schema", 1}, {"findings", list}}, 2) << '\n';
}

void apply_baseline(const Baseline& baseline, model::Evaluation& e) {
  std::vector<model::Finding> kept;
  for (auto& f : e.findings) {
    const auto it = f.key.empty() ? baseline.end() : baseline.find(f.key);
    if (it != baseline.end() && f.value.value_or(1) <= it->second) {
      ++e.baselined;
    } else {
      kept.push_back(std::move(f));
    }
  }
  e.findings = std::move(kept);
}

}  // namespace wasmsize::rules
