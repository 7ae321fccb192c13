#include "targets.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <tuple>
#include <vector>

#include "analysis/diff.h"
#include "analysis/fingerprint.h"
#include "analysis/measure.h"
#include "analysis/symbols.h"
#include "json/schema.h"
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

Target target(std::string_view name) {
  if (name == "parse_module") return parse_module;
  if (name == "fingerprint") return fingerprint;
  if (name == "archive") return archive;
  if (name == "zip_differential") return zip_differential;
  if (name == "budget") return budget;
  if (name == "saved_report") return saved_report;
  if (name == "glob") return glob;
  if (name == "symbols") return symbols;
  return nullptr;
}

}  // namespace wasmsize::fuzz
