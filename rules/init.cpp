#include "rules/init.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "analysis/closures.h"
#include "base/units.h"
#include "rules/glob.h"

namespace wasmsize::rules {

namespace {

// Chrome refuses synchronous WebAssembly compilation of larger buffers.
constexpr uint64_t kSyncCompileLimit = 8ull << 20;

struct Maxima {
  uint64_t size = 0, compressed = 0, code = 0, data = 0, function = 0, functions = 0, imports = 0;
  uint64_t artifact = 0, uncompressed = 0;
  std::set<std::string> needed, custom_sections, paths, features;
};

void add_module(Maxima& m, const model::ModuleReport& mod) {
  m.size = std::max(m.size, mod.size);
  m.compressed = std::max(m.compressed, mod.compressed_size);
  m.code = std::max(m.code, mod.code_size);
  m.data = std::max(m.data, mod.data_size);
  m.functions = std::max<uint64_t>(m.functions, mod.function_count);
  m.imports = std::max<uint64_t>(m.imports, mod.import_count);
  if (mod.largest_function) m.function = std::max(m.function, mod.largest_function->size);
}

// The maxima over the modules below `own_limit_from` (the global limits)
// and, by module name, those at or above it (each gets its own limits).
struct Measured {
  Maxima rest;
  std::map<std::string, Maxima> own;
};

Measured measure(const model::Run& run, uint64_t own_limit_from) {
  Measured out;
  Maxima& m = out.rest;
  Maxima all;
  for (const auto& a : run.artifacts) {
    m.artifact = std::max(m.artifact, a.size);
    m.uncompressed = std::max(m.uncompressed, a.uncompressed_size);
    for (const auto& f : a.files)
      m.paths.insert(f.path);
    for (const auto& mod : a.modules) {
      m.paths.insert(mod.path);
      add_module(all, mod);
      add_module(mod.size >= own_limit_from ? out.own[mod.name] : m, mod);
      if (mod.dylink) m.needed.insert(mod.dylink->needed.begin(), mod.dylink->needed.end());
      for (const auto& s : mod.sections) {
        if (s.custom) m.custom_sections.insert(s.name);
      }
    }
  }
  // Every module has its own limits: the global ones still guard a module
  // added later, at the largest size seen.
  if (m.size == 0 && !out.own.empty()) {
    Maxima keep = std::move(m);
    m = all;
    m.artifact = keep.artifact;
    m.uncompressed = keep.uncompressed;
    m.paths = std::move(keep.paths);
    m.needed = std::move(keep.needed);
    m.custom_sections = std::move(keep.custom_sections);
  }
  return out;
}

// Patterns worth forbidding, kept only where nothing measured matches them,
// so the starter budget passes today and catches them tomorrow.
std::vector<std::string> unmatched(const std::vector<std::string>& patterns,
                                   const std::set<std::string>& names) {
  std::vector<std::string> out;
  for (const auto& p : patterns) {
    if (std::none_of(names.begin(), names.end(),
                     [&](const std::string& n) { return glob_match(p, n); })) {
      out.push_back(p);
    }
  }
  return out;
}

// A YAML double-quoted scalar that reads back as exactly `s`: names come
// from the inputs (a needed library may be called anything), and a quote or
// a newline in one must not end the string and write a key of its own.
std::string yaml_quoted(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7F) {
      out += fmt::format("\\x{:02x}", u);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// A name as a glob that matches only itself: the glob characters in a class.
std::string literal_glob(std::string_view name) {
  std::string out;
  for (const char c : name) {
    if (c == '*' || c == '?' || c == '[') {
      out += '[';
      out += c;
      out += ']';
    } else {
      out += c;
    }
  }
  return out;
}

std::string yaml_list(const std::vector<std::string>& items) {
  std::vector<std::string> quoted;
  quoted.reserve(items.size());
  for (const auto& i : items)
    quoted.push_back(yaml_quoted(i));
  return fmt::format("[{}]", fmt::join(quoted, ", "));
}

}  // namespace

uint64_t round_up_2sig(double value) {
  if (value <= 0) return 0;
  if (value < 100) return static_cast<uint64_t>(std::ceil(value));
  const double scale = std::pow(10.0, std::floor(std::log10(value)) - 1);
  return static_cast<uint64_t>(std::ceil(value / scale - 1e-9) * scale);
}

std::string size_text(uint64_t bytes) {
  if (bytes >= 1000000) return fmt::format("{:g} MB", double(bytes) / 1e6);
  if (bytes >= 1000) return fmt::format("{:g} kB", double(bytes) / 1e3);
  return fmt::format("{} B", bytes);
}

namespace {

// Budget lines whose comments line up in one column, as a person would
// write them: the file is meant to be committed and edited.
class CommentedYaml {
 public:
  void line(std::string text, std::string comment = "") {
    lines_.push_back({std::move(text), std::move(comment)});
  }
  std::string str() const {
    // A long line (a list of names) takes its comment on the line above.
    constexpr size_t kMaxColumn = 36;
    size_t column = 0;
    for (const auto& [text, comment] : lines_) {
      if (!comment.empty() && text.size() <= kMaxColumn) column = std::max(column, text.size());
    }
    std::string out;
    for (const auto& [text, comment] : lines_) {
      if (comment.empty()) {
        out += text + '\n';
      } else if (text.size() > kMaxColumn) {
        const size_t indent = text.find_first_not_of(' ');
        out += std::string(indent, ' ') + "# " + comment + '\n' + text + '\n';
      } else {
        out += text + std::string(column - text.size() + 2, ' ') + "# " + comment + '\n';
      }
    }
    return out;
  }

 private:
  std::vector<std::pair<std::string, std::string>> lines_;
};

}  // namespace

// The closure.* limits from every package's closure now (incomplete ones
// count as their lower bounds, which is what the rules judge), and the
// flags that hold today.
void closure_section(const model::Run& run, double headroom, CommentedYaml& y) {
  uint64_t transfer = 0, download = 0, modules = 0, wasm = 0;
  bool duplicates = false, collisions = false, abi = false, incomplete = false;
  for (const auto& d : run.distributions) {
    for (const auto& c : analysis::package_closures(d, run)) {
      transfer = std::max(transfer, c.transfer_size.value_or(0));
      download = std::max(download, c.download_size);
      modules = std::max(modules, c.modules);
      wasm = std::max(wasm, c.wasm_size);
      duplicates = duplicates || !c.duplicate_libraries.empty();
      collisions = collisions || !c.name_collisions.empty();
      abi = abi || !c.abi_mismatches.empty();
      incomplete = incomplete || !c.complete();
    }
  }
  auto limit = [&](uint64_t v) { return round_up_2sig(static_cast<double>(v) * (1 + headroom)); };
  y.line("");
  y.line("closure:", incomplete ? "each package's load closure (some are incomplete now: "
                                  "their limits come from lower bounds)"
                                : "each package's load closure (what loadPackage fetches)");
  y.line(fmt::format("  max-transfer-size: {}", size_text(limit(transfer))),
         "brotli bytes a browser downloads");
  y.line(fmt::format("  max-download-size: {}", size_text(limit(download))));
  y.line(fmt::format("  max-modules: {}", limit(modules)), "modules compiled at load");
  y.line(fmt::format("  max-wasm-size: {}", size_text(limit(wasm))));
  y.line(fmt::format("  forbid-duplicate-libraries: {}", duplicates ? "false" : "true"),
         duplicates ? "a library is shipped twice now: see `wasmsize report` on the lock" : "");
  y.line(fmt::format("  forbid-name-collisions: {}", collisions ? "false" : "true"),
         collisions ? "shared libraries collide now" : "");
  y.line(fmt::format("  require-abi-match: {}", abi ? "false" : "true"),
         abi ? "a wheel is built for another ABI now" : "");
}

std::string starter_budget(const model::Run& run, const InitSettings& settings) {
  const double headroom = settings.headroom;
  const Measured measured = measure(run, settings.own_limit_from);
  const Maxima& m = measured.rest;
  auto limit = [&](uint64_t v) { return round_up_2sig(double(v) * (1 + headroom)); };
  auto size = [&](uint64_t v) { return size_text(limit(v)); };
  std::string header = fmt::format(
      "# wasmsize budget, written by `wasmsize init` from {} artifact(s) with {:g}% headroom.\n"
      "# Each limit is the value measured now plus headroom, rounded up to two significant\n"
      "# digits: every module of {} or more has its own limits (overrides, below), the\n"
      "# global ones guard the rest. Tighten them as the wheel shrinks; rules: docs/rules/.\n"
      "version: 1\n\n",
      run.artifacts.size(), headroom * 100, size_text(settings.own_limit_from));

  std::string max_size = size(m.size);
  std::string size_note;
  if (m.size <= kSyncCompileLimit && limit(m.size) > kSyncCompileLimit) {
    max_size = "8 MiB";  // exactly; in decimal units it would round
    size_note = "capped at 8 MiB: Chrome will not compile a larger module synchronously";
  } else if (m.size > kSyncCompileLimit) {
    size_note = "over 8 MiB: Chrome will not compile this module synchronously";
  }
  CommentedYaml y;
  y.line("module:", measured.own.empty() ? "every WebAssembly module"
                                         : "every module without limits of its own");
  y.line(fmt::format("  max-size: {}", max_size), size_note);
  y.line(fmt::format("  max-compressed-size: {}", size(m.compressed)), "as stored in the wheel");
  y.line(fmt::format("  max-code-size: {}", size(m.code)));
  y.line(fmt::format("  max-data-size: {}", size(m.data)));
  y.line(fmt::format("  max-function-size: {}", size(m.function)), "the largest single body");
  y.line(fmt::format("  max-functions: {}", limit(m.functions)));
  y.line(fmt::format("  max-imports: {}", limit(m.imports)));
  if (m.size > kSyncCompileLimit) {
    y.line(fmt::format("  max-sync-compile-size: {}", size(m.size)),
           "a module is over Chrome's 8 MiB main-thread limit now");
  } else {
    y.line("  max-sync-compile-size: 8 MiB", "Chrome's limit for compiling on the main thread");
  }
  const auto forbid_sections =
      unmatched({"name", ".debug_*", "sourceMappingURL"}, m.custom_sections);
  if (!forbid_sections.empty())
    y.line(fmt::format("  forbid-custom-sections: {}", yaml_list(forbid_sections)));
  if (!m.needed.empty()) {
    std::vector<std::string> needed;
    for (const auto& n : m.needed)
      needed.push_back(literal_glob(n));
    y.line(fmt::format("  allowed-needed: {}", yaml_list(needed)), "dylink.0 libraries in use now");
  }
  y.line("");
  y.line("artifact:", "every wheel, zip or loose module");
  y.line(fmt::format("  max-size: {}", size(m.artifact)));
  y.line(fmt::format("  max-uncompressed-size: {}", size(m.uncompressed)));
  const auto forbid_files =
      unmatched({"**/*.pyx", "**/*.pxd", "**/*.c", "**/*.cpp", "**/tests/**"}, m.paths);
  if (!forbid_files.empty()) y.line(fmt::format("  forbid-files: {}", yaml_list(forbid_files)));
  if (settings.record_verified) y.line("  verify-record: true", "RECORD matches every file");
  y.line("");
  y.line("growth:", "with --base (a previous build): what one change may add");
  y.line(fmt::format("  max-ratio: {:g}%", std::max(1.0, std::round(headroom * 100))),
         "per module and artifact");
  y.line("  ignore-below: 1 kB", "small changes never fail");
  if (settings.duplicated_bytes) {
    y.line("");
    y.line("duplicates:", "functions compiled into more than one place (wasmsize dups)");
    y.line("  mode: mergeable");
    y.line("  scope: all", "all inputs together, as given to init");
    y.line(fmt::format("  max-bytes: {}", size(*settings.duplicated_bytes)),
           fmt::format("{} wasted now", base::human_size(*settings.duplicated_bytes)));
  }
  if (!run.distributions.empty()) closure_section(run, headroom, y);
  y.line("");
  y.line("severity: error");
  if (!measured.own.empty()) {
    y.line("");
    y.line("overrides:", "modules that have their own limits, largest first");
    std::vector<std::pair<std::string, const Maxima*>> own;
    for (const auto& [name, mm] : measured.own)
      own.emplace_back(name, &mm);
    std::stable_sort(own.begin(), own.end(),
                     [](const auto& a, const auto& b) { return a.second->size > b.second->size; });
    for (const auto& [name, mm] : own) {
      y.line(fmt::format("  - match: {}", yaml_quoted(literal_glob(name))),
             fmt::format("{} now", base::human_size(mm->size)));
      y.line(fmt::format(
          "    module: {{max-size: {}, max-compressed-size: {}, max-code-size: {}, max-data-size: "
          "{}, max-function-size: {}, max-functions: {}, max-imports: {}}}",
          size(mm->size), size(mm->compressed), size(mm->code), size(mm->data), size(mm->function),
          limit(mm->functions), limit(mm->imports)));
    }
  }
  return header + y.str();
}

}  // namespace wasmsize::rules
