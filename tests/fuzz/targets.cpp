#include "targets.h"

#include <unistd.h>

#include <cstdio>
#include <string>

#include "analysis/fingerprint.h"
#include "analysis/measure.h"
#include "rules/budget.h"
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

Target target(std::string_view name) {
  if (name == "parse_module") return parse_module;
  if (name == "fingerprint") return fingerprint;
  if (name == "archive") return archive;
  if (name == "budget") return budget;
  return nullptr;
}

}  // namespace wasmsize::fuzz
