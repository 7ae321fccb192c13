#include <fmt/format.h>

#include <algorithm>

#include "analysis/symbols.h"
#include "base/units.h"
#include "report/escape.h"
#include "report/report.h"
#include "report/table.h"

namespace wasmsize::report {

namespace {

std::string hex(uint64_t v) {
  return fmt::format("0x{:08x}", v);
}

void heading(const Style& style, std::ostream& out, const std::string& title) {
  out << '\n' << (style.color ? "\x1b[1m" + title + "\x1b[0m" : title) << '\n';
}

void sections(const model::ModuleReport& m, const Style& style, std::ostream& out) {
  heading(style, out, fmt::format("Sections ({})", m.sections.size()));
  Table t;
  for (const char* h : {"id", "section"})
    t.column(h, Table::kLeft);
  for (const char* h : {"start", "end", "size", "share"})
    t.column(h, Table::kRight);
  for (const auto& s : m.sections) {
    t.row({std::to_string(s.id),
           s.custom ? fmt::format("custom \"{}\"", term(s.name)) : term(s.name), hex(s.offset),
           hex(s.offset + s.size), std::to_string(s.size),
           percent(m.size ? double(s.size) / double(m.size) : 0)});
  }
  t.print(out, "  ", false);
}

void dylink(const model::DylinkInfo& d, const Style& style, std::ostream& out) {
  heading(style, out, d.legacy ? "dylink (legacy)" : "dylink.0");
  out << fmt::format("  mem_size {}  mem_align 2^{}  table_size {}  table_align 2^{}\n",
                     thousands(d.mem_size), d.mem_align, d.table_size, d.table_align);
  for (const auto& n : d.needed)
    out << "  needed " << term(n) << '\n';
  for (const auto& r : d.runtime_paths)
    out << "  runtime_path " << term(r) << '\n';
  for (const auto& [name, flags] : d.export_info) {
    out << fmt::format("  export_info {} flags=0x{:x}\n", term(name), flags);
  }
  for (const auto& i : d.import_info) {
    out << fmt::format("  import_info {}.{} flags=0x{:x}\n", term(i.module), term(i.field),
                       i.flags);
  }
}

// Function bodies, as the view orders and cuts them. Sizes are plain
// integers (`sort -n` reads them); names are shown demangled.
void functions(const model::ModuleReport& m, const InspectView& view, const Style& style,
               std::ostream& out) {
  std::vector<const model::FunctionInfo*> order;
  order.reserve(m.functions.size());
  for (const auto& f : m.functions)
    order.push_back(&f);
  auto by = [&](auto key) {
    std::stable_sort(order.begin(), order.end(),
                     [&](const auto* a, const auto* b) { return key(*a, *b); });
  };
  if (view.sort == "size") by([](const auto& a, const auto& b) { return a.size > b.size; });
  if (view.sort == "name") by([](const auto& a, const auto& b) { return a.name < b.name; });
  const size_t listed = view.top ? std::min(view.top, order.size()) : order.size();
  heading(
      style, out,
      fmt::format("Function bodies ({}, {} of code{})", m.functions.size(), human_size(m.code_size),
                  listed < order.size() ? fmt::format("; {} by {}", listed, view.sort) : ""));
  Table t;
  for (const char* h : {"index", "offset", "size"})
    t.column(h, Table::kRight);
  t.column("name", Table::kLeft);
  for (size_t i = 0; i < listed; ++i) {
    const auto& f = *order[i];
    t.row({std::to_string(f.index), hex(f.offset), std::to_string(f.size),
           term(analysis::stable_symbol(f.name))});
  }
  t.print(out, "  ", false);
  if (listed < order.size()) {
    out << fmt::format("  ... and {} more (--top 0 lists every one)\n", order.size() - listed);
  }
}

}  // namespace

std::span<const std::string_view> inspect_sort_fields() {
  static constexpr std::string_view kFields[] = {"index", "size", "name"};
  return kFields;
}

void write_inspect_text(const model::ArtifactReport& artifact, const model::ModuleReport& m,
                        const InspectView& view, const Style& style, std::ostream& out) {
  const std::string where = term(m.path.empty() ? artifact.path : artifact.path + "!" + m.path);
  const std::string name = term(m.name);
  out << (style.color ? "\x1b[1m" + name + "\x1b[0m" : name) << "  " << where << '\n';
  out << fmt::format("  size {} ({} bytes), compressed {}: code {}, data {}, custom {}, other {}\n",
                     human_size(m.size), thousands(m.size), human_size(m.compressed_size),
                     human_size(m.code_size), human_size(m.data_size), human_size(m.custom_size),
                     human_size(m.other_size));
  if (m.error) {
    out << fmt::format("  malformed at byte {} (0x{:x}): {}\n", m.error->offset, m.error->offset,
                       term(m.error->message));
  }
  sections(m, style, out);
  if (!m.target_features.empty()) {
    heading(style, out, "Target features");
    out << "  " << term(fmt::format("{}", fmt::join(m.target_features, " "))) << '\n';
  }
  if (m.dylink) dylink(*m.dylink, style, out);

  heading(style, out, fmt::format("Imports ({})", m.imports.size()));
  for (const auto& i : m.imports)
    out << fmt::format("  {:<6} {}.{}\n", i.kind, term(i.module), term(i.field));
  heading(style, out, fmt::format("Exports ({})", m.exports.size()));
  for (const auto& e : m.exports)
    out << fmt::format("  {:<6} {} -> {}\n", e.kind, term(e.name), e.index);

  functions(m, view, style, out);
}

}  // namespace wasmsize::report
