#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "base/units.h"
#include "report/escape.h"
#include "report/report.h"
#include "report/table.h"
#include "sources/package.h"

namespace wasmsize::report {

namespace {

using model::ArtifactReport;
using model::ModuleReport;

struct SortKey {
  std::string name;
  std::function<uint64_t(const ModuleReport&)> value;
};

const std::vector<SortKey>& sort_keys() {
  static const std::vector<SortKey> keys = {
      {"size", [](const ModuleReport& m) { return m.size; }},
      {"compressed", [](const ModuleReport& m) { return m.compressed_size; }},
      {"code", [](const ModuleReport& m) { return m.code_size; }},
      {"data", [](const ModuleReport& m) { return m.data_size; }},
      {"custom", [](const ModuleReport& m) { return m.custom_size; }},
      {"other", [](const ModuleReport& m) { return m.other_size; }},
      {"dup", [](const ModuleReport& m) { return m.duplicated_size; }},
      {"functions", [](const ModuleReport& m) { return uint64_t{m.function_count}; }},
      {"imports", [](const ModuleReport& m) { return uint64_t{m.import_count}; }},
      {"exports", [](const ModuleReport& m) { return uint64_t{m.export_count}; }},
      {"largest-function",
       [](const ModuleReport& m) { return m.largest_function ? m.largest_function->size : 0; }},
      {"relocs", [](const ModuleReport& m) { return m.apply_data_relocs_size; }},
      {"name", nullptr},
  };
  return keys;
}

std::string paint(const Style& s, const char* code, const std::string& text) {
  return s.color ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : text;
}

// The path, its folder elided in the middle where the line would not fit,
// then what the artifact is.
std::string artifact_title(const ArtifactReport& a, size_t width) {
  const std::string what = a.is_wheel() ? fmt::format(" (wheel {} {}, {})", term(a.distribution),
                                                      term(a.version), term(a.platform_tag))
                                        : fmt::format(" ({})", term(a.kind));
  const std::string path = term(a.path);
  if (width == 0 || display_width(path + what) <= width) return path + what;
  // The folder gives way first, then the description (the wheel's file name
  // says the same); the file name is what names the artifact.
  const size_t slash = path.rfind('/');
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  const std::string folder = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  for (const std::string& tail : {what, std::string()}) {
    const size_t used = display_width(name + tail);
    if (used + std::min<size_t>(folder.size(), 4) <= width)
      return elide_middle(folder, width - used) + name + tail;
  }
  return path;
}

void write_artifact(const ArtifactReport& a, const ReportView& view, const Style& style,
                    std::ostream& out) {
  out << paint(style, "1", artifact_title(a, style.width)) << '\n';
  uint64_t files_size = 0;
  for (const auto& f : a.files)
    files_size += f.size;
  const uint64_t overhead = a.size - std::min(a.size, a.entries_stored_size);
  const std::string sizes = fmt::format("  {} on disk, {} uncompressed: {} module{},",
                                        human_size(a.size), human_size(a.uncompressed_size),
                                        a.modules.size(), a.modules.size() == 1 ? "" : "s");
  const std::string files =
      fmt::format("{} other file{} ({}), archive overhead {}", thousands(a.files.size()),
                  a.files.size() == 1 ? "" : "s", human_size(files_size), human_size(overhead));
  // One line where it fits, two where it does not.
  const bool fits = style.width == 0 || sizes.size() + 1 + files.size() <= style.width;
  out << sizes << (fits ? " " : "\n  ") << files << "\n";
  if (a.transfer) {
    const auto& t = *a.transfer;
    out << fmt::format(
        "  transfer: {} brotli, {} gzip -9{}\n", human_size(t.brotli), human_size(t.gzip),
        t.brotli_potential
            ? fmt::format("; {} brotli if its entries were stored", human_size(*t.brotli_potential))
            : "");
  }
  out << '\n';
  if (a.modules.empty()) return;

  // What a narrow terminal drops first: dylink mem, relocs, exports, ...;
  // module, size, compressed, code and data always stay.
  Table t;
  t.fit(style.width);
  t.column("module", Table::kLeft);
  const std::pair<const char*, int> kColumns[] = {
      {"size", 0},    {"compressed", 0}, {"code", 0},    {"data", 0},
      {"custom", 8},  {"other", 7},      {"dup", 4},     {"funcs", 5},
      {"imports", 9}, {"exports", 10},   {"relocs", 11}, {"dylink mem", 12}};
  // A module's brotli size, where transfer sizes were measured: after
  // `compressed`, the size in the archive it compares with.
  const bool transfer =
      std::any_of(a.modules.begin(), a.modules.end(), [](const auto& m) { return m.transfer; });
  for (const auto& [h, drop] : kColumns) {
    t.column(h, Table::kRight, drop);
    if (transfer && std::string_view(h) == "compressed") t.column("brotli", Table::kRight, 3);
  }
  t.column("largest function", Table::kLeft, 6);
  const auto shown = ordered_modules(a, view);
  ModuleReport total;
  for (const ModuleReport& m : a.modules) {
    total.size += m.size;
    total.compressed_size += m.compressed_size;
    total.code_size += m.code_size;
    total.data_size += m.data_size;
    total.custom_size += m.custom_size;
    total.other_size += m.other_size;
    total.duplicated_size += m.duplicated_size;
    total.function_count += m.function_count;
    total.import_count += m.import_count;
    total.export_count += m.export_count;
    total.apply_data_relocs_size += m.apply_data_relocs_size;
    if (m.transfer) {
      if (!total.transfer) total.transfer.emplace();
      total.transfer->brotli += m.transfer->brotli;
    }
  }
  auto cells = [transfer](const ModuleReport& m, std::string name, std::string largest,
                          std::string mem) {
    auto row = std::vector<std::string>{
        std::move(name),
        human_size(m.size),
        human_size(m.compressed_size),
        human_size(m.code_size),
        human_size(m.data_size),
        human_size(m.custom_size),
        human_size(m.other_size),
        human_size(m.duplicated_size),
        thousands(m.function_count),
        thousands(m.import_count),
        thousands(m.export_count),
        m.apply_data_relocs_size ? human_size(m.apply_data_relocs_size) : "-",
        std::move(mem),
        std::move(largest)};
    if (transfer) row.insert(row.begin() + 3, m.transfer ? human_size(m.transfer->brotli) : "-");
    return row;
  };
  for (const ModuleReport* m : shown) {
    std::string largest = "-";
    if (m->largest_function) {
      const auto& f = *m->largest_function;
      largest = fmt::format("{} {}", human_size(f.size),
                            f.name.empty() ? fmt::format("func[{}]", f.index) : term(f.name));
    }
    std::string name =
        m->error ? paint(style, "31", term(m->name) + " (malformed)") : term(m->name);
    t.row(cells(*m, std::move(name), largest, m->dylink ? human_size(m->dylink->mem_size) : "-"));
  }
  if (shown.size() < a.modules.size()) {
    const auto all = ordered_modules(a, {view.sort, 0});
    uint64_t rest = 0;
    for (size_t i = shown.size(); i < all.size(); ++i)
      rest += all[i]->size;
    t.row({fmt::format("... {} more modules", a.modules.size() - shown.size()), human_size(rest)});
  }
  if (a.modules.size() > 1) {
    t.separator();
    t.row(cells(total, fmt::format("total ({} modules)", a.modules.size()), "", ""));
  }
  t.print(out, "  ", style.color);

  std::map<std::string, std::vector<std::string>> needed;
  std::map<std::string, size_t> features;
  for (const ModuleReport& m : a.modules) {
    if (m.dylink) {
      for (const auto& n : m.dylink->needed)
        needed[term(n)].push_back(term(m.name));
    }
    for (const auto& f : m.target_features)
      ++features[term(f)];
  }
  for (const auto& [lib, users] : needed) {
    out << fmt::format("  needs {}: {}\n", lib, fmt::join(users, ", "));
  }
  if (!features.empty()) {
    std::vector<std::string> parts;
    parts.reserve(features.size());
    for (const auto& [f, n] : features) {
      parts.push_back(n == a.modules.size() ? f
                                            : fmt::format("{} ({} of {})", f, n, a.modules.size()));
    }
    out << fmt::format("  target features: {}\n", fmt::join(parts, " "));
  }
  out << '\n';
}

}  // namespace

// A loose module's findings name the module after the file: say it once.
bool names_the_file(const model::Finding& f) {
  const std::string file = std::filesystem::path(f.artifact).filename().string();
  return f.subject == file || f.subject == sources::module_name(file);
}

const std::vector<std::string>& sort_fields() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& k : sort_keys())
      n.push_back(k.name);
    return n;
  }();
  return names;
}

std::vector<const ModuleReport*> ordered_modules(const ArtifactReport& a, const ReportView& view) {
  std::vector<const ModuleReport*> mods;
  for (const auto& m : a.modules)
    mods.push_back(&m);
  const auto key = std::find_if(sort_keys().begin(), sort_keys().end(),
                                [&](const SortKey& k) { return k.name == view.sort; });
  auto by_name = [](const ModuleReport* x, const ModuleReport* y) {
    return std::tie(x->name, x->path) < std::tie(y->name, y->path);
  };
  if (key == sort_keys().end() || !key->value) {
    std::stable_sort(mods.begin(), mods.end(), by_name);
  } else {
    std::stable_sort(mods.begin(), mods.end(), [&](const ModuleReport* x, const ModuleReport* y) {
      const uint64_t vx = key->value(*x), vy = key->value(*y);
      return vx != vy ? vx > vy : by_name(x, y);
    });
  }
  if (view.top > 0 && mods.size() > view.top) mods.resize(view.top);
  return mods;
}

// Across every artifact: the N largest modules by the view's sort (a
// release of 118 wheels is 118 tables, and the question is which modules,
// anywhere, are the largest).
void write_ranking(const model::Run& run, const ReportView& view, const Style& style,
                   std::ostream& out) {
  struct Ranked {
    const ArtifactReport* artifact;
    const ModuleReport* module;
  };
  std::vector<Ranked> all;
  for (const auto& a : run.artifacts) {
    for (const auto* m : ordered_modules(a, {.sort = view.sort, .top = 0}))
      all.push_back({&a, m});
  }
  const auto key = std::find_if(sort_keys().begin(), sort_keys().end(),
                                [&](const SortKey& k) { return k.name == view.sort; });
  if (key != sort_keys().end() && key->value) {
    std::stable_sort(all.begin(), all.end(), [&](const Ranked& x, const Ranked& y) {
      return key->value(*x.module) > key->value(*y.module);
    });
  }
  constexpr size_t kDefaultRanked = 10;
  const size_t n = std::min(all.size(), view.top ? view.top : kDefaultRanked);
  out << paint(style, "1",
               fmt::format("Largest {} of {} modules across {} artifacts, by {}:", n, all.size(),
                           run.artifacts.size(), view.sort))
      << "\n";
  Table t;
  t.fit(style.width);
  t.column("module", Table::kLeft);
  for (const auto& [h, drop] : {std::pair{"size", 0}, {"compressed", 2}, {"code", 4}, {"data", 3}})
    t.column(h, Table::kRight, drop);
  t.column("artifact", Table::kLeft);
  for (size_t i = 0; i < n; ++i) {
    const auto& [a, m] = all[i];
    t.row({fmt::format("{:>2}. {}", i + 1, term(m->name)), human_size(m->size),
           human_size(m->compressed_size), human_size(m->code_size), human_size(m->data_size),
           term(std::filesystem::path(a->path).filename().string())});
  }
  t.print(out, "  ", false);
  out << '\n';
}

void write_report_text(const model::Run& run, const ReportView& view, const Style& style,
                       std::ostream& out,
                       std::span<const model::DistributionClosures> distributions) {
  uint64_t size = 0, module_bytes = 0, modules = 0;
  for (size_t i = 0; i < run.artifacts.size(); ++i) {
    const auto& a = run.artifacts[i];
    if (!in_distribution(run, i)) write_artifact(a, view, style, out);
    size += a.size;
    for (const auto& m : a.modules)
      module_bytes += m.size, ++modules;
  }
  if (run.artifacts.size() > 1) {
    out << paint(style, "1",
                 fmt::format("{} artifacts: {} on disk, {} modules, {} of WebAssembly",
                             run.artifacts.size(), human_size(size), modules,
                             human_size(module_bytes)))
        << "\n\n";
    if (modules > 1) write_ranking(run, view, style, out);
  }
  write_distributions_text(distributions, view, style, out);
  write_findings_text(run.findings, style, out);
  write_names_hint(run, style, out);
}

// Per artifact one line and its largest modules; then the distributions.
void write_report_markdown(const model::Run& run, const ReportView& view, std::ostream& out,
                           std::span<const model::DistributionClosures> distributions) {
  out << "### wasmsize: sizes\n\n| artifact | on disk | modules | WebAssembly | largest module "
         "|\n|---|--:|--:|--:|---|\n";
  for (const auto& a : run.artifacts) {
    uint64_t wasm = 0;
    const ModuleReport* largest = nullptr;
    for (const auto& m : a.modules) {
      wasm += m.size;
      if (!largest || m.size > largest->size) largest = &m;
    }
    out << fmt::format(
        "| {} | {} | {} | {} | {} |\n", md_code(std::filesystem::path(a.path).filename().string()),
        human_size(a.size), a.modules.size(), human_size(wasm),
        largest ? fmt::format("{} ({})", md_code(largest->name), human_size(largest->size)) : "-");
  }
  out << '\n';
  write_distributions_markdown(distributions, view, out);
}

void write_names_hint(const model::Run& run, const Style& style, std::ostream& out) {
  size_t unnamed = 0, modules = 0;
  for (const auto& a : run.artifacts) {
    for (const auto& m : a.modules) {
      if (m.function_count == 0) continue;
      ++modules;
      const bool named = std::any_of(m.sections.begin(), m.sections.end(),
                                     [](const auto& s) { return s.custom && s.name == "name"; });
      unnamed += !named;
    }
  }
  if (unnamed == 0 || style.quiet) return;
  // Stripped release builds are the norm in wheels; say once how to see
  // names instead of leaving func[N] unexplained.
  std::ostringstream text;
  write_wrapped("",
                fmt::format("hint: {} of {} modules have no name section, so their functions "
                            "show as func[N]; to see names, build with emcc --profiling-funcs "
                            "(or -g2), or keep the section when stripping (wasm-strip -k name)",
                            unnamed, modules),
                style.width, text);
  std::string lines = text.str();
  if (!lines.empty() && lines.back() == '\n') lines.pop_back();
  out << paint(style, "2", lines) << '\n';
}

void write_findings_text(const std::vector<model::Finding>& findings, const Style& style,
                         std::ostream& out) {
  size_t errors = 0, warnings = 0;
  for (const auto& f : findings) {
    const bool error = f.severity == model::Severity::kError;
    (error ? errors : warnings)++;
    const std::string where =
        f.subject.empty() || names_the_file(f) ? f.artifact : f.artifact + "!" + f.subject;
    out << fmt::format("{}: {} {}: {}\n", term(where),
                       paint(style, error ? "31" : "33", error ? "error" : "warning"), f.rule,
                       term(f.message));
  }
  if (errors + warnings > 0) {
    out << fmt::format("{} error{}, {} warning{}\n", errors, errors == 1 ? "" : "s", warnings,
                       warnings == 1 ? "" : "s");
  }
}

}  // namespace wasmsize::report
