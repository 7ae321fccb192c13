// For each input family that can grow, the hostile dimension is doubled
// twice and the allocations (calls and bytes, counted by allocations.cpp)
// may at most double each time: functions, names, imports, archive entries,
// globs, YAML aliases and demangled names.
#include <gtest/gtest.h>

#include <cstring>

#include "allocations.h"
#include "analysis/cluster_advice.h"
#include "analysis/duplicates.h"
#include "analysis/fingerprint.h"
#include "analysis/measure.h"
#include "analysis/symbols.h"
#include "rules/budget.h"
#include "rules/glob.h"
#include "sources/source.h"
#include "support/wasm_builder.h"
#include "support/zip_builder.h"
#include "wasm/parser.h"

namespace wasmsize {
namespace {

using namespace wasmsize::test;

// Parse, measure and fingerprint at every level: what `dups` does per module.
void measure_all(const Buf& b) {
  const auto parsed = wasm::parse_module(b, {.validate_code = false});
  ASSERT_FALSE(parsed.error) << parsed.error->message;
  const auto prints = analysis::fingerprint_module(parsed.module, model::kAllLevels);
  const auto report = analysis::measure_module(parsed, b.size(), false);
  ASSERT_EQ(prints.size(), report.function_count);
}

// n functions, each calling the next (a chain: callees resolve in order),
// optionally named in a name section.
Buf functions(uint64_t n, bool named) {
  Buf types = uleb(n), bodies = uleb(n), names = uleb(n);
  for (uint64_t i = 0; i < n; ++i) {
    types.push_back(0);
    const uint64_t callee = i + 1 < n ? i + 1 : i;
    append(bodies, body({}, cat({bytes({0x10}), uleb(callee), bytes({0x0B})})));
    append(names, cat({uleb(i), name("function_" + std::to_string(i))}));
  }
  Buf name_section = name("name");
  append(name_section, cat({bytes({1}), uleb(names.size()), names}));
  if (!named) {
    return module({section(1, vec({functype({}, {})})), section(3, types), section(10, bodies)});
  }
  return module({section(1, vec({functype({}, {})})), section(3, types), section(10, bodies),
                 section(0, name_section)});
}

TEST(Complexity, Functions) {
  expect_linear("functions", 2000, [](uint64_t n) { measure_all(functions(n, false)); });
}

// The resource contract's per-function figures (docs/robustness.md): what
// measuring and fingerprinting allocate per function while a module is
// read, and what is kept per function once it has been (a print; a copy in
// a cluster at each level where it is duplicated).
TEST(Complexity, PerFunctionCostsAreTheStatedOnes) {
  constexpr uint64_t kFunctions = 20000;
  const Buf m = functions(kFunctions, false);
  const Allocations a = allocations_of([&] { measure_all(m); });
  std::cout << "allocated per function while measured: " << a.bytes / kFunctions << " B\n";
  EXPECT_LE(a.bytes / kFunctions, 320u);
  static_assert(sizeof(model::FunctionPrint) <= 56, "kept per function for clustering");
  static_assert(sizeof(model::DuplicateCopy) <= 56, "kept per copy in a cluster, per level");
}

// n modules over n wheels of n/2 distributions (each distribution twice:
// alternatives), each with two functions: one shared by all, one by the two
// builds of its distribution (n/2 clusters); the first four modules are two
// files shipped twice. Files, clusters, alternatives, the split at every
// scope and the advice grow linearly with the modules.
TEST(Complexity, DuplicateFilesAndAlternatives) {
  expect_linear("duplicate modules", 512, [](uint64_t n) {
    model::Run run;
    for (uint64_t i = 0; i < n; ++i) {
      model::ArtifactReport a{.path = "w" + std::to_string(i) + ".whl",
                              .distribution = "d" + std::to_string(i / 2)};
      model::ModuleReport m;
      m.name = "pkg.mod";
      m.size = 1000;
      const uint64_t file = i < 4 ? i % 2 : i;
      std::memcpy(m.content.data(), &file, sizeof file);
      m.content[15] = 1;
      model::FunctionPrint shared{.index = 1, .size = 100}, own{.index = 2, .size = 100};
      shared.mergeable[0] = shared.shape[0] = 7;
      const uint64_t pair = i / 2 + 1;
      std::memcpy(own.mergeable.data() + 1, &pair, sizeof pair);
      own.shape = own.mergeable;
      m.prints = {shared, own};
      a.modules.push_back(std::move(m));
      run.artifacts.push_back(std::move(a));
    }
    const auto d = analysis::find_duplicates(run, 32, model::kMergeable);
    ASSERT_EQ(d.files.clusters.size(), 2u);
    ASSERT_GE(d.mergeable->clusters.size(), n / 2);
    for (const char* scope : {"module", "artifact", "all"})
      analysis::split_by_scope(run, *d.mergeable, d.files, scope, 32);
    const analysis::ClusterAdvisor advisor(run);
    for (const auto& c : d.mergeable->clusters)
      advisor.advise(c);
  });
}

TEST(Complexity, Names) {
  expect_linear("named functions", 2000, [](uint64_t n) { measure_all(functions(n, true)); });
}

// n imported functions, each called once by one defined function.
TEST(Complexity, Imports) {
  expect_linear("imports", 1000, [](uint64_t n) {
    Buf imports = uleb(n), code;
    for (uint64_t i = 0; i < n; ++i) {
      append(imports,
             cat({name("env"), name("imported_" + std::to_string(i)), bytes({0x00, 0x00})}));
      append(code, cat({bytes({0x10}), uleb(i)}));
    }
    code.push_back(0x0B);
    measure_all(module({section(1, vec({functype({}, {})})), section(2, imports),
                        section(3, vec({uleb(0)})), section(10, vec({body({}, code)}))}));
  });
}

TEST(Complexity, ArchiveEntries) {
  TempDir tmp;
  const auto path = tmp.path() / "many-1.0-py3-none-any.whl";
  expect_linear("archive entries", 1000, [&](uint64_t n) {
    std::vector<RawZipEntry> entries;
    for (uint64_t i = 0; i < n; ++i)
      entries.push_back(
          {.name = "pkg/sub/file_" + std::to_string(i) + ".py", .data = Buf(10, 'x')});
    write_file(path, raw_zip(entries));
    model::ArtifactReport a;
    a.path = path.string();
    a.size = std::filesystem::file_size(path);
    std::vector<model::Finding> findings;
    sources::read_artifact({path, {}}, {}, a, findings, [](auto&&, auto&&) {});
    ASSERT_TRUE(findings.empty()) << findings[0].message;
    ASSERT_EQ(a.files.size(), n);
  });
}

// Globs cost pattern x path, in both: `**/` repeated, and a deeper path.
TEST(Complexity, Globs) {
  expect_linear("glob stars", 8, [](uint64_t n) {
    std::string pattern;
    for (uint64_t i = 0; i < n; ++i)
      pattern += "**/";
    EXPECT_FALSE(rules::glob_match(pattern + "x.so", std::string(200, 'd') + "/y.so"));
  });
  expect_linear("glob path depth", 50, [](uint64_t n) {
    std::string path;
    for (uint64_t i = 0; i < n; ++i)
      path += "d/";
    EXPECT_FALSE(rules::glob_match("**/**/**/**/x.so", path + "y.so"));
  });
}

// One anchored override of 100 globs, referred to n times.
TEST(Complexity, YamlAliases) {
  expect_linear("YAML aliases", 100, [](uint64_t n) {
    std::string yaml = "version: 1\noverrides:\n  - &o {match: \"x*\", artifact: {forbid-files: [";
    for (int i = 0; i < 100; ++i)
      yaml += std::string(i ? ", " : "") + "\"g" + std::to_string(i) + "\"";
    yaml += "]}}\n";
    for (uint64_t i = 0; i < n; ++i)
      yaml += "  - *o\n";
    const rules::Budget b = rules::parse_budget(yaml, "wasmsize.yaml");
    ASSERT_EQ(b.overrides.size(), n + 1);
  });
}

// A C++ name of n nested namespaces, and one whose back-references would
// double the demangled text at every step: the output (and what it
// allocates) grows with the name, never with 2^n.
TEST(Complexity, DemangledNames) {
  expect_linear("nested names", 16, [](uint64_t n) {
    std::string mangled = "_ZN";
    for (uint64_t i = 0; i < n; ++i)
      mangled += "5space";
    mangled += "4funcEv";
    EXPECT_GT(analysis::stable_symbol(mangled).size(), 7 * n);
  });
  expect_linear("back-references", 4, [](uint64_t n) {
    const std::string ids = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    std::string mangled = "_Z1f1aIiiE";
    for (uint64_t k = 0; k < n; ++k) {
      const std::string ref = "S" + std::string(1, ids[2 * k]) + "_";
      mangled += "1" + std::string(1, char('b' + k)) + "I" + ref + ref + "E";
    }
    EXPECT_LE(analysis::stable_symbol(mangled).size(), size_t{1} << 20);
  });
}

}  // namespace
}  // namespace wasmsize
