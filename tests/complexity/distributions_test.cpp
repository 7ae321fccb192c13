// The families issue 23 added: locks (many packages, one hub), `depends`
// (one package naming every other), overlapping zip records under the
// stored repack, and budget overrides against many subjects. Each doubles
// its hostile dimension twice; allocations may at most double each time.
#include <gtest/gtest.h>

#include "allocations.h"
#include "analysis/closures.h"
#include "pipeline/pipeline.h"
#include "rules/budget.h"
#include "rules/engine.h"
#include "support/paths.h"
#include "support/zip_builder.h"
#include "transfer/stored_repack.h"

namespace wasmsize {
namespace {

using namespace wasmsize::test;

// A lock of `n` packages written to `dir`; `depends(i)` lists package i's.
void write_lock(const std::filesystem::path& dir, uint64_t n,
                const std::function<std::string(uint64_t)>& depends) {
  std::string packages;
  for (uint64_t i = 0; i < n; ++i) {
    const std::string name = "p" + std::to_string(i);
    packages += (i ? "," : "") +
                ("\"" + name + "\":{\"name\":\"" + name + "\",\"version\":\"1\",\"file_name\":\"" +
                 name + ".whl\",\"depends\":[" + depends(i) + "]}");
  }
  const std::string text = "{\"info\":{},\"packages\":{" + packages + "}}";
  write_file(dir / "pyodide-lock.json", Buf(text.begin(), text.end()));
}

void closures_of(const std::filesystem::path& dir, uint64_t n) {
  const auto m = pipeline::measure({(dir / "pyodide-lock.json").string()}, {}, {});
  ASSERT_EQ(m.run.distributions.size(), 1u);
  const auto closures = analysis::package_closures(m.run.distributions[0], m.run);
  ASSERT_EQ(closures.size(), n);
}

// Every package depends on one hub: n closures of two packages each.
TEST(Complexity, LockPackages) {
  TempDir tmp;
  expect_linear("lock packages", 100, [&](uint64_t n) {
    write_lock(tmp.path(), n, [](uint64_t i) { return i == 0 ? "" : "\"p0\""; });
    closures_of(tmp.path(), n);
  });
}

// One package depends on every other (and on as many names the lock does
// not list): its closure is the lock, the others' are themselves.
TEST(Complexity, LockDepends) {
  TempDir tmp;
  expect_linear("lock depends", 100, [&](uint64_t n) {
    write_lock(tmp.path(), n, [n](uint64_t i) {
      if (i != 0) return std::string();
      std::string all;
      for (uint64_t k = 1; k < n; ++k)
        all += ",\"p" + std::to_string(k) + "\",\"absent" + std::to_string(k) + "\"";
      return all.substr(1);
    });
    closures_of(tmp.path(), n);
  });
}

// n central records pointing at one local header: the repack refuses the
// layout or streams it, never inflating the shared entry n times over
// without bound.
TEST(Complexity, OverlappingRecordsUnderTheRepack) {
  expect_linear("overlapping records", 200, [](uint64_t n) {
    std::vector<RawZipEntry> entries{{.name = "pkg/a.bin", .data = Buf(4096, 'a')}};
    for (uint64_t i = 1; i < n; ++i)
      entries.push_back({.name = "pkg/a" + std::to_string(i) + ".bin",
                         .data = Buf(4096, 'a'),
                         .same_header_as = 0});
    const auto zip = raw_zip(entries);
    uint64_t streamed = 0;
    (void)transfer::stored_repack(zip, {.max_total_inflated = zip.size() * 20},
                                  [&](std::span<const uint8_t> b) { streamed += b.size(); });
    EXPECT_LE(streamed, zip.size() * 20 + 4096);
  });
}

// n overrides, each a literal or a long glob, against 50 modules.
TEST(Complexity, Overrides) {
  pipeline::Measurements m;
  model::ArtifactReport a;
  a.path = "demo-1.0-py3-none-any.whl";
  for (int i = 0; i < 50; ++i) {
    model::ModuleReport mod;
    mod.name = "demo.module_" + std::to_string(i);
    mod.path = "demo/module_" + std::to_string(i) + ".so";
    mod.size = 1000;
    a.modules.push_back(mod);
  }
  m.run.artifacts.push_back(a);
  expect_linear("overrides", 100, [&](uint64_t n) {
    std::string yaml = "version: 1\nmodule:\n  max-size: 1 MB\noverrides:\n";
    for (uint64_t i = 0; i < n; ++i) {
      const std::string match = i % 2 ? "demo.module_" + std::to_string(i)
                                      : std::string(200, '*') + "x" + std::to_string(i);
      yaml += "  - {match: \"" + match + "\", module: {max-size: 2 MB}}\n";
    }
    const rules::Budget b = rules::parse_budget(yaml, "wasmsize.yaml");
    const auto e = rules::evaluate(m, b, nullptr);
    EXPECT_EQ(e.findings.size(), 0u);
  });
}

}  // namespace
}  // namespace wasmsize
