// `diff` output: what grew and shrank between two builds, largest change
// first, in text, json and Markdown (with arrows, for pull-request comments).
#include <fmt/format.h>

#include <cstdlib>

#include "base/units.h"
#include "report/escape.h"
#include "report/report.h"
#include "report/table.h"

namespace wasmsize::report {

namespace {

using model::ModuleDiff;
using model::SizeChange;

std::string status_name(ModuleDiff::Status s) {
  switch (s) {
    case ModuleDiff::Status::kAdded:
      return "added";
    case ModuleDiff::Status::kRemoved:
      return "removed";
    case ModuleDiff::Status::kUnchanged:
      return "unchanged";
    case ModuleDiff::Status::kChanged:
      return "changed";
    case ModuleDiff::Status::kUnlisted:
      return "not in the saved report";
  }
  return "changed";
}

std::string side(uint64_t size, bool present) {
  return present ? human_size(size) : "-";
}

std::string change_pct(const SizeChange& c) {
  if (c.old_size == 0) return c.new_size ? "new" : "";
  return fmt::format("{}{}", c.delta() > 0 ? "+" : "",
                     percent(double(c.delta()) / double(c.old_size)));
}

std::string arrow(int64_t delta) {
  return delta > 0 ? "🔺" : delta < 0 ? "🔻" : "";
}

struct Totals {
  int64_t delta = 0;
  uint64_t old_size = 0;
  size_t changed = 0;
};

Totals totals(const model::DiffReport& d) {
  Totals t;
  for (const auto& a : d.artifacts) {
    for (const auto& m : a.modules) {
      if (m.status == ModuleDiff::Status::kUnlisted) continue;  // its other side is unknown
      t.delta += m.size.delta();
      t.old_size += m.size.old_size;
      t.changed += m.status != ModuleDiff::Status::kUnchanged;
    }
  }
  return t;
}

nlohmann::json change_json(const SizeChange& c) {
  nlohmann::json j = {{"old", c.old_size}, {"new", c.new_size}, {"delta", c.delta()}};
  if (!c.name.empty()) j["name"] = c.name;
  return j;
}

}  // namespace

std::string diff_headline(const model::DiffReport& d) {
  const Totals t = totals(d);
  if (t.changed == 0) return "no module changed";
  const std::string pct = t.old_size ? fmt::format(" ({}{})", t.delta >= 0 ? "+" : "",
                                                   percent(double(t.delta) / double(t.old_size)))
                                     : "";
  // Two different totals, each named: the modules' own bytes (what is
  // compiled at load) and the artifacts' files on disk (what is downloaded).
  model::SizeChange disk;
  for (const auto& a : d.artifacts) {
    disk.old_size += a.size.old_size;
    disk.new_size += a.size.new_size;
  }
  return fmt::format("module bytes {}{} across {} module{}; files on disk {} ({})",
                     signed_human_size(t.delta), pct, t.changed, t.changed == 1 ? "" : "s",
                     signed_human_size(disk.delta()), change_pct(disk));
}

namespace {

// What could not be compared, after the table: never silently zeros.
void write_notes(const model::DiffReport& d, std::ostream& out, const char* bullet) {
  if (d.notes.empty()) return;
  out << "\nNot compared (the inputs lack these parts):\n";
  for (const auto& n : d.notes)
    out << bullet << (bullet[0] == '-' ? markdown_escape(n) : term(n)) << '\n';
}

}  // namespace

namespace {

const char* closure_status(model::ClosureDiff::Status s) {
  using S = model::ClosureDiff::Status;
  return s == S::kAdded       ? "added"
         : s == S::kRemoved   ? "removed"
         : s == S::kUnchanged ? "unchanged"
                              : "changed";
}

std::string closure_flag(const model::ClosureDiff& c) {
  std::string f = c.status == model::ClosureDiff::Status::kChanged ? "" : closure_status(c.status);
  if (!c.old_complete || !c.new_complete) f += (f.empty() ? "" : ", ") + std::string("incomplete");
  return f;
}

// Packages whose closure changed: what one loadPackage of each now costs.
void write_closures_text(const model::DiffReport& d, std::ostream& out) {
  size_t unchanged = 0;
  Table t;
  t.column("package", Table::kLeft);
  for (const char* h : {"transfer", "delta", "download", "delta", "modules", "delta"})
    t.column(h, Table::kRight);
  t.column("", Table::kLeft);
  for (const auto& c : d.closures) {
    if (c.status == model::ClosureDiff::Status::kUnchanged) {
      ++unchanged;
      continue;
    }
    t.row({term(c.package), human_size(c.transfer.new_size), signed_human_size(c.transfer.delta()),
           human_size(c.download.new_size), signed_human_size(c.download.delta()),
           std::to_string(c.modules.new_size), fmt::format("{:+}", c.modules.delta()),
           closure_flag(c)});
  }
  out << fmt::format("\nload closures: {} changed, {} unchanged (transfer: brotli as served)\n",
                     d.closures.size() - unchanged, unchanged);
  t.print(out, "  ", false);
}

}  // namespace

void write_diff_text(const model::DiffReport& d, const Style& style, std::ostream& out) {
  const auto bold = [&](const std::string& s) {
    return style.color ? "\x1b[1m" + s + "\x1b[0m" : s;
  };
  out << bold("wasmsize diff: " + diff_headline(d)) << "\n";
  for (const auto& a : d.artifacts) {
    out << '\n'
        << bold(fmt::format("{}: {} -> {}", term(a.key),
                            a.old_path.empty() ? "(none)" : term(a.old_path),
                            a.new_path.empty() ? "(none)" : term(a.new_path)))
        << fmt::format("  {} -> {} on disk ({}, {})\n", side(a.size.old_size, !a.old_path.empty()),
                       side(a.size.new_size, !a.new_path.empty()),
                       signed_human_size(a.size.delta()), change_pct(a.size));
    Table t;
    t.column("module", Table::kLeft);
    for (const char* h : {"old", "new", "delta", "%", "code", "data"})
      t.column(h, Table::kRight);
    t.column("", Table::kLeft);
    for (const auto& m : a.modules) {
      if (m.status == ModuleDiff::Status::kUnchanged) continue;
      t.row({term(m.name), side(m.size.old_size, m.status != ModuleDiff::Status::kAdded),
             side(m.size.new_size, m.status != ModuleDiff::Status::kRemoved),
             signed_human_size(m.size.delta()), change_pct(m.size),
             signed_human_size(m.code.delta()), signed_human_size(m.data.delta()),
             m.status == ModuleDiff::Status::kChanged ? "" : status_name(m.status)});
    }
    t.print(out, "  ", false);
    for (const auto& m : a.modules) {
      if (m.sections.empty() && m.functions.empty()) continue;
      out << fmt::format("  {}:", term(m.name));
      for (const auto& s : m.sections)
        out << fmt::format(" {} {}", term(s.name), signed_human_size(s.delta()));
      out << '\n';
      for (const auto& f : m.functions) {
        // A C++ name can run to 900 characters: elided in the middle to fit
        // the line, the sizes after it stay in view.
        const std::string sizes = fmt::format(" {} -> {} ({})", human_size(f.old_size),
                                              human_size(f.new_size), signed_human_size(f.delta()));
        const size_t room = style.width > sizes.size() + 4 + 24 ? style.width - sizes.size() - 4
                            : style.width > 0                   ? 24
                                                                : f.name.size();
        out << "    " << elide_middle(term(f.name), room) << sizes << '\n';
      }
    }
  }
  if (!d.closures.empty()) write_closures_text(d, out);
  write_notes(d, out, "  ");
}

void write_diff_json(const model::DiffReport& d, std::ostream& out) {
  using nlohmann::json;
  json artifacts = json::array();
  for (const auto& a : d.artifacts) {
    json modules = json::array();
    for (const auto& m : a.modules) {
      json sections = json::array(), functions = json::array();
      for (const auto& s : m.sections)
        sections.push_back(change_json(s));
      for (const auto& f : m.functions)
        functions.push_back(change_json(f));
      modules.push_back({{"name", m.name},
                         {"status", status_name(m.status)},
                         {"size", change_json(m.size)},
                         {"compressed_size", change_json(m.compressed)},
                         {"code_size", change_json(m.code)},
                         {"data_size", change_json(m.data)},
                         {"sections", sections},
                         {"functions", functions}});
    }
    artifacts.push_back({{"key", a.key},
                         {"old_path", a.old_path},
                         {"new_path", a.new_path},
                         {"size", change_json(a.size)},
                         {"modules", modules}});
  }
  json doc = {{"schema", kJsonSchema},
              {"tool", tool_json()},
              {"command", "diff"},
              {"headline", diff_headline(d)},
              {"artifacts", artifacts}};
  if (!d.notes.empty()) doc["notes"] = d.notes;
  if (!d.closures.empty()) {
    json closures = json::array();
    for (const auto& c : d.closures) {
      closures.push_back({{"package", c.package},
                          {"status", closure_status(c.status)},
                          {"download_size", change_json(c.download)},
                          {"transfer_size", change_json(c.transfer)},
                          {"modules", change_json(c.modules)},
                          {"wasm_size", change_json(c.wasm)},
                          {"old_complete", c.old_complete},
                          {"new_complete", c.new_complete}});
    }
    doc["closures"] = closures;
  }
  out << wasmsize::json::to_text(doc, 2) << '\n';
}

void write_diff_markdown(const model::DiffReport& d, std::ostream& out) {
  out << fmt::format("### wasmsize: {}\n\n", diff_headline(d));
  out << "| | module | old | new | delta | % |\n|---|---|---:|---:|---:|---:|\n";
  for (const auto& a : d.artifacts) {
    out << fmt::format("| {} | **{}** | {} | {} | {} | {} |\n", arrow(a.size.delta()),
                       markdown_escape(a.key), side(a.size.old_size, !a.old_path.empty()),
                       side(a.size.new_size, !a.new_path.empty()),
                       signed_human_size(a.size.delta()), change_pct(a.size));
    for (const auto& m : a.modules) {
      if (m.status == ModuleDiff::Status::kUnchanged) continue;
      out << fmt::format(
          "| {} | {}{} | {} | {} | {} | {} |\n", arrow(m.size.delta()), md_code(m.name),
          m.status == ModuleDiff::Status::kChanged ? "" : " (" + status_name(m.status) + ")",
          side(m.size.old_size, m.status != ModuleDiff::Status::kAdded),
          side(m.size.new_size, m.status != ModuleDiff::Status::kRemoved),
          signed_human_size(m.size.delta()), change_pct(m.size));
    }
  }
  write_notes(d, out, "- ");
  if (!d.closures.empty()) {
    out << "\n| | package | transfer | delta | download | delta | modules |\n"
           "|---|---|---:|---:|---:|---:|---:|\n";
    for (const auto& c : d.closures) {
      if (c.status == model::ClosureDiff::Status::kUnchanged) continue;
      const std::string flag = closure_flag(c);
      out << fmt::format("| {} | {}{} | {} | {} | {} | {} | {} ({:+}) |\n",
                         arrow(c.transfer.delta()), md_code(c.package),
                         flag.empty() ? "" : " (" + flag + ")", human_size(c.transfer.new_size),
                         signed_human_size(c.transfer.delta()), human_size(c.download.new_size),
                         signed_human_size(c.download.delta()), c.modules.new_size,
                         c.modules.delta());
    }
  }
}

}  // namespace wasmsize::report
