// One self-contained HTML page: a zoomable treemap of everything measured
// (artifact -> folder -> module -> section -> largest functions), the
// findings, and the largest duplicate clusters. Script, style and the
// vendored d3-hierarchy layout are embedded; nothing is fetched.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "analysis/closures.h"
#include "base/units.h"
#include "html_assets.h"
#include "report/escape.h"
#include "report/report.h"

namespace wasmsize::report {

namespace {

using nlohmann::json;

constexpr size_t kFunctionsPerModule = 20;  // the rest is one "other functions" box
constexpr size_t kClusters = 50;

// What each box weighs in the three views of the page's size toggle: the
// bytes (`size`), the bytes in the archive (`csize`) and the bytes a browser
// downloads with brotli (`tsize`, where transfer sizes were measured).
// Modules and "other files" boxes have exact figures; the parts of a module
// (sections, functions) are given their share of the module's (apportion())
// and say so (`est`).
json leaf(std::string name, uint64_t size, const char* kind) {
  return {{"name", std::move(name)}, {"size", size}, {"kind", kind}, {"est", true}};
}

void collect_leaves(json& node, std::vector<json*>& out) {
  if (!node.contains("children")) {
    out.push_back(&node);
    return;
  }
  for (auto& c : node["children"])
    collect_leaves(c, out);
}

// Gives each part of a module its share of the module's `total` in the
// field `key`, by raw size, with the largest remainders rounded up, so that
// the parts add up to the module's exact figure (its box weighs what the
// module does in every view).
void apportion(json& module, const char* key, uint64_t total) {
  std::vector<json*> leaves;
  collect_leaves(module, leaves);
  uint64_t raw = 0;
  for (auto* l : leaves)
    raw += (*l)["size"].get<uint64_t>();
  if (raw == 0) return;
  std::vector<std::pair<double, size_t>> remainders;
  uint64_t given = 0;
  for (size_t i = 0; i < leaves.size(); ++i) {
    const double exact = static_cast<double>(total) *
                         static_cast<double>((*leaves[i])["size"].get<uint64_t>()) /
                         static_cast<double>(raw);
    const auto whole = static_cast<uint64_t>(exact);
    (*leaves[i])[key] = whole;
    given += whole;
    remainders.emplace_back(exact - static_cast<double>(whole), i);
  }
  std::sort(remainders.begin(), remainders.end(), std::greater<>());
  for (size_t k = 0; given < total && k < remainders.size(); ++k, ++given)
    (*leaves[remainders[k].second])[key] = (*leaves[remainders[k].second])[key].get<uint64_t>() + 1;
}

// Functions of the page's duplicate clusters, by artifact, module and index.
using DupSet = std::set<std::tuple<std::string_view, std::string_view, uint32_t>>;

DupSet duplicated_functions(const model::DuplicateLevel* level) {
  DupSet out;
  if (!level) return out;
  for (const auto& c : level->clusters) {
    for (const auto& copy : c.copies)
      out.emplace(copy.artifact, copy.module, copy.function);
  }
  return out;
}

struct Context {
  const model::ArtifactReport* artifact = nullptr;
  const DupSet& dups;
  const std::vector<model::Finding>& findings;
};

// The largest functions, then the largest duplicated ones (so that the
// duplicates overlay has boxes to hatch), then the rest as one box each for
// duplicated and other functions.
json code_node(const model::ModuleReport& m, const Context& cx, uint64_t& dup_bytes) {
  std::vector<const model::FunctionInfo*> fns;
  uint64_t bodies = 0;
  for (const auto& f : m.functions) {
    fns.push_back(&f);
    bodies += f.size;
  }
  std::sort(fns.begin(), fns.end(), [](auto* a, auto* b) { return a->size > b->size; });
  auto duplicated = [&](const model::FunctionInfo& f) {
    return cx.dups.count({cx.artifact->path, m.name, f.index}) > 0;
  };
  json children = json::array();
  uint64_t shown = 0, rest_dup = 0;
  size_t listed = 0, listed_dup = 0, rest = 0, rest_dups = 0;
  for (const auto* f : fns) {
    const bool dup = duplicated(*f);
    dup_bytes += dup ? f->size : 0;
    if (listed < kFunctionsPerModule || (dup && listed_dup < kFunctionsPerModule)) {
      const bool relocs = f->name == "__wasm_apply_data_relocs";
      json l = leaf(f->name.empty() ? fmt::format("func[{}]", f->index) : f->name, f->size,
                    relocs ? "relocation" : "code");
      if (dup) l["dup"] = f->size;
      children.push_back(std::move(l));
      shown += f->size;
      ++listed;
      listed_dup += dup;
    } else if (dup) {
      rest_dup += f->size;
      ++rest_dups;
    } else {
      ++rest;
    }
  }
  if (rest_dups) {
    json l = leaf(fmt::format("{} other duplicated functions", rest_dups), rest_dup, "code");
    l["dup"] = rest_dup;
    children.push_back(std::move(l));
  }
  if (rest) {
    children.push_back(
        leaf(fmt::format("{} other functions", rest), bodies - shown - rest_dup, "code"));
  }
  // Body size fields and the count: the rest of the section's payload.
  if (m.code_size > bodies) children.push_back(leaf("body headers", m.code_size - bodies, "code"));
  if (children.empty()) return leaf("code", m.code_size, "code");
  return {{"name", "code"}, {"type", "section"}, {"kind", "code"}, {"children", children}};
}

// The findings about one subject, for its box's outline and tooltip.
json findings_about(const Context& cx, const model::ModuleReport* m) {
  json out = json::array();
  for (const auto& f : cx.findings) {
    if (f.artifact != cx.artifact->path) continue;
    const bool about_file = f.subject.empty() || names_the_file(f);
    if (m ? (!about_file && (f.subject == m->name || f.subject == m->path)) : about_file) {
      out.push_back(
          {{"severity", severity_name(f.severity)}, {"rule", f.rule}, {"message", f.message}});
    }
  }
  return out;
}

json module_node(const model::ModuleReport& m, const Context& cx) {
  json children = json::array();
  uint64_t dup_bytes = 0;
  if (m.code_size) children.push_back(code_node(m, cx, dup_bytes));
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
  json node = {{"name", m.name},
               {"path", m.path},
               {"type", "module"},
               {"size", m.size},
               {"csize", m.compressed_size},
               {"children", children}};
  apportion(node, "csize", m.compressed_size);
  if (m.transfer) {
    node["tsize"] = m.transfer->brotli;
    apportion(node, "tsize", m.transfer->brotli);
  }
  if (dup_bytes) node["dup"] = dup_bytes;
  if (auto f = findings_about(cx, &m); !f.empty()) node["findings"] = std::move(f);
  return node;
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

json artifact_node(const model::ArtifactReport& a, const Context& cx) {
  json node = {{"name", std::filesystem::path(a.path).filename().string()},
               {"path", a.path},
               {"type", "artifact"},
               {"children", json::array()}};
  if (auto f = findings_about(cx, nullptr); !f.empty()) node["findings"] = std::move(f);
  uint64_t module_transfer = 0, files_size = 0;
  for (const auto& m : a.modules) {
    folder_of(node, m.path)["children"].push_back(module_node(m, cx));
    module_transfer += m.transfer ? m.transfer->brotli : 0;
  }
  // Other files, one box per folder: a wheel has hundreds of .py files.
  struct Files {
    size_t count = 0;
    uint64_t size = 0, stored = 0;
  };
  std::map<std::string, Files> files;
  for (const auto& f : a.files) {
    auto& g = files[std::filesystem::path(f.path).parent_path().string()];
    ++g.count;
    g.size += f.size;
    g.stored += f.stored_size;
    files_size += f.size;
  }
  // Their transfer share: what the stored repack's brotli leaves after the
  // modules' own, by size (the archive's headers ride along).
  const bool transfer = a.transfer && a.transfer->brotli_potential;
  const uint64_t rest = transfer ? *a.transfer->brotli_potential -
                                       std::min(*a.transfer->brotli_potential, module_transfer)
                                 : 0;
  for (const auto& [dir, g] : files) {
    json l = {{"name", fmt::format("{} other file{}", g.count, g.count == 1 ? "" : "s")},
              {"size", g.size},
              {"csize", g.stored},
              {"kind", "file"}};
    if (transfer) {
      l["tsize"] = static_cast<uint64_t>(
          std::llround(static_cast<double>(rest) * static_cast<double>(g.size) /
                       static_cast<double>(std::max<uint64_t>(files_size, 1))));
      l["est"] = true;
    }
    folder_of(node, dir + "/x")["children"].push_back(std::move(l));
  }
  return node;
}

// A distribution as one more top-level box: a box per package, sized by
// its load closure (what loadPackage fetches), so the heaviest imports
// stand out. Closures overlap: the distribution's total is not a download.
json distribution_node(const model::Distribution& d, const model::Run& run) {
  json children = json::array();
  const auto closures = analysis::package_closures(d, run);
  for (size_t i = 0; i < d.packages.size(); ++i) {
    const model::Closure& c = closures[i];
    json node = {{"name", d.packages[i].name},
                 {"type", "package"},
                 {"kind", "closure"},
                 {"size", c.download_size},
                 {"csize", c.download_size},
                 {"closure",
                  {{"packages", c.packages.size()},
                   {"modules", c.modules},
                   {"wasm", c.wasm_size},
                   {"missing", c.missing.size()}}}};
    if (c.transfer_size) node["tsize"] = *c.transfer_size;
    children.push_back(std::move(node));
  }
  return {{"name", std::filesystem::path(d.path).filename().string() + " (load closures)"},
          {"path", d.path},
          {"type", "distribution"},
          {"children", children}};
}

json clusters_json(const model::DuplicateLevel* level) {
  json clusters = json::array();
  if (!level) return clusters;
  for (size_t i = 0; i < std::min(kClusters, level->clusters.size()); ++i) {
    const auto& c = level->clusters[i];
    json copies = json::array();
    for (size_t k = 0; k < std::min<size_t>(c.copies.size(), 100); ++k) {
      const auto& copy = c.copies[k];
      copies.push_back({{"module", copy.module},
                        {"name", copy.name.empty() ? fmt::format("func[{}]", copy.function)
                                                   : std::string(copy.name)}});
    }
    clusters.push_back({{"wasted", c.wasted}, {"size", c.size}, {"copies", copies}});
  }
  return clusters;
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
  const DupSet dups = duplicated_functions(page.duplicates);
  json artifacts = json::array();
  uint64_t bytes = 0, modules = 0;
  bool transfer = false;
  for (const auto& a : page.run.artifacts) {
    artifacts.push_back(
        artifact_node(a, {.artifact = &a, .dups = dups, .findings = page.findings}));
    bytes += a.size;
    modules += a.modules.size();
    transfer = transfer || a.transfer.has_value();
  }
  for (const auto& d : page.run.distributions)
    artifacts.push_back(distribution_node(d, page.run));
  const json data = {{"page", page.kind},    {"level", page.level},
                     {"transfer", transfer}, {"artifacts", artifacts},
                     {"findings", findings}, {"clusters", clusters_json(page.duplicates)}};
  out << "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << markup_escape(page.title) << "</title>\n<style>" << html::kStyle
      << "</style></head>\n<body>\n"
      << "<header><h1>" << markup_escape(page.title) << "</h1><p>"
      << markup_escape(fmt::format(
             "{} artifact{}, {} on disk, {} module{}. Click a box to zoom in, the background or a "
             "breadcrumb to zoom out; arrow keys, Enter and Escape do the same. The address keeps "
             "what you chose (#q=, size=, off=), to share or reload.",
             page.run.artifacts.size(), page.run.artifacts.size() == 1 ? "" : "s",
             human_size(bytes), modules, modules == 1 ? "" : "s"))
      << "</p></header>\n"
      << "<div id=\"controls\"><label>Search <input id=\"search\" type=\"search\" "
         "placeholder=\"module, function, section\" autocomplete=\"off\"></label>"
         "<span id=\"search-count\" aria-live=\"polite\"></span>"
         "<fieldset id=\"size-toggle\"><legend>Size</legend>"
         "<label><input type=\"radio\" name=\"size\" value=\"raw\" checked> raw</label>"
         "<label><input type=\"radio\" name=\"size\" value=\"compressed\"> compressed</label>"
         "<label><input type=\"radio\" name=\"size\" value=\"transfer\"> transfer</label>"
         "</fieldset><label id=\"overlay-toggle\" hidden><input type=\"checkbox\" "
         "id=\"overlay\"> duplicated bytes</label></div>\n"
      << "<nav id=\"crumbs\" aria-label=\"zoom path\"></nav>\n"
      << "<main><aside id=\"sidebar\" aria-label=\"artifacts\"><h2>Artifacts</h2>"
         "<ul id=\"artifact-list\"></ul></aside>\n"
      << "<div id=\"treemap\" tabindex=\"0\" role=\"application\" "
         "aria-label=\"treemap\"></div></main>\n"
      << "<div id=\"tooltip\" role=\"tooltip\"></div>\n<div id=\"legend\">"
      << "<span><i class=\"kind-code\"></i>code</span><span><i class=\"kind-relocation\"></i>"
         "relocation code</span><span><i class=\"kind-data\"></i>data</span><span><i "
         "class=\"kind-custom\"></i>custom sections</span><span><i class=\"kind-other\"></i>"
         "headers and other sections</span><span><i class=\"kind-file\"></i>other "
         "files</span><span><i class=\"legend-failing\"></i>failing a check</span>"
         "<span><i class=\"legend-dup\"></i>duplicated</span><span><i class=\"kind-closure\">"
         "</i>package load closure (striped: incomplete)</span></div>\n"
      << "<section class=\"tables\"><div id=\"findings\" hidden><h2>Findings</h2></div>"
      << "<div id=\"duplicates\" hidden><h2>Largest duplicate clusters ("
      << markup_escape(page.level) << ")</h2></div></section>\n"
      << "<script>" << html::kD3Hierarchy << "</script>\n"
      << "<script>const DATA = " << base::for_script(wasmsize::json::to_text(data))
      << ";</script>\n"
      << "<script>" << html::kScript << "</script>\n</body></html>\n";
}

}  // namespace wasmsize::report
