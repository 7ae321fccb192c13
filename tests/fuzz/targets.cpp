#include "targets.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <tuple>
#include <vector>

#include <filesystem>
#include <sstream>

#include "analysis/closures.h"
#include "analysis/diff.h"
#include "analysis/fingerprint.h"
#include "analysis/measure.h"
#include "analysis/symbols.h"
#include "base/cache.h"
#include "json/schema.h"
#include "pipeline/pipeline.h"
#include "report/fixtures.h"
#include "report/formats.h"
#include "rules/budget.h"
#include "rules/glob.h"
#include "sources/source.h"
#include "sources/zip_directory.h"
#include "support/skim_walk.h"
#include "wasm/parser.h"

namespace wasmsize::fuzz {

void parse_module(const uint8_t* data, size_t size) {
  const wasm::ParseResult r = wasm::parse_module({data, size});
  const model::ModuleReport m = analysis::measure_module(r, size);
  if (m.code_size + m.data_size + m.custom_size + m.other_size != size) __builtin_trap();
}

void fingerprint(const uint8_t* data, size_t size) {
  // The decoder's fast path agrees with next() on any bytes taken as code...
  wasm::Module none;
  none.data_count = 1;
  if (!test::skim_disagreement({data, size}, none).empty()) __builtin_trap();
  const wasm::ParseResult r = wasm::parse_module({data, size}, {.validate_code = false});
  if (r.error) return;
  // ...and on every body, with a local watched as a base-holding one would be.
  for (const auto& body : r.module.bodies) {
    if (!test::skim_disagreement(body.code, r.module, {0}).empty()) __builtin_trap();
  }
  try {
    analysis::fingerprint_module(r.module);
  } catch (const wasm::ParseError& e) {
    if (e.offset() > size) __builtin_trap();  // errors point inside the module
  }
}

namespace {

// libzip reads from a file: one per process, rewritten per input.
const std::string* write_input(const uint8_t* data, size_t size) {
  static const std::string path = [] {
    char tmpl[] = "/tmp/wasmsize-fuzz-XXXXXX.whl";
    const int fd = mkstemps(tmpl, 4);
    close(fd);
    return std::string(tmpl);
  }();
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return nullptr;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  return &path;
}

}  // namespace

void archive(const uint8_t* data, size_t size) {
  const std::string* written = write_input(data, size);
  if (!written) return;
  const std::string& path = *written;
  sources::ReadOptions options;
  options.limits.max_total_inflated = 64 << 20;
  options.hash_entries = true;
  model::ArtifactReport a;
  std::vector<model::Finding> findings;
  sources::read_artifact({path, {}}, options, a, findings,
                         [](const sources::ModuleEntry&, std::vector<uint8_t>&& bytes) {
                           const auto r = wasm::parse_module(bytes, {.validate_code = false});
                           if (!r.error) {
                             try {
                               analysis::fingerprint_module(r.module);
                             } catch (const wasm::ParseError&) {
                             }
                           }
                         });
}

// Differential: what the zip source measured (libzip's reading) lists the
// same entries, with the same declared sizes, as the central directory
// walked by hand, unless a finding says the archive cannot be read or that
// readers disagree. A silent difference is a wrong number.
void zip_differential(const uint8_t* data, size_t size) {
  const std::string* path = write_input(data, size);
  if (!path) return;
  sources::ReadOptions options;
  options.limits.max_total_inflated = 16 << 20;
  model::ArtifactReport a;
  a.path = *path;
  a.size = size;
  std::vector<model::Finding> findings;
  using Listed = std::tuple<std::string, uint64_t, uint64_t>;  // name, stored, size
  std::vector<Listed> measured;
  sources::read_artifact({*path, {}}, options, a, findings,
                         [&](const sources::ModuleEntry& e, std::vector<uint8_t>&&) {
                           measured.emplace_back(e.path, e.stored_size, e.size);
                         });
  for (const auto& f : findings) {
    if (f.rule == "input.malformed-archive" || f.rule == "input.ambiguous-archive" ||
        (f.rule == "input.corrupt-entry" && f.subject.starts_with("#")))
      return;
  }
  for (const auto& f : a.files)
    measured.emplace_back(f.path, f.stored_size, f.size);
  const sources::ZipDirectory dir = sources::read_zip_directory({data, size});
  if (dir.error) {  // libzip read it and nobody said the walk could not
    std::fprintf(stderr, "walk: %s\n", dir.error->message.c_str());
    __builtin_trap();
  }
  std::vector<Listed> walked;
  for (const auto& e : dir.entries) {
    if (e.name.ends_with("/") && e.size == 0 && e.stored_size <= 2) continue;  // empty folders
    walked.emplace_back(e.name, e.stored_size, e.size);
  }
  // Names are compared where both readers must spell them alike: libzip
  // reads names with other than printable ASCII as CP437 and shows them in
  // UTF-8.
  auto key = [](std::vector<Listed>& v) {
    for (auto& [name, stored, sz] : v) {
      if (std::any_of(name.begin(), name.end(), [](char c) { return c < 0x20 || c > 0x7e; }))
        name = "?";
    }
    std::sort(v.begin(), v.end());
  };
  key(measured);
  key(walked);
  if (measured != walked) {
    for (const auto& [n, st, sz] : measured)
      std::fprintf(stderr, "measured %s %llu %llu\n", n.c_str(), (unsigned long long)st,
                   (unsigned long long)sz);
    for (const auto& [n, st, sz] : walked)
      std::fprintf(stderr, "walked   %s %llu %llu\n", n.c_str(), (unsigned long long)st,
                   (unsigned long long)sz);
    __builtin_trap();
  }
}

void budget(const uint8_t* data, size_t size) {
  try {
    rules::parse_budget(std::string(reinterpret_cast<const char*>(data), size), "fuzz.yaml");
  } catch (const rules::BudgetError&) {
  }
}

void saved_report(const uint8_t* data, size_t size) {
  json::Gaps gaps;
  model::Run run;
  try {
    run = json::run_from_document(nlohmann::json::parse(data, data + size), gaps);
  } catch (const std::exception&) {
    return;  // refused: a clear error, which is all a hostile document gets
  }
  // What it took, it writes back and reads again to the same document.
  std::vector<std::vector<const model::ModuleReport*>> listed;
  for (const auto& a : run.artifacts) {
    listed.emplace_back();
    for (const auto& m : a.modules)
      listed.back().push_back(&m);
  }
  const std::string once = json::report_document(run, nullptr, listed).dump();
  json::Gaps again_gaps;
  const model::Run again = json::run_from_document(nlohmann::json::parse(once), again_gaps);
  listed.clear();
  for (const auto& a : again.artifacts) {
    listed.emplace_back();
    for (const auto& m : a.modules)
      listed.back().push_back(&m);
  }
  if (json::report_document(again, nullptr, listed).dump() != once) __builtin_trap();
  // Diffing it with itself changes nothing, and the deltas never overflow.
  const model::DiffReport d = analysis::diff_runs(run, again);
  for (const auto& a : d.artifacts) {
    for (const auto& m : a.modules) {
      if (m.status == model::ModuleDiff::Status::kAdded ||
          m.status == model::ModuleDiff::Status::kRemoved)
        __builtin_trap();
    }
  }
}

void glob(const uint8_t* data, size_t size) {
  // pattern NUL text; the matcher's work is |pattern| x |text| whatever
  // the stars, so inputs up to max_len finish within -timeout.
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  const size_t nul = all.find('\0');
  if (nul == std::string_view::npos) return;
  const std::string_view pattern = all.substr(0, nul), text = all.substr(nul + 1);
  if (rules::glob_error(pattern)) return;
  const bool matched = rules::glob_match(pattern, text);
  // A pattern always matches itself when it holds no glob characters.
  if (pattern.find_first_of("*?[") == std::string_view::npos &&
      !rules::glob_match(pattern, pattern))
    __builtin_trap();
  (void)matched;
}

void symbols(const uint8_t* data, size_t size) {
  const std::string_view name(reinterpret_cast<const char*>(data), size);
  // Bounded output whatever the name: never more than 1 MiB past it.
  if (analysis::stable_symbol(name).size() > size + (size_t{1} << 20)) __builtin_trap();
}

namespace {

// A private folder per process, for inputs that must be files.
const std::filesystem::path& scratch() {
  static const std::filesystem::path dir = [] {
    char tmpl[] = "/tmp/wasmsize-fuzz-dir-XXXXXX";
    return std::filesystem::path(mkdtemp(tmpl));
  }();
  return dir;
}

void write_bytes(const std::filesystem::path& p, const uint8_t* data, size_t size) {
  FILE* f = std::fopen(p.c_str(), "wb");
  if (!f) return;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
}

}  // namespace

void lock(const uint8_t* data, size_t size) {
  const auto path = scratch() / "pyodide-lock.json";
  write_bytes(path, data, size);
  pipeline::Measurements m;
  try {
    m = pipeline::measure({path.string()}, {}, {});
  } catch (const pipeline::InputError&) {
    return;
  }
  // Every package's closure, and all of them together, in bounded work.
  std::vector<std::string> all;
  for (const auto& d : m.run.distributions) {
    for (const auto& p : d.packages)
      all.push_back(p.name);
  }
  const auto closures = analysis::distribution_closures(m.run, all);
  for (const auto& dc : closures) {
    for (const auto& c : dc.packages) {
      if (c.packages.size() > dc.distribution->packages.size() + c.missing.size()) __builtin_trap();
    }
  }
}

void cache(const uint8_t* data, size_t size) {
  // The input is an entry as a shared store could hold it; whatever it
  // says, a figure written is the figure read back.
  static base::ContentCache* c = new base::ContentCache(scratch() / "cache");
  if (!c->enabled()) return;
  static const std::string d = base::sha256_hex("fuzz");
  const auto entry = c->dir() / d.substr(0, 2) / d;
  std::filesystem::create_directories(entry.parent_path());
  write_bytes(entry, data, size);
  (void)c->get(d, "gzip-9");
  (void)c->get(d, "brotli-q11-w22");
  c->put(d, "gzip-9", size);
  if (c->get(d, "gzip-9") != size) __builtin_trap();
}

namespace {

// Valid UTF-8 (RFC 3629), written apart from base/escape.cpp.
bool utf8_ok(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80                 ? 1
               : c >= 0xC2 && c <= 0xDF ? 2
               : c >= 0xE0 && c <= 0xEF ? 3
               : c >= 0xF0 && c <= 0xF4 ? 4
                                        : 0;
    if (n == 0 || i + n > s.size()) return false;
    uint32_t cp = n == 1 ? c : c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
    for (size_t k = 1; k < n; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    if (cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || (cp >= 0x202A && cp <= 0x202E) ||
        (cp >= 0x2066 && cp <= 0x2069))
      return false;
    if (cp < 0x20 && cp != '\n') return false;
    i += n;
  }
  return true;
}

// Says which rule an output broke, then stops: a crash libFuzzer keeps.
[[noreturn]] void broken(std::string_view format, const char* why, std::string_view where) {
  std::fprintf(stderr, "writers: --format %.*s: %s: %.*s\n", int(format.size()), format.data(), why,
               int(std::min<size_t>(where.size(), 300)), where.data());
  __builtin_trap();
}

// What every output of `format` must be, whatever the names in it.
void check_output(std::string_view format, const std::string& out) {
  if (format == "json" || format == "sarif") {
    if (!nlohmann::json::accept(out)) broken(format, "not JSON", out);
    return;
  }
  if (format == "html") {
    const size_t at = out.find("const DATA = ");
    const size_t end = out.find(";</script>", at);
    if (at == std::string::npos || end == std::string::npos) broken(format, "no data script", out);
    const std::string_view data = std::string_view(out).substr(at + 13, end - at - 13);
    if (data.find('<') != std::string_view::npos || !nlohmann::json::accept(data))
      broken(format, "a data script that can close or is not JSON", data);
    return;
  }
  if (!utf8_ok(out)) broken(format, "a raw control character or invalid UTF-8", out);
  std::istringstream lines(out);
  size_t cells = 0;
  for (std::string line; std::getline(lines, line);) {
    const size_t first = line.find_first_not_of(' ');
    const bool command = first != std::string::npos && line.compare(first, 2, "::") == 0;
    if (format == "github" ? !command : command) broken(format, "a workflow command line", line);
    if (format != "markdown") continue;
    if (line.rfind('|', 0) != 0) {
      cells = 0;
      continue;
    }
    size_t n = 0;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\\')
        ++i;
      else
        n += line[i] == '|';
    }
    if (cells == 0) cells = n;
    if (n != cells) broken(format, "a table row with other cells", line);
  }
}

template <typename Result>
void write_all(std::span<const report::Format<Result>> table, const Result& result) {
  for (const auto& f : table) {
    std::ostringstream out;
    f.write(result, report::Style{.width = 100}, out);
    check_output(f.name, out.str());
  }
}

}  // namespace

void writers(const uint8_t* data, size_t size) {
  // Up to eight names, NUL-separated, each given to one kind of place.
  std::vector<std::string> n;
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  for (size_t begin = 0; n.size() < 8;) {
    const size_t end = std::min(all.find('\0', begin), all.size());
    n.emplace_back(all.substr(begin, end - begin));
    if (end == all.size()) break;
    begin = end + 1;
  }
  while (n.size() < 8)
    n.push_back(n[n.size() % std::max<size_t>(n.size(), 1)]);
  model::Run run = test::sample_run();
  auto& wheel = run.artifacts[0];
  wheel.path = n[0];
  wheel.distribution = n[1];
  for (auto& m : wheel.modules) {
    m.name = n[2];
    m.path = n[3];
    for (auto& f : m.functions)
      f.name = n[4];
    m.largest_function = m.functions[0];
    m.exports[0].name = n[4];
    m.dylink->needed = {n[5]};
    m.target_features = {n[6]};
    m.sections.back().name = n[5];
  }
  run.findings[0].message = n[7];
  run.findings[0].subject = n[2];
  model::Evaluation e = test::sample_evaluation(run, nullptr);
  e.budget_path = n[6];
  for (auto& f : e.findings) {
    f.artifact = n[0];
    f.message = n[7];
    f.value_text = n[1];
  }
  model::DuplicateReport d = test::sample_duplicates();
  for (auto* level : {&*d.exact, &*d.mergeable, &*d.shape}) {
    for (auto& c : level->clusters) {
      for (auto& copy : c.copies) {
        copy.artifact = n[0];
        copy.module = n[2];
      }
    }
  }
  model::DiffReport diff = test::sample_diff();
  for (auto& a : diff.artifacts) {
    a.key = n[1];
    a.new_path = n[0];
    for (auto& m : a.modules) {
      m.name = n[2];
      for (auto& f : m.functions)
        f.name = n[4];
    }
  }
  write_all<report::ReportResult>(report::report_formats(), {.run = run});
  write_all<report::CheckResult>(report::check_formats(), {.evaluation = e, .run = run});
  write_all<report::DupsResult>(report::dups_formats(), {.dups = d, .run = run});
  write_all<report::DiffResult>(report::diff_formats(), {.diff = diff, .findings = run.findings});
  write_all<report::InspectResult>(report::inspect_formats(),
                                   {.artifact = wheel, .module = wheel.modules[0]});
}

Target target(std::string_view name) {
  if (name == "parse_module") return parse_module;
  if (name == "fingerprint") return fingerprint;
  if (name == "archive") return archive;
  if (name == "zip_differential") return zip_differential;
  if (name == "budget") return budget;
  if (name == "saved_report") return saved_report;
  if (name == "glob") return glob;
  if (name == "symbols") return symbols;
  if (name == "lock") return lock;
  if (name == "cache") return cache;
  if (name == "writers") return writers;
  return nullptr;
}

}  // namespace wasmsize::fuzz
