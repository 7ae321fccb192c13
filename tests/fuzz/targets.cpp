#include "targets.h"

#include <unistd.h>

#include <cstdio>
#include <string>

#include "analysis/diff.h"
#include "analysis/fingerprint.h"
#include "analysis/measure.h"
#include "analysis/symbols.h"
#include "json/schema.h"
#include "rules/budget.h"
#include "rules/glob.h"
#include "sources/source.h"
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

void archive(const uint8_t* data, size_t size) {
  // libzip reads from a file: one per process, rewritten per input.
  static const std::string path = [] {
    char tmpl[] = "/tmp/wasmsize-fuzz-XXXXXX.whl";
    const int fd = mkstemps(tmpl, 4);
    close(fd);
    return std::string(tmpl);
  }();
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
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
  const std::string once = json::report_document(run, listed).dump();
  json::Gaps again_gaps;
  const model::Run again = json::run_from_document(nlohmann::json::parse(once), again_gaps);
  listed.clear();
  for (const auto& a : again.artifacts) {
    listed.emplace_back();
    for (const auto& m : a.modules)
      listed.back().push_back(&m);
  }
  if (json::report_document(again, listed).dump() != once) __builtin_trap();
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
  if (name == "budget") return budget;
  if (name == "saved_report") return saved_report;
  if (name == "glob") return glob;
  if (name == "symbols") return symbols;
  return nullptr;
}

}  // namespace wasmsize::fuzz
