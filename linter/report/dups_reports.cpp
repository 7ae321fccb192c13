// `dups` output: what each fingerprint level sees duplicated, by scope, and
// the clusters that waste the most.
#include <fmt/format.h>

#include <filesystem>
#include <set>

#include "analysis/cluster_advice.h"
#include "base/units.h"
#include "json/stream.h"
#include "report/escape.h"
#include "report/report.h"
#include "report/table.h"

namespace wasmsize::report {

namespace {

// A cluster's copies in json: a million copies of one helper is a million
// objects, gigabytes of document for what a count says.
constexpr size_t kMaxCopiesListed = 1000;

std::string share(uint64_t part, uint64_t whole) {
  return whole ? percent(double(part) / double(whole)) : "-";
}

// The levels to show: those the view asks for and the report has. Text and
// markdown tables leave `raw` to one line of its own (raw_line) unless it is
// the level asked for: it is not a level of the nest.
std::vector<std::pair<std::string_view, const model::DuplicateLevel*>> shown(
    const model::DuplicateReport& d, const DupsView& v, bool with_raw = false) {
  std::vector<std::pair<std::string_view, const model::DuplicateLevel*>> out;
  for (const auto& [bit, name] : model::kLevelNames) {
    const model::DuplicateLevel* l = d.level(name);
    const bool wanted = v.mode.empty() ? bit != model::kRaw || with_raw : v.mode == name;
    if (l && wanted) out.emplace_back(name, l);
  }
  return out;
}

// What hashing body bytes finds, beside the nest: byte-identical bodies can
// mean different things in two modules, so this can exceed `exact`.
std::string raw_line(const model::DuplicateReport& d, const DupsView& v) {
  if (!d.raw || !v.mode.empty()) return {};
  return fmt::format(
      "raw: {} ({}) in byte-identical bodies, what hashing bytes finds; {} of it "
      "in bodies that call or read different things in each module (docs/duplicates.md)",
      human_size(d.raw->wasted), share(d.raw->wasted, d.raw->code_bytes),
      human_size(d.exact && d.raw->wasted > d.exact->wasted ? d.raw->wasted - d.exact->wasted : 0));
}

std::string copy_name(const model::DuplicateCopy& c) {
  return c.name.empty() ? fmt::format("func[{}]", c.function) : std::string(c.name);
}

std::string file_name(std::string_view path) {
  return std::filesystem::path(path).filename().string();
}

// "12 copies in 9 modules of 3 artifacts"
std::string spread(const model::DuplicateCluster& c) {
  std::set<std::string> modules, artifacts;
  for (const auto& copy : c.copies) {
    modules.insert(fmt::format("{}!{}", copy.artifact, copy.module));
    artifacts.insert(std::string(copy.artifact));
  }
  return fmt::format("{} copies in {} module{} of {} artifact{}", c.copies.size(), modules.size(),
                     modules.size() == 1 ? "" : "s", artifacts.size(),
                     artifacts.size() == 1 ? "" : "s");
}

// A wheel as "name-version" (the file name says the rest above): its file
// name up to the second '-'.
std::string short_name(std::string_view path) {
  const std::string f = file_name(path);
  const size_t first = f.find('-');
  const size_t second = first == std::string::npos ? first : f.find('-', first + 1);
  return second == std::string::npos ? f : f.substr(0, second);
}

// "fix: ..." and what it saves, under a cluster.
void write_advice_text(const analysis::ClusterAdvice& a, size_t width, std::ostream& out) {
  constexpr std::string_view kIndent = "             ";
  write_wrapped(kIndent, fmt::format("fix ({}): {}", a.kind_name, term(a.fix)), width, out);
  std::string saves;
  for (size_t i = 0; i < std::min<size_t>(a.per_artifact.size(), 3); ++i) {
    saves += fmt::format("{}{} in {}", i ? ", " : "", human_size(a.per_artifact[i].bytes),
                         term(short_name(a.per_artifact[i].artifact)));
  }
  if (a.per_artifact.size() > 3)
    saves += fmt::format(" and {} more wheels", a.per_artifact.size() - 3);
  if (a.across_artifacts) {
    saves += fmt::format("{}{} more across wheels, shared between them", saves.empty() ? "" : "; ",
                         human_size(a.across_artifacts));
  }
  if (!saves.empty()) write_wrapped(kIndent, "saves " + saves, width, out);
}

// What only alternatives share: reported, never counted as waste.
std::string alternatives_line(const model::DuplicateReport& d, const DupsView& v) {
  const model::DuplicateLevel* l = d.level(v.mode.empty() ? model::kDefaultLevel : v.mode);
  if (!l || l->alternatives == 0) return {};
  return fmt::format(
      "alternatives: {} more ({}) in other builds of the same distributions (versions, Python "
      "tags), never installed together: not counted as waste",
      human_size(l->alternatives), v.mode.empty() ? model::kDefaultLevel : v.mode);
}

template <typename Bold>
void write_files_text(const model::DuplicateFiles& f, const DupsView& view, const Bold& bold,
                      std::ostream& out) {
  if (f.clusters.empty()) return;
  out << '\n'
      << bold(fmt::format("Modules shipped more than once: {} wasted ({} within artifacts, {} "
                          "across); their functions are not counted again above",
                          human_size(f.wasted), human_size(f.within_artifact),
                          human_size(f.cross_artifact)))
      << '\n';
  const size_t n = view.top ? std::min(view.top, f.clusters.size()) : f.clusters.size();
  for (size_t i = 0; i < n; ++i) {
    const auto& c = f.clusters[i];
    out << fmt::format("  {:>8} wasted  {} x {}  the same file{}\n", human_size(c.wasted),
                       c.copies.size(), human_size(c.size),
                       c.alternatives ? " (partly in alternatives)" : "");
    for (const auto& copy : c.copies)
      out << fmt::format("             {}!{}\n", term(file_name(copy.artifact)),
                         term(copy.path.empty() ? copy.module : copy.path));
  }
}

nlohmann::json files_json(const model::DuplicateFiles& f, size_t top) {
  using nlohmann::json;
  json clusters = json::array();
  const size_t n = top ? std::min(top, f.clusters.size()) : f.clusters.size();
  for (size_t i = 0; i < n; ++i) {
    const auto& c = f.clusters[i];
    json copies = json::array();
    for (size_t k = 0; k < std::min(c.copies.size(), kMaxCopiesListed); ++k) {
      copies.push_back({{"artifact", c.copies[k].artifact},
                        {"module", c.copies[k].module},
                        {"path", c.copies[k].path}});
    }
    json j = {{"size", c.size},
              {"wasted_bytes", c.wasted},
              {"alternative_bytes", c.alternatives},
              {"copies", copies}};
    if (copies.size() < c.copies.size()) j["copies_omitted"] = c.copies.size() - copies.size();
    clusters.push_back(std::move(j));
  }
  return {{"wasted_bytes", f.wasted},           {"within_artifact", f.within_artifact},
          {"cross_artifact", f.cross_artifact}, {"alternative_bytes", f.alternatives},
          {"cluster_count", f.clusters.size()}, {"clusters", clusters}};
}

}  // namespace

void write_dups_text(const model::DuplicateReport& d, const model::Run& run, const DupsView& view,
                     const Style& style, std::ostream& out) {
  const auto bold = [&](const std::string& s) {
    return style.color ? "\x1b[1m" + s + "\x1b[0m" : s;
  };
  out << bold(fmt::format("Duplicated functions ({} of code in functions of {} B or more)",
                          human_size(d.code_bytes), d.min_size))
      << "\n\n";
  Table t;
  t.column("level", Table::kLeft);
  for (const char* h :
       {"wasted", "of code", "within module", "across modules", "across artifacts", "clusters"}) {
    t.column(h, Table::kRight);
  }
  for (const auto& [name, level] : shown(d, view)) {
    const auto& l = *level;
    t.row({std::string(name), human_size(l.wasted), share(l.wasted, l.code_bytes),
           human_size(l.within_module), human_size(l.cross_module), human_size(l.cross_artifact),
           thousands(l.clusters.size())});
  }
  t.print(out, "  ", style.color);
  if (const std::string raw = raw_line(d, view); !raw.empty()) out << "  " << raw << '\n';
  if (const std::string alt = alternatives_line(d, view); !alt.empty()) out << "  " << alt << '\n';
  write_files_text(d.files, view, bold, out);
  const analysis::ClusterAdvisor advisor(run);
  for (const auto& [name, level] : shown(d, view)) {
    const auto& l = *level;
    if (l.clusters.empty()) continue;
    const size_t n = view.top ? std::min(view.top, l.clusters.size()) : l.clusters.size();
    out << '\n' << bold(fmt::format("Largest {} clusters", name)) << '\n';
    for (size_t i = 0; i < n; ++i) {
      const auto& c = l.clusters[i];
      out << fmt::format("  {:>8} wasted  {} x {}  {}\n", human_size(c.wasted), c.copies.size(),
                         human_size(c.size), spread(c));
      const size_t listed = std::min<size_t>(c.copies.size(), 4);
      // Copies come sorted by place: each artifact's file name is said once,
      // above its copies, not on every line.
      for (size_t k = 0; k < listed; ++k) {
        const auto& copy = c.copies[k];
        if (k == 0 || copy.artifact != c.copies[k - 1].artifact)
          out << fmt::format("             {}\n", term(file_name(copy.artifact)));
        out << fmt::format("               {} {} ({} B)\n", term(copy.module),
                           term(copy_name(copy)), copy.size);
      }
      if (c.copies.size() > listed)
        out << fmt::format("             ... and {} more\n", c.copies.size() - listed);
      if (name != "shape" && name != "raw") write_advice_text(advisor.advise(c), style.width, out);
    }
  }
}

static nlohmann::json dups_cluster_json(const model::DuplicateCluster& c,
                                        const analysis::ClusterAdvisor& advisor) {
  using nlohmann::json;
  json copies = json::array();
  const size_t listed = std::min(c.copies.size(), kMaxCopiesListed);
  for (size_t k = 0; k < listed; ++k) {
    const auto& copy = c.copies[k];
    json j = {{"artifact", copy.artifact},
              {"module", copy.module},
              {"function", copy.function},
              {"size", copy.size}};
    j["name"] = copy.name.empty() ? json() : json(copy.name);
    copies.push_back(std::move(j));
  }
  json cluster = {{"size", c.size},
                  {"wasted_bytes", c.wasted},
                  {"alternative_bytes", c.alternatives},
                  {"copies", copies}};
  if (listed < c.copies.size()) cluster["copies_omitted"] = c.copies.size() - listed;
  const analysis::ClusterAdvice a = advisor.advise(c);
  json saved = json::array();
  for (const auto& s : a.per_artifact)
    saved.push_back({{"artifact", s.artifact}, {"bytes", s.bytes}});
  cluster["kind"] = a.kind_name;
  cluster["fix"] = {{"text", a.fix},
                    {"saved_per_artifact", saved},
                    {"saved_across_artifacts", a.across_artifacts}};
  return cluster;
}

void write_dups_json(const model::DuplicateReport& d, const model::Run& run, const DupsView& view,
                     std::ostream& out) {
  using nlohmann::json;
  json levels = json::object();
  // Clusters are written one at a time (json/stream.h): --top 0 over a large
  // run lists millions of copies.
  namespace stream = wasmsize::json;
  std::vector<stream::StreamedArray> streamed;
  const analysis::ClusterAdvisor advisor(run);
  for (const auto& [name, level] : shown(d, view, /*with_raw=*/true)) {
    const auto& l = *level;
    const size_t n = view.top ? std::min(view.top, l.clusters.size()) : l.clusters.size();
    auto& array = streamed.emplace_back(
        stream::StreamedArray{stream::stream_placeholder(streamed.size()),
                              [&l, n, &advisor](const stream::ElementSink& sink) {
                                for (size_t i = 0; i < n; ++i)
                                  sink(dups_cluster_json(l.clusters[i], advisor));
                              }});
    levels[std::string(name)] = {
        {"code_bytes", l.code_bytes},         {"wasted_bytes", l.wasted},
        {"within_module", l.within_module},   {"cross_module", l.cross_module},
        {"cross_artifact", l.cross_artifact}, {"alternative_bytes", l.alternatives},
        {"cluster_count", l.clusters.size()}, {"clusters", array.placeholder}};
  }
  const json doc = {{"schema", kJsonSchema},
                    {"tool", tool_json()},
                    {"command", "dups"},
                    {"min_function_size", d.min_size},
                    {"files", files_json(d.files, view.top)},
                    {"levels", levels}};
  stream::dump_streamed(out, doc, streamed);
  out << '\n';
}

void write_dups_markdown(const model::DuplicateReport& d, const model::Run& run,
                         const DupsView& view, std::ostream& out) {
  out << "### wasmsize: duplicated functions\n\n";
  out << "| level | wasted | of code | within module | across modules | across artifacts | "
         "clusters |\n";
  out << "|---|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& [name, level] : shown(d, view)) {
    const auto& l = *level;
    out << fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", name, human_size(l.wasted),
                       share(l.wasted, l.code_bytes), human_size(l.within_module),
                       human_size(l.cross_module), human_size(l.cross_artifact), l.clusters.size());
  }
  if (const std::string raw = raw_line(d, view); !raw.empty()) out << "\n" << raw << "\n";
  if (const std::string alt = alternatives_line(d, view); !alt.empty()) out << "\n" << alt << "\n";
  if (!d.files.clusters.empty()) {
    out << fmt::format("\nModules shipped more than once: {} wasted in {} file{}.\n",
                       human_size(d.files.wasted), d.files.clusters.size(),
                       d.files.clusters.size() == 1 ? "" : "s");
  }
  const std::string level = view.mode.empty() ? std::string(model::kDefaultLevel) : view.mode;
  if (!d.level(level)) return;
  const auto& l = *d.level(level);
  const size_t n = std::min<size_t>(view.top ? view.top : 10, l.clusters.size());
  if (n == 0) return;
  const analysis::ClusterAdvisor advisor(run);
  out << fmt::format(
      "\nLargest {} clusters:\n\n| wasted | copies | size | example | kind | fix |\n"
      "|---:|---:|---:|---|---|---|\n",
      level);
  for (size_t i = 0; i < n; ++i) {
    const auto& c = l.clusters[i];
    const auto& first = c.copies.front();
    const analysis::ClusterAdvice a = advisor.advise(c);
    out << fmt::format("| {} | {} | {} | {} {} | {} | {} |\n", human_size(c.wasted),
                       c.copies.size(), human_size(c.size),
                       md_code(fmt::format("{}!{}", file_name(first.artifact), first.module)),
                       md_code(copy_name(first)), a.kind_name, markdown_escape(a.fix));
  }
}

}  // namespace wasmsize::report
