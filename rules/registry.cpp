#include "rules/registry.h"

#include "pipeline/findings.h"
#include "rules/all_rules.h"

namespace wasmsize::rules {

const std::vector<Rule>& all_rules() {
  // clang-format off
  static const std::vector<Rule> rules = {
      module_max_size(),
      module_max_compressed_size(),
      module_max_code_size(),
      module_max_data_size(),
      module_code_data_ratio(),
      module_max_functions(),
      module_max_function_size(),
      module_max_imports(),
      module_max_exports(),
      module_max_custom_size(),
      module_forbid_custom_sections(),
      module_allowed_needed(),
      module_forbid_features(),
      module_max_transfer_size(),
      module_max_export_size(),
      module_max_sync_compile_size(),
      artifact_max_size(),
      artifact_max_uncompressed_size(),
      artifact_forbid_files(),
      artifact_verify_record(),
      artifact_max_transfer_size(),
      duplicates_max_bytes(),
      duplicates_max_ratio(),
      duplicates_max_file_bytes(),
      growth_max_bytes(),
      growth_max_ratio(),
      closure_max_transfer_size(),
      closure_max_download_size(),
      closure_max_modules(),
      closure_max_wasm_size(),
      closure_forbid_duplicate_libraries(),
      closure_forbid_name_collisions(),
      closure_require_abi_match(),
  };
  // clang-format on
  return rules;
}

const Rule* find_rule(std::string_view id) {
  for (const Rule& r : all_rules()) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

const std::vector<KeySpec>& budget_keys() {
  static const std::vector<KeySpec> keys = [] {
    std::vector<KeySpec> k;
    for (const Rule& r : all_rules())
      k.push_back({r.section(), r.key(), r.kind, {}});
    // Parameters of the duplicates rules, and the growth rules (with --base).
    std::vector<std::string_view> levels;
    for (const auto& l : model::kLevelNames)
      levels.push_back(l.name);
    k.push_back({"duplicates", "mode", LimitKind::kChoice, levels});
    k.push_back({"duplicates", "scope", LimitKind::kChoice, {"module", "artifact", "all"}});
    k.push_back({"duplicates", "min-function-size", LimitKind::kSize, {}});
    k.push_back({"growth", "ignore-below", LimitKind::kSize, {}});
    // Which figure the max-transfer-size rules read (the loader hands the
    // choice to them in their setting).
    k.push_back({"module", "transfer", LimitKind::kChoice, {"brotli", "gzip"}});
    k.push_back({"artifact", "transfer", LimitKind::kChoice, {"brotli", "gzip"}});
    // The severity of each finding about the inputs (`input.nested-archive`
    // is `input: {nested-archive: off}`): a package that ships data zips
    // must be able to silence what it knows about.
    for (const base::FindingKind& f : pipeline::input_finding_kinds()) {
      std::string_view id = f.id;
      id.remove_prefix(std::string_view("input.").size());
      k.push_back({"input", id, LimitKind::kChoice, {"off", "warning", "error"}});
    }
    return k;
  }();
  return keys;
}

std::vector<std::string> section_keys(std::string_view section) {
  std::vector<std::string> out;
  for (const KeySpec& k : budget_keys()) {
    if (k.section == section) out.emplace_back(k.key);
  }
  return out;
}

}  // namespace wasmsize::rules
