// One self-contained HTML page: a zoomable treemap of everything measured
// (artifact -> folder -> module -> section -> largest functions), the
// findings, and the largest duplicate clusters. Script, style and the
// vendored d3-hierarchy layout are embedded; nothing is fetched.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "base/units.h"
#include "html_assets.h"
#include "report/escape.h"
#include "report/report.h"

namespace wasmsize::report {

namespace {

using nlohmann::json;

constexpr size_t kFunctionsPerModule = 20;  // the rest is one "other functions" box
constexpr size_t kClusters = 50;

json leaf(std::string name, uint64_t size, const char* kind) {
  return {{"name", std::move(name)}, {"size", size}, {"kind", kind}};
}

json code_node(const model::ModuleReport& m) {
  std::vector<const model::FunctionInfo*> fns;
  uint64_t bodies = 0;
  for (const auto& f : m.functions) {
    fns.push_back(&f);
    bodies += f.size;
  }
  std::sort(fns.begin(), fns.end(), [](auto* a, auto* b) { return a->size > b->size; });
  json children = json::array();
  uint64_t shown = 0;
  for (size_t i = 0; i < std::min(kFunctionsPerModule, fns.size()); ++i) {
    const auto& f = *fns[i];
    const bool relocs = f.name == "__wasm_apply_data_relocs";
    children.push_back(leaf(f.name.empty() ? fmt::format("func[{}]", f.index) : f.name, f.size,
                            relocs ? "relocation" : "code"));
    shown += f.size;
  }
  if (fns.size() > kFunctionsPerModule) {
    children.push_back(leaf(fmt::format("{} other functions", fns.size() - kFunctionsPerModule),
                            bodies - shown, "code"));
  }
  // Body size fields and the count: the rest of the section's payload.
  if (m.code_size > bodies) children.push_back(leaf("body headers", m.code_size - bodies, "code"));
  return {{"name", "code"}, {"type", "section"}, {"kind", "code"}, {"children", children}};
}

json module_node(const model::ModuleReport& m) {
  json children = json::array();
  if (m.code_size) children.push_back(code_node(m));
  if (m.data_size) children.push_back(leaf("data", m.data_size, "data"));
  uint64_t other_sections = 0;
  for (const auto& s : m.sections) {
    if (s.custom) {
      children.push_back(leaf("custom \"" + s.name + "\"", s.size, "custom"));
    } else if (s.name != "code" && s.name != "data" && s.size) {
      children.push_back(leaf(s.name, s.size, "other"));
      other_sections += s.size;
    }
  }
  if (m.other_size > other_sections) {
    children.push_back(leaf(m.error ? "headers and unparsed bytes" : "headers",
                            m.other_size - other_sections, "other"));
  }
  return {{"name", m.name}, {"path", m.path}, {"type", "module"}, {"children", children}};
}

// Children of `parent` by folder name, created on first use.
json& folder(json& parent, const std::string& name) {
  for (auto& c : parent["children"]) {
    if (c["name"] == name && c.value("type", "") == "folder") return c;
  }
  parent["children"].push_back({{"name", name}, {"type", "folder"}, {"children", json::array()}});
  return parent["children"].back();
}

json& folder_of(json& artifact, const std::string& path) {
  json* at = &artifact;
  const auto dir = std::filesystem::path(path).parent_path();
  for (const auto& part : dir)
    at = &folder(*at, part.string());
  return *at;
}

json artifact_node(const model::ArtifactReport& a) {
  json node = {{"name", std::filesystem::path(a.path).filename().string()},
               {"type", "artifact"},
               {"children", json::array()}};
  for (const auto& m : a.modules)
    folder_of(node, m.path)["children"].push_back(module_node(m));
  // Other files, one box per folder: a wheel has hundreds of .py files.
  std::map<std::string, std::pair<size_t, uint64_t>> files;
  for (const auto& f : a.files) {
    auto& [count, bytes] = files[std::filesystem::path(f.path).parent_path().string()];
    ++count;
    bytes += f.size;
  }
  for (const auto& [dir, cb] : files) {
    folder_of(node, dir + "/x")["children"].push_back(leaf(
        fmt::format("{} other file{}", cb.first, cb.first == 1 ? "" : "s"), cb.second, "file"));
  }
  return node;
}

json tree(const model::Run& run) {
  json children = json::array();
  for (const auto& a : run.artifacts)
    children.push_back(artifact_node(a));
  if (children.size() == 1) return children[0];
  return {{"name", fmt::format("{} artifacts", children.size())}, {"children", children}};
}

std::string script_safe(const std::string& json_text) {
  std::string out;
  out.reserve(json_text.size());
  for (size_t i = 0; i < json_text.size(); ++i) {
    if (json_text[i] == '<' && i + 1 < json_text.size() && json_text[i + 1] == '/') {
      out += "<\\/";
      ++i;
    } else {
      out += json_text[i];
    }
  }
  return out;
}

}  // namespace

void write_html(const HtmlPage& page, std::ostream& out) {
  json findings = json::array();
  for (const auto& f : page.findings) {
    findings.push_back({{"severity", severity_name(f.severity)},
                        {"rule", f.rule},
                        {"where", finding_location(f)},
                        {"message", f.message}});
  }
  json clusters = json::array();
  if (page.duplicates) {
    for (size_t i = 0; i < std::min(kClusters, page.duplicates->clusters.size()); ++i) {
      const auto& c = page.duplicates->clusters[i];
      json copies = json::array();
      for (size_t k = 0; k < std::min<size_t>(c.copies.size(), 100); ++k) {
        const auto& copy = c.copies[k];
        copies.push_back({{"module", copy.module},
                          {"name", copy.name.empty() ? fmt::format("func[{}]", copy.function)
                                                     : std::string(copy.name)}});
      }
      clusters.push_back({{"wasted", c.wasted}, {"size", c.size}, {"copies", copies}});
    }
  }
  uint64_t bytes = 0, modules = 0;
  for (const auto& a : page.run.artifacts) {
    bytes += a.size;
    modules += a.modules.size();
  }
  const json data = {{"tree", tree(page.run)}, {"findings", findings}, {"clusters", clusters}};
  out << "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << markup_escape(page.title) << "</title>\n<style>" << html::kStyle
      << "</style></head>\n<body>\n"
      << "<header><h1>" << markup_escape(page.title) << "</h1><p>"
      << markup_escape(
             fmt::format("{} artifact{}, {} on disk, {} module{}. Click a box to zoom in, the "
                         "background or a breadcrumb to zoom out; arrow keys, Enter and "
                         "Escape do the same.",
                         page.run.artifacts.size(), page.run.artifacts.size() == 1 ? "" : "s",
                         human_size(bytes), modules, modules == 1 ? "" : "s"))
      << "</p></header>\n<nav id=\"crumbs\" aria-label=\"zoom path\"></nav>\n"
      << "<div id=\"treemap\" tabindex=\"0\" role=\"application\" aria-label=\"treemap\"></div>\n"
      << "<div id=\"tooltip\" role=\"tooltip\"></div>\n<div id=\"legend\">"
      << "<span><i class=\"kind-code\"></i>code</span><span><i class=\"kind-relocation\"></i>"
         "relocation code</span><span><i class=\"kind-data\"></i>data</span><span><i "
         "class=\"kind-custom\"></i>custom sections</span><span><i class=\"kind-other\"></i>"
         "headers and other sections</span><span><i class=\"kind-file\"></i>other "
         "files</span></div>\n"
      << "<section class=\"tables\"><div id=\"findings\" hidden><h2>Findings</h2></div>"
      << "<div id=\"duplicates\" hidden><h2>Largest duplicate clusters ("
      << markup_escape(page.level) << ")</h2></div></section>\n"
      << "<script>" << html::kD3Hierarchy << "</script>\n"
      << "<script>const DATA = " << script_safe(data.dump()) << ";</script>\n"
      << "<script>" << html::kScript << "</script>\n</body></html>\n";
}

}  // namespace wasmsize::report
