#include "rules/init.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

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

Maxima measure(const model::Run& run) {
  Maxima m;
  for (const auto& a : run.artifacts) {
    m.artifact = std::max(m.artifact, a.size);
    m.uncompressed = std::max(m.uncompressed, a.uncompressed_size);
    for (const auto& f : a.files)
      m.paths.insert(f.path);
    for (const auto& mod : a.modules) {
      m.paths.insert(mod.path);
      m.size = std::max(m.size, mod.size);
      m.compressed = std::max(m.compressed, mod.compressed_size);
      m.code = std::max(m.code, mod.code_size);
      m.data = std::max(m.data, mod.data_size);
      m.functions = std::max<uint64_t>(m.functions, mod.function_count);
      m.imports = std::max<uint64_t>(m.imports, mod.import_count);
      if (mod.largest_function) m.function = std::max(m.function, mod.largest_function->size);
      if (mod.dylink) m.needed.insert(mod.dylink->needed.begin(), mod.dylink->needed.end());
      for (const auto& s : mod.sections) {
        if (s.custom) m.custom_sections.insert(s.name);
      }
    }
  }
  return m;
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

std::string yaml_list(const std::vector<std::string>& items) {
  std::vector<std::string> quoted;
  quoted.reserve(items.size());
  for (const auto& i : items)
    quoted.push_back(fmt::format("\"{}\"", i));
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

std::string starter_budget(const model::Run& run, double headroom, bool record_verified) {
  const Maxima m = measure(run);
  auto limit = [&](uint64_t v) { return round_up_2sig(double(v) * (1 + headroom)); };
  auto size = [&](uint64_t v) { return size_text(limit(v)); };
  std::ostringstream y;
  y << fmt::format(
      "# wasmsize budget, written by `wasmsize init` from {} artifact(s) with {:g}% headroom.\n"
      "# Each limit is the largest value measured now plus headroom, rounded up to two\n"
      "# significant digits. Tighten them as the wheel shrinks; rules: docs/rules/.\n"
      "version: 1\n\n",
      run.artifacts.size(), headroom * 100);

  uint64_t max_size = limit(m.size);
  std::string size_note;
  if (m.size <= kSyncCompileLimit && max_size > kSyncCompileLimit) {
    max_size = kSyncCompileLimit;
    size_note = "  # capped at 8 MiB: Chrome will not compile a larger module synchronously";
  } else if (m.size > kSyncCompileLimit) {
    size_note = "  # over 8 MiB: Chrome will not compile this module synchronously";
  }
  y << "module:                                  # every WebAssembly module\n";
  y << fmt::format("  max-size: {}{}\n", size_text(max_size), size_note);
  y << fmt::format("  max-compressed-size: {}        # as stored in the wheel\n",
                   size(m.compressed));
  y << fmt::format("  max-code-size: {}\n", size(m.code));
  y << fmt::format("  max-data-size: {}\n", size(m.data));
  y << fmt::format("  max-function-size: {}        # the largest single body\n", size(m.function));
  y << fmt::format("  max-functions: {}\n", limit(m.functions));
  y << fmt::format("  max-imports: {}\n", limit(m.imports));
  const auto forbid_sections =
      unmatched({"name", ".debug_*", "sourceMappingURL"}, m.custom_sections);
  if (!forbid_sections.empty())
    y << fmt::format("  forbid-custom-sections: {}\n", yaml_list(forbid_sections));
  if (!m.needed.empty()) {
    y << fmt::format("  allowed-needed: {}   # dylink.0 libraries in use now\n",
                     yaml_list({m.needed.begin(), m.needed.end()}));
  }
  y << "\nartifact:                                # every wheel, zip or loose module\n";
  y << fmt::format("  max-size: {}\n", size(m.artifact));
  y << fmt::format("  max-uncompressed-size: {}\n", size(m.uncompressed));
  const auto forbid_files =
      unmatched({"**/*.pyx", "**/*.pxd", "**/*.c", "**/*.cpp", "**/tests/**"}, m.paths);
  if (!forbid_files.empty()) y << fmt::format("  forbid-files: {}\n", yaml_list(forbid_files));
  if (record_verified)
    y << "  verify-record: true                    # RECORD matches every file\n";
  y << "\nseverity: error\n";
  return y.str();
}

}  // namespace wasmsize::rules
