// Distributions in `report`: each lock's closures as a table (text,
// markdown) and as the `distributions` array of the JSON document.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <numeric>

#include "report/escape.h"
#include "report/report.h"
#include "report/table.h"

namespace wasmsize::report {

namespace {

using model::Closure;

std::string bold(const Style& style, const std::string& text) {
  return style.color ? "\x1b[1m" + text + "\x1b[0m" : text;
}

std::string optional_size(const std::optional<uint64_t>& v) {
  return v ? human_size(*v) : "-";
}

// What a row flags besides its figures: shipped twice, collisions, ABI.
std::string problems(const Closure& c) {
  std::vector<std::string> p;
  if (!c.duplicate_libraries.empty())
    p.push_back(fmt::format("{} dup lib", c.duplicate_libraries.size()));
  if (!c.name_collisions.empty())
    p.push_back(fmt::format("{} collision", c.name_collisions.size()));
  if (!c.abi_mismatches.empty()) p.push_back(fmt::format("{} abi", c.abi_mismatches.size()));
  if (c.modules_over_8mib) p.push_back(fmt::format("{} > 8 MiB", c.modules_over_8mib));
  return p.empty() ? "" : fmt::format("{}", fmt::join(p, ", "));
}

// Largest transfer first (download where transfer was not measured).
std::vector<size_t> ranked(const model::DistributionClosures& dc) {
  std::vector<size_t> order(dc.packages.size());
  std::iota(order.begin(), order.end(), 0);
  auto weight = [&](size_t i) {
    const Closure& c = dc.packages[i];
    return c.transfer_size.value_or(c.download_size);
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return weight(a) > weight(b); });
  return order;
}

std::string headline(const model::Distribution& d) {
  size_t present = 0;
  uint64_t bytes = 0;
  for (const auto& p : d.packages) {
    present += p.file_size.has_value();
    bytes += p.file_size.value_or(0);
  }
  std::vector<std::string> info;
  if (!d.info.version.empty()) info.push_back("Pyodide " + d.info.version);
  if (!d.info.python.empty()) info.push_back("Python " + d.info.python);
  if (!d.info.abi_version.empty()) info.push_back("ABI " + d.info.abi_version);
  if (!d.info.platform.empty()) info.push_back(d.info.platform);
  return fmt::format(
      "{}{}: {} packages, {} with their files beside the lock ({}){}", d.path,
      info.empty() ? "" : fmt::format(" ({})", fmt::join(info, ", ")), d.packages.size(), present,
      human_size(bytes),
      present < d.packages.size() ? fmt::format(", {} without", d.packages.size() - present) : "");
}

void closure_lines(const Closure& c, const std::string& indent, const Style& style,
                   std::ostream& out) {
  // Every line holds names from the lock: escaped whole (base/escape.h).
  auto line = [&](const std::string& text) { write_wrapped(indent, term(text), style.width, out); };
  line(fmt::format("packages ({}): {}", c.packages.size(), fmt::join(c.packages, ", ")));
  line(
      fmt::format("download {}, transfer {} as served (brotli), {} if the wheels' entries were "
                  "stored",
                  human_size(c.download_size), optional_size(c.transfer_size),
                  optional_size(c.transfer_size_potential)));
  line(fmt::format("{} modules to compile, {} of WebAssembly; largest {} ({}); {} over 8 MiB",
                   c.modules, human_size(c.wasm_size),
                   c.largest_module.name.empty() ? "-" : c.largest_module.name,
                   human_size(c.largest_module.size), c.modules_over_8mib));
  for (const auto& d : c.duplicate_libraries) {
    line(fmt::format("shipped twice: {} ({}) in {}", d.name, human_size(d.size),
                     fmt::join(d.wheels, ", ")));
  }
  for (const auto& n : c.name_collisions)
    line(fmt::format("name collision: {} differs between {}", n.name, fmt::join(n.wheels, ", ")));
  if (!c.abi_mismatches.empty())
    line(fmt::format("built for another ABI: {}", fmt::join(c.abi_mismatches, ", ")));
  if (!c.missing.empty()) {
    line(fmt::format(
        "INCOMPLETE: {} package{} without their files, so every figure is a lower "
        "bound: {}",
        c.missing.size(), c.missing.size() == 1 ? "" : "s", fmt::join(c.missing, ", ")));
  }
}

}  // namespace

bool in_distribution(const model::Run& run, size_t artifact) {
  for (const auto& d : run.distributions) {
    for (const auto& p : d.packages)
      if (p.artifact == artifact) return true;
  }
  return false;
}

void write_distributions_text(std::span<const model::DistributionClosures> dists,
                              const ReportView& view, const Style& style, std::ostream& out) {
  for (const auto& dc : dists) {
    const model::Distribution& d = *dc.distribution;
    out << bold(style, term(headline(d))) << "\n";
    if (dc.selection) {
      out << fmt::format("  loadPackage([{}]):\n",
                         term(fmt::format("{}", fmt::join(dc.selection_roots, ", "))));
      closure_lines(*dc.selection, "    ", style, out);
      out << '\n';
    }
    const auto order = ranked(dc);
    const size_t n = view.top ? std::min(view.top, order.size()) : order.size();
    size_t incomplete = 0;
    for (const auto& c : dc.packages)
      incomplete += !c.complete();
    out << fmt::format("  load closures, largest transfer first{}{}:\n",
                       n < order.size() ? fmt::format(" ({} of {})", n, order.size()) : "",
                       incomplete ? fmt::format("; * incomplete ({} of {}): a package of the "
                                                "closure has no file, figures are lower bounds",
                                                incomplete, dc.packages.size())
                                  : "");
    Table t;
    t.fit(style.width);
    t.column("package", Table::kLeft);
    for (const auto& [h, drop] : {std::pair{"pkgs", 5},
                                  {"download", 0},
                                  {"transfer", 0},
                                  {"potential", 3},
                                  {"modules", 0},
                                  {"wasm", 2}})
      t.column(h, Table::kRight, drop);
    t.column("largest module", Table::kLeft, 4);
    t.column("missing", Table::kRight, 1);
    t.column("problems", Table::kLeft, 6);
    for (size_t k = 0; k < n; ++k) {
      const size_t i = order[k];
      const Closure& c = dc.packages[i];
      t.row({term(d.packages[i].name) + (c.complete() ? "" : " *"),
             std::to_string(c.packages.size()), human_size(c.download_size),
             optional_size(c.transfer_size), optional_size(c.transfer_size_potential),
             std::to_string(c.modules), human_size(c.wasm_size),
             c.largest_module.name.empty() ? "-"
                                           : fmt::format("{} {}", human_size(c.largest_module.size),
                                                         term(c.largest_module.name)),
             c.missing.empty() ? "" : std::to_string(c.missing.size()), problems(c)});
    }
    t.print(out, "  ", style.color);
    out << '\n';
  }
}

void write_distributions_markdown(std::span<const model::DistributionClosures> dists,
                                  const ReportView& view, std::ostream& out) {
  for (const auto& dc : dists) {
    const model::Distribution& d = *dc.distribution;
    out << "### " << markdown_escape(headline(d)) << "\n\n";
    if (dc.selection) {
      const Closure& c = *dc.selection;
      out << fmt::format(
          "{} fetches {} packages: download {}, transfer {} (brotli; {} with "
          "stored entries), {} modules, {} of WebAssembly{}.\n\n",
          md_code(fmt::format("loadPackage([{}])", fmt::join(dc.selection_roots, ", "))),
          c.packages.size(), human_size(c.download_size), optional_size(c.transfer_size),
          optional_size(c.transfer_size_potential), c.modules, human_size(c.wasm_size),
          c.complete() ? "" : fmt::format(" (**incomplete**: {} missing)", c.missing.size()));
    }
    out << "| package | packages | download | transfer | potential | modules | wasm | largest "
           "module | missing | problems |\n|---|--:|--:|--:|--:|--:|--:|---|--:|---|\n";
    const auto order = ranked(dc);
    const size_t n = view.top ? std::min(view.top, order.size()) : order.size();
    for (size_t k = 0; k < n; ++k) {
      const size_t i = order[k];
      const Closure& c = dc.packages[i];
      out << fmt::format("| {}{} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                         markdown_escape(d.packages[i].name), c.complete() ? "" : " (incomplete)",
                         c.packages.size(), human_size(c.download_size),
                         optional_size(c.transfer_size), optional_size(c.transfer_size_potential),
                         c.modules, human_size(c.wasm_size), md_code(c.largest_module.name),
                         c.missing.size(), markdown_escape(problems(c)));
    }
    out << '\n';
  }
}

nlohmann::json closure_json(const Closure& c) {
  using nlohmann::json;
  json dups = json::array(), collisions = json::array();
  for (const auto& d : c.duplicate_libraries)
    dups.push_back({{"name", d.name}, {"size", d.size}, {"wheels", d.wheels}});
  for (const auto& n : c.name_collisions)
    collisions.push_back({{"name", n.name}, {"wheels", n.wheels}});
  return {{"packages", c.packages},
          {"download_size", c.download_size},
          {"transfer_size", c.transfer_size ? json(*c.transfer_size) : json()},
          {"transfer_size_potential",
           c.transfer_size_potential ? json(*c.transfer_size_potential) : json()},
          {"modules", c.modules},
          {"wasm_size", c.wasm_size},
          {"largest_module", c.largest_module.name.empty() ? json()
                                                           : json{{"name", c.largest_module.name},
                                                                  {"size", c.largest_module.size}}},
          {"modules_over_8mib", c.modules_over_8mib},
          {"duplicate_libraries", dups},
          {"name_collisions", collisions},
          {"abi_mismatches", c.abi_mismatches},
          {"missing", c.missing},
          {"complete", c.complete()}};
}

nlohmann::json distributions_json(std::span<const model::DistributionClosures> dists,
                                  std::vector<json::StreamedArray>* streamed) {
  using nlohmann::json;
  json out = json::array();
  for (const auto& dc : dists) {
    const model::Distribution& d = *dc.distribution;
    // Each package carries its closure's names: n^2 of them in a lock
    // whose packages reach one another, so the array is written an element
    // at a time where it can be (json/stream.h), never held whole.
    auto element = [&dc](size_t i) {
      const model::Distribution& dd = *dc.distribution;
      const auto& p = dd.packages[i];
      return json{{"name", p.name},
                  {"version", p.version},
                  {"file_name", p.file_name},
                  {"present", p.file_size.has_value()},
                  {"size", p.file_size ? json(*p.file_size) : json()},
                  {"depends", p.depends},
                  {"closure", closure_json(dc.packages[i])}};
    };
    json packages = json::array();
    if (streamed) {
      packages = wasmsize::json::stream_placeholder(streamed->size());
      streamed->push_back(
          {std::string(packages.get<std::string>()),
           [element, n = d.packages.size()](const wasmsize::json::ElementSink& sink) {
             for (size_t i = 0; i < n; ++i)
               sink(element(i));
           }});
    } else {
      for (size_t i = 0; i < d.packages.size(); ++i)
        packages.push_back(element(i));
    }
    json j = {{"path", d.path},
              {"info",
               {{"abi_version", d.info.abi_version},
                {"platform", d.info.platform},
                {"python", d.info.python},
                {"arch", d.info.arch},
                {"version", d.info.version}}},
              {"packages", packages}};
    if (dc.selection) {
      j["selection"] = closure_json(*dc.selection);
      j["selection"]["roots"] = dc.selection_roots;
    }
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace wasmsize::report
