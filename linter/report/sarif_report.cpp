// SARIF 2.1.0 for GitHub code scanning. GitHub shows alerts only on files in
// the repository, so each result points at the budget-file line that sets
// the limit, and names the artifact and module in its message and properties.
#include <filesystem>

#include "report/report.h"
#include "version.h"

namespace wasmsize::report {

namespace {

std::string level(model::Severity s) {
  return s == model::Severity::kError ? "error" : "warning";
}

// A repository-relative URI where possible: the budget as the user named it.
std::string budget_uri(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path p(path);
  if (p.is_absolute()) {
    const fs::path rel = fs::relative(p, fs::current_path(ec), ec);
    if (!ec && !rel.empty() && *rel.begin() != "..") p = rel;
  }
  return p.generic_string();
}

}  // namespace

void write_sarif(const model::Evaluation& e, std::ostream& out) {
  using nlohmann::json;
  json rules = json::array();
  std::map<std::string, size_t> index;
  for (const auto& r : e.rules) {
    index[r.id] = rules.size();
    rules.push_back({{"id", r.id},
                     {"name", r.id},
                     {"shortDescription", {{"text", r.summary}}},
                     {"fullDescription", {{"text", r.summary}}},
                     {"help",
                      {{"text", r.summary + " See docs/rules/" + r.id + ".md in wasmsize."},
                       {"markdown", r.summary + " See [`docs/rules/" + r.id + ".md`](docs/rules/" +
                                        r.id + ".md)."}}}});
  }
  const std::string uri = budget_uri(e.budget_path);
  json results = json::array();
  for (const auto& f : e.findings) {
    json region = {{"startLine", std::max(1, f.budget_line)}};
    if (f.budget_column > 0) region["startColumn"] = f.budget_column;
    json props = {{"artifact", f.artifact}, {"module", f.subject}};
    if (f.value) props["value"] = *f.value;
    if (f.limit) props["limit"] = *f.limit;
    if (f.offset) props["offset"] = *f.offset;
    json r = {{"ruleId", f.rule},
              {"level", level(f.severity)},
              {"message", {{"text", finding_location(f) + ": " + f.message}}},
              {"locations",
               json::array({{{"physicalLocation",
                              {{"artifactLocation", {{"uri", uri}}}, {"region", region}}}}})},
              {"partialFingerprints",
               {{"wasmsize/v1", f.key.empty() ? f.rule + "|" + finding_location(f) : f.key}}},
              {"properties", props}};
    if (index.count(f.rule)) r["ruleIndex"] = index[f.rule];
    results.push_back(std::move(r));
  }
  const json doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                    {"version", "2.1.0"},
                    {"runs", json::array({{{"tool",
                                            {{"driver",
                                              {{"name", "wasmsize"},
                                               {"version", kVersion},
                                               {"semanticVersion", kVersion},
                                               {"rules", rules}}}}},
                                           {"results", results}}})}};
  out << wasmsize::json::to_text(doc, 2) << '\n';
}

}  // namespace wasmsize::report
