// Throughput of the per-module pipeline on the real wheels of ../shared/corpus
// (or $WASMSIZE_SHARED): parse alone, parse + decode + fingerprint, and
// inflate, in bytes of module (or of code) per second.
//
//   build/bench/wasmsize_bench --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "analysis/fingerprint.h"
#include "sources/source.h"
#include "wasm/parser.h"

namespace {

namespace fs = std::filesystem;
using namespace wasmsize;

fs::path corpus_dir() {
  const char* env = std::getenv("WASMSIZE_SHARED");
  return fs::path(env ? env : WASMSIZE_SHARED_DIR) / "corpus" / "pyodide-0.27";
}

std::vector<fs::path> wheels() {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(corpus_dir(), ec)) {
    if (e.path().extension() == ".whl") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Every module of the corpus, inflated once.
const std::vector<std::vector<uint8_t>>& modules() {
  static const auto all = [] {
    std::vector<std::vector<uint8_t>> m;
    for (const auto& w : wheels()) {
      model::ArtifactReport a;
      std::vector<model::Finding> f;
      sources::read_artifact({w, {}}, {}, a, f,
                             [&](const sources::ModuleEntry&, std::vector<uint8_t>&& b) {
                               m.push_back(std::move(b));
                             });
    }
    return m;
  }();
  return all;
}

bool have_corpus(benchmark::State& state) {
  if (modules().empty()) {
    state.SkipWithError("needs ../shared/corpus/pyodide-0.27 (or WASMSIZE_SHARED)");
    return false;
  }
  return true;
}

void BM_Parse(benchmark::State& state) {
  if (!have_corpus(state)) return;
  int64_t bytes = 0;
  for (auto _ : state) {
    for (const auto& m : modules()) {
      auto r = wasm::parse_module(m, {.validate_code = false});
      benchmark::DoNotOptimize(r);
      bytes += static_cast<int64_t>(m.size());
    }
  }
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_Parse)->Unit(benchmark::kMillisecond);

// Decode + fingerprint, per byte of code (the code sections' payload): all
// three levels (dups), and mergeable alone (report, check).
void BM_DecodeFingerprint(benchmark::State& state) {
  const auto levels = static_cast<model::Levels>(state.range(0));
  state.SetLabel(levels == model::kAllLevels ? "all levels" : "mergeable");
  if (!have_corpus(state)) return;
  std::vector<wasm::ParseResult> parsed;
  int64_t code = 0;
  for (const auto& m : modules()) {
    parsed.push_back(wasm::parse_module(m, {.validate_code = false}));
    for (const auto& s : parsed.back().module.sections)
      code += s.id == wasm::kCode ? int64_t(s.size) : 0;
  }
  int64_t bytes = 0;
  for (auto _ : state) {
    for (const auto& p : parsed)
      benchmark::DoNotOptimize(analysis::fingerprint_module(p.module, levels));
    bytes += code;
  }
  state.SetBytesProcessed(bytes);
  state.counters["functions"] = [&] {
    double n = 0;
    for (const auto& p : parsed)
      n += double(p.module.bodies.size());
    return n;
  }();
}
BENCHMARK(BM_DecodeFingerprint)
    ->Arg(model::kAllLevels)
    ->Arg(model::kMergeable)
    ->Unit(benchmark::kMillisecond);

// Reading the wheels as the tool does (raw deflate streams through libzip,
// inflated by libdeflate), per byte of module inflated.
void BM_Inflate(benchmark::State& state) {
  if (!have_corpus(state)) return;
  const auto ws = wheels();
  int64_t bytes = 0;
  for (auto _ : state) {
    for (const auto& w : ws) {
      model::ArtifactReport a;
      std::vector<model::Finding> f;
      sources::read_artifact({w, {}}, {}, a, f,
                             [&](const sources::ModuleEntry&, std::vector<uint8_t>&& b) {
                               bytes += static_cast<int64_t>(b.size());
                             });
    }
  }
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_Inflate)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
