// Every rule with a passing and a failing case, on measured data built in
// the test; names follow `<Rule>_Passes` / `<Rule>_Fails`.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "analysis/duplicates.h"
#include "pipeline/pipeline.h"
#include "rules/budget.h"
#include "rules/engine.h"
#include "rules/registry.h"

namespace wasmsize::rules {
namespace {

model::ModuleReport sample_module() {
  model::ModuleReport m;
  m.name = "pkg.mod";
  m.path = "pkg/mod.cpython-312-wasm32-emscripten.so";
  m.size = 1000;
  m.compressed_size = 400;
  m.code_size = 600;
  m.data_size = 200;
  m.custom_size = 50;
  m.other_size = 150;
  m.function_count = 30;
  m.import_count = 40;
  m.export_count = 12;
  m.largest_function = model::FunctionInfo{5, 100, 250, "big"};
  m.sections = {{0, "dylink.0", true, 10, 20, 2},
                {7, "export", false, 30, 90, 2},
                {10, "code", false, 40, 600, 3},
                {0, "name", true, 900, 30, 2}};
  m.dylink = model::DylinkInfo{};
  m.dylink->needed = {"libopenblas.so"};
  m.target_features = {"+mutable-globals", "+simd128", "-atomics"};
  m.transfer = model::TransferSizes{.brotli = 350, .gzip = 380};
  return m;
}

model::ArtifactReport sample_artifact() {
  model::ArtifactReport a;
  a.path = "dist/pkg-1.0-cp312-cp312-pyodide_2024_0_wasm32.whl";
  a.kind = model::kWheel;
  a.distribution = "pkg";
  a.size = 5000;
  a.uncompressed_size = 9000;
  a.modules = {sample_module()};
  a.files = {{"pkg/__init__.py", 10, 20, "h1"}, {"pkg/mod.pyx", 100, 300, "h2"}};
  a.modules[0].sha256 = "h3";
  a.transfer = model::TransferSizes{.brotli = 4900, .gzip = 4950, .brotli_potential = 3000};
  a.record =
      "pkg/__init__.py,sha256=h1,20\npkg/mod.pyx,sha256=h2,300\n"
      "pkg/mod.cpython-312-wasm32-emscripten.so,sha256=h3,1000\n"
      "pkg-1.0.dist-info/RECORD,,\n";
  return a;
}

// Evaluates a budget on a hand-built run, measured as the pipeline would
// for that budget's needs.
model::Evaluation evaluate_run(model::Run run, const Budget& b, const model::Run* base = nullptr) {
  pipeline::Measurements m{.run = std::move(run)};
  pipeline::complete(m, needs(b));
  return evaluate(m, b, base);
}

std::vector<model::Finding> findings_for(const std::string& yaml,
                                         model::ArtifactReport a = sample_artifact()) {
  model::Run run;
  run.artifacts.push_back(std::move(a));
  return evaluate_run(run, parse_budget("version: 1\n" + yaml, "wasmsize.yaml")).findings;
}

struct Case {
  const char* rule;
  const char* passing;  // yaml
  const char* failing;  // yaml
  const char* message;  // the failing case's message
};

const Case kCases[] = {
    {"module.max-size", "module: {max-size: 1000 B}", "module: {max-size: 999}",
     "1 kB > 999 B (+1 B, +0.1%)"},
    {"module.max-compressed-size", "module: {max-compressed-size: 1 kB}",
     "module: {max-compressed-size: 300 B}", "400 B > 300 B (+100 B, +33%)"},
    {"module.max-code-size", "module: {max-code-size: 600 B}", "module: {max-code-size: 0.5 kB}",
     "600 B > 500 B (+100 B, +20%)"},
    {"module.max-data-size", "module: {max-data-size: 1 KiB}", "module: {max-data-size: 199}",
     "200 B > 199 B (+1 B, +0.5%)"},
    {"module.code-data-ratio", "module: {code-data-ratio: {min: 1, max: 5}}",
     "module: {code-data-ratio: {max: 2}}", "code/data ratio 3 > max 2 (code 600 B, data 200 B)"},
    {"module.max-functions", "module: {max-functions: 30}", "module: {max-functions: 29}",
     "30 functions > 29 (+1)"},
    {"module.max-function-size", "module: {max-function-size: 250}",
     "module: {max-function-size: 200 B}", "250 B > 200 B (+50 B, +25%)"},
    {"module.max-imports", "module: {max-imports: 40}", "module: {max-imports: 10}",
     "40 imports > 10 (+30)"},
    {"module.max-exports", "module: {max-exports: 12}", "module: {max-exports: 11}",
     "12 exports > 11 (+1)"},
    {"module.max-custom-size", "module: {max-custom-size: 30 B}", "module: {max-custom-size: 0 B}",
     "30 B > 0 B (+30 B)"},
    {"module.forbid-custom-sections", "module: {forbid-custom-sections: [\".debug_*\"]}",
     "module: {forbid-custom-sections: [\"name\", \".debug_*\"]}",
     "custom section 'name' (30 B) matches forbidden 'name'"},
    {"module.allowed-needed", "module: {allowed-needed: [\"libopen*.so\"]}",
     "module: {allowed-needed: [\"libc++.so\"]}",
     "needs 'libopenblas.so', which is not in allowed-needed"},
    {"module.forbid-features", "module: {forbid-features: [\"atomics\"]}",
     "module: {forbid-features: [\"simd*\"]}",
     "uses target feature 'simd128', forbidden by 'simd*'"},
    {"module.max-transfer-size", "module: {max-transfer-size: 350 B}",
     "module: {max-transfer-size: 300 B}", "brotli 350 B > 300 B (+50 B, +17%)"},
    {"module.max-export-size", "module: {max-export-size: 90 B}", "module: {max-export-size: 89}",
     "90 B > 89 B (+1 B, +1.1%)"},
    {"module.max-sync-compile-size", "module: {max-sync-compile-size: 8 MiB}",
     "module: {max-sync-compile-size: 999 B}",
     "1 kB > 999 B (+1 B, +0.1%): over what a browser compiles synchronously on the main thread"},
    {"artifact.max-transfer-size", "artifact: {max-transfer-size: 4.9 kB}",
     "artifact: {max-transfer-size: 4 kB}", "brotli 4.9 kB > 4 kB (+900 B, +22%)"},
    {"artifact.max-size", "artifact: {max-size: 5 kB}", "artifact: {max-size: 4.9 kB}",
     "5 kB > 4.9 kB (+100 B, +2.0%)"},
    {"artifact.max-uncompressed-size", "artifact: {max-uncompressed-size: 9 kB}",
     "artifact: {max-uncompressed-size: 8 KiB}", "9 kB > 8.19 kB (+808 B, +9.9%)"},
    {"artifact.forbid-files", "artifact: {forbid-files: [\"**/tests/**\"]}",
     "artifact: {forbid-files: [\"**/*.pyx\"]}",
     "pkg/mod.pyx (300 B) matches forbidden '**/*.pyx'"},
};

TEST(Rules, EveryRegisteredRuleHasAPassingAndAFailingCase) {
  std::set<std::string> covered;
  for (const Case& c : kCases)
    covered.insert(c.rule);
  covered.insert("artifact.verify-record");  // its own tests below
  covered.insert("duplicates.max-bytes");
  covered.insert("duplicates.max-ratio");
  covered.insert("duplicates.max-file-bytes");
  covered.insert("growth.max-bytes");
  covered.insert("growth.max-ratio");
  // closure.*: on a generated distribution, tests/e2e/distribution_test.cpp
  for (const Rule& r : all_rules())
    if (r.closure) covered.insert(std::string(r.id));
  for (const Rule& r : all_rules())
    EXPECT_TRUE(covered.count(std::string(r.id))) << r.id;
}

class RuleCase : public ::testing::TestWithParam<Case> {};

TEST_P(RuleCase, PassesAndFails) {
  const Case& c = GetParam();
  EXPECT_TRUE(findings_for(c.passing).empty()) << c.rule << " should pass: " << c.passing;
  const auto f = findings_for(c.failing);
  ASSERT_EQ(f.size(), 1u) << c.rule << " should fail once: " << c.failing;
  EXPECT_EQ(f[0].rule, c.rule);
  EXPECT_EQ(f[0].message, c.message);
  EXPECT_EQ(f[0].severity, model::Severity::kError);
  EXPECT_EQ(f[0].budget_line, 2);  // the line after "version: 1"
}

INSTANTIATE_TEST_SUITE_P(All, RuleCase, ::testing::ValuesIn(kCases), [](const auto& info) {
  std::string name = info.param.rule;
  for (char& ch : name) {
    if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
});

TEST(Messages, ExactBytesWhenRoundingWouldHideTheExcess) {
  EXPECT_EQ(size_violation(1000000, 999999).message, "1,000,000 B > 999,999 B (+1 B, +0.0%)");
  EXPECT_EQ(size_violation(2610000, 2000000).message, "2.61 MB > 2 MB (+610 kB, +30%)");
}

// `transfer: gzip` makes max-transfer-size read gzip -9, at the module and
// artifact level and in an override.
TEST(TransferSize, GzipWhereTheSectionSaysSo) {
  auto f = findings_for("module: {transfer: gzip, max-transfer-size: 360 B}");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].message, "gzip -9 380 B > 360 B (+20 B, +5.6%)");
  EXPECT_TRUE(findings_for("module: {max-transfer-size: 360 B}").empty());
  f = findings_for("artifact: {transfer: gzip, max-transfer-size: 4.9 kB}");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].message, "gzip -9 4.95 kB > 4.9 kB (+50 B, +1.0%)");
  f = findings_for(
      "module: {max-transfer-size: 1 MB}\noverrides:\n  - match: \"pkg.*\"\n    module: "
      "{transfer: gzip, max-transfer-size: 370 B}");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].message, "gzip -9 380 B > 370 B (+10 B, +2.7%)");
  // Not measured (a saved report without transfer sizes): nothing to judge.
  auto a = sample_artifact();
  a.modules[0].transfer.reset();
  EXPECT_TRUE(findings_for("module: {max-transfer-size: 1 B}", a).empty());
  EXPECT_TRUE(parse_budget("version: 1\nmodule: {max-transfer-size: 1 B}\n", "b")
                  .find("module", "max-transfer-size"));
  EXPECT_TRUE(
      needs(parse_budget("version: 1\nmodule: {max-transfer-size: 1 B}\n", "b")).transfer.modules);
  EXPECT_TRUE(needs(parse_budget("version: 1\nclosure: {max-transfer-size: 1 B}\n", "b"))
                  .transfer.distributions);
  // The stored repack (quality 11 of every inflated byte) only where shown.
  EXPECT_FALSE(needs(parse_budget("version: 1\nclosure: {max-transfer-size: 1 B}\n", "b"))
                   .transfer.distribution_potential);
  // The stored repack (quality 11 of every inflated byte) only where shown.
  EXPECT_FALSE(needs(parse_budget("version: 1\nclosure: {max-transfer-size: 1 B}\n", "b"))
                   .transfer.distribution_potential);
  EXPECT_FALSE(
      needs(parse_budget("version: 1\nclosure: {max-modules: 1}\n", "b")).transfer.distributions);
}

TEST(VerifyRecord, PassesWhenEveryFileMatches) {
  EXPECT_TRUE(findings_for("artifact: {verify-record: true}").empty());
}

TEST(VerifyRecord, FailsOnAlteredMissingAndUnlistedFiles) {
  auto a = sample_artifact();
  a.files[0].sha256 = "tampered";
  a.files.push_back({"pkg/extra.py", 1, 1, "h9"});
  a.record = *a.record + "pkg/gone.py,sha256=x,1\n";
  const auto f = findings_for("artifact: {verify-record: true}", a);
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].message, "pkg/__init__.py: sha256 tampered does not match RECORD's h1");
  EXPECT_EQ(f[1].message, "pkg/extra.py is not listed in RECORD");
  EXPECT_EQ(f[2].message, "pkg/gone.py is in RECORD but not in the wheel");
  EXPECT_EQ(f[2].subject, "pkg/gone.py");
}

// Two modules of one artifact share a 300-byte function (by mergeable
// fingerprint; their raw bytes differ); each also has 700 bytes of its own.
model::ArtifactReport duplicated_artifact() {
  auto a = sample_artifact();
  a.modules.push_back(a.modules[0]);
  a.modules[1].name = "pkg.other";
  for (size_t m = 0; m < 2; ++m) {
    model::FunctionPrint shared{7, 300, {}, {}, {}}, own{8, 700, {}, {}, {}};
    shared.bytes[0] = uint8_t(m);  // different bytes, same meaning
    shared.mergeable[0] = shared.shape[0] = 1;
    own.bytes[0] = own.mergeable[0] = own.shape[0] = uint8_t(10 + m);
    a.modules[m].prints = {shared, own};
  }
  return a;
}

TEST(DuplicatesRules, MaxBytesPassesAndFails) {
  EXPECT_TRUE(findings_for("duplicates: {max-bytes: 300 B}", duplicated_artifact()).empty());
  const auto f = findings_for("duplicates: {max-bytes: 299 B}", duplicated_artifact());
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "duplicates.max-bytes");
  EXPECT_EQ(f[0].message,
            "duplicated code (mergeable) 300 B > 299 B (+1 B, +0.3%) (largest: 2 x 300 B pkg.mod "
            "func[7])");
  // Baselines key it by distribution, so it survives a version bump.
  EXPECT_EQ(f[0].key, "duplicates.max-bytes|pkg|");
  // Raw hashing sees nothing; per-module scope sees nothing either.
  EXPECT_TRUE(
      findings_for("duplicates: {mode: exact, max-bytes: 0 B}", duplicated_artifact()).empty());
  EXPECT_TRUE(
      findings_for("duplicates: {scope: module, max-bytes: 0 B}", duplicated_artifact()).empty());
  EXPECT_TRUE(
      findings_for("duplicates: {min-function-size: 301 B, max-bytes: 0 B}", duplicated_artifact())
          .empty());
}

TEST(DuplicatesRules, LargestClustersCountCopiesInsideTheSubject) {
  // The same helper twice in each of two wheels: four copies in all, two in
  // each wheel, and at artifact scope each wheel's finding says two.
  model::Run run;
  run.artifacts = {duplicated_artifact(), duplicated_artifact()};
  run.artifacts[1].path = "other-1.0-py3-none-any.whl";
  run.artifacts[1].distribution = "other";  // another distribution, not an alternative
  const Budget b = parse_budget("version: 1\nduplicates: {max-bytes: 299 B}", "wasmsize.yaml");
  const auto f = evaluate_run(run, b).findings;
  ASSERT_EQ(f.size(), 2u);
  for (const auto& finding : f) {
    EXPECT_EQ(finding.message,
              "duplicated code (mergeable) 300 B > 299 B (+1 B, +0.3%) (largest: 2 x 300 B pkg.mod "
              "func[7])");
  }
  const Budget all =
      parse_budget("version: 1\nduplicates: {scope: all, max-bytes: 299 B}", "wasmsize.yaml");
  const auto g = evaluate_run(run, all).findings;
  ASSERT_EQ(g.size(), 1u);
  // Across both wheels: the helper 4 times (900 B), each module's own
  // function twice (700 B each).
  EXPECT_EQ(g[0].message,
            "duplicated code (mergeable) 2.3 kB > 299 B (+2 kB, +669%) (largest: 4 x 300 B pkg.mod "
            "func[7]; 2 x 700 B pkg.mod func[8]; 2 x 700 B pkg.other func[8])");
}

// Two builds of one distribution are alternatives: at scope `all` what only
// they share is no waste, while each still wastes what it holds twice.
TEST(DuplicatesRules, AlternativesAreNotWaste) {
  model::Run run;
  run.artifacts = {duplicated_artifact(), duplicated_artifact()};
  run.artifacts[1].path = "pkg-2.0-py3-none-any.whl";
  const Budget all =
      parse_budget("version: 1\nduplicates: {scope: all, max-bytes: 299 B}", "wasmsize.yaml");
  const auto g = evaluate_run(run, all).findings;
  ASSERT_EQ(g.size(), 1u);
  // Each build holds the helper twice (300 B wasted in each); the second
  // build's copies of what the first holds count for nothing more: 3
  // copies, not 4, and the own functions no copy at all.
  EXPECT_EQ(g[0].message,
            "duplicated code (mergeable) 600 B > 299 B (+301 B, +101%) (largest: 3 x 300 B pkg.mod "
            "func[7])");
  const auto d = analysis::find_duplicates(run, 32, model::kMergeable);
  EXPECT_EQ(d.mergeable->cross_artifact, 0u);
  EXPECT_EQ(d.mergeable->alternatives, 300u + 700u + 700u);
  EXPECT_EQ(d.mergeable->wasted, 600u);  // 300 within each build
}

// pkg.mod shipped twice in one artifact (the same file under two names).
TEST(DuplicatesRules, MaxFileBytesPassesAndFails) {
  auto a = duplicated_artifact();
  a.modules[1] = a.modules[0];
  a.modules[1].name = "pkg.mod_copy";
  for (auto& m : a.modules)
    m.content[0] = 42;
  const uint64_t size = a.modules[0].size;
  EXPECT_TRUE(findings_for(fmt::format("duplicates: {{max-file-bytes: {} B}}", size), a).empty());
  const auto f = findings_for(fmt::format("duplicates: {{max-file-bytes: {} B}}", size - 1), a);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "duplicates.max-file-bytes");
  EXPECT_NE(f[0].message.find("modules shipped more than once"), std::string::npos) << f[0].message;
  // At module scope the extra copy carries it, not the first.
  const auto g =
      findings_for(fmt::format("duplicates: {{scope: module, max-file-bytes: {} B}}", size - 1), a);
  ASSERT_EQ(g.size(), 1u);
  EXPECT_EQ(g[0].subject, "pkg.mod_copy");
  // Without equal files, nothing.
  a.modules[1].content[0] = 43;
  EXPECT_TRUE(findings_for("duplicates: {max-file-bytes: 0 B}", a).empty());
}

TEST(DuplicatesRules, MaxRatioPassesAndFails) {
  // 300 wasted of 2,000 code bytes: 15%.
  EXPECT_TRUE(findings_for("duplicates: {max-ratio: 15%}", duplicated_artifact()).empty());
  const auto f = findings_for("duplicates: {scope: all, max-ratio: 0.1}", duplicated_artifact());
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].artifact, "(all inputs)");
  EXPECT_EQ(f[0].message,
            "duplicated code (mergeable) is 15% of 2.00 kB of code > 10% (300 B wasted) (largest: "
            "2 x 300 B pkg.mod func[7])");
}

// The base run: the same wheel one version earlier, its module 100 bytes
// smaller, under another Python tag in its file and member names.
std::vector<model::Finding> growth_findings(const std::string& yaml) {
  model::Run base, head;
  auto old = sample_artifact();
  old.path = "dist/pkg-0.9-cp311-cp311-pyodide_2024_0_wasm32.whl";
  old.size = 4900;
  old.modules[0].size = 900;
  old.modules[0].path = "pkg/mod.cpython-311-wasm32-emscripten.so";
  base.artifacts.push_back(old);
  head.artifacts.push_back(sample_artifact());
  return evaluate_run(head, parse_budget("version: 1\n" + yaml, "wasmsize.yaml"), &base).findings;
}

TEST(GrowthRules, MaxBytesPassesAndFails) {
  EXPECT_TRUE(growth_findings("growth: {max-bytes: 100 B}").empty());
  const auto f = growth_findings("growth: {max-bytes: 99 B}");
  ASSERT_EQ(f.size(), 2u);  // the artifact and its module, both +100 B
  EXPECT_EQ(f[0].message, "artifact grew 4.90 kB → 5.00 kB (+100 B, +2.0%) > +99 B");
  EXPECT_EQ(f[1].message, "module grew 900 B → 1.00 kB (+100 B, +11%) > +99 B");
  EXPECT_EQ(f[1].subject, "pkg.mod");
  EXPECT_TRUE(growth_findings("growth: {max-bytes: 99 B, ignore-below: 101 B}").empty());
}

TEST(GrowthRules, MaxRatioPassesAndFails) {
  EXPECT_TRUE(growth_findings("growth: {max-ratio: 12%}").empty());
  const auto f = growth_findings("growth: {max-ratio: 10%}");
  ASSERT_EQ(f.size(), 1u);  // only the module grew by more than 10%
  EXPECT_EQ(f[0].message, "module grew 900 B → 1.00 kB (+100 B, +11%) > +10%");
}

TEST(GrowthRules, NothingWithoutABase) {
  EXPECT_TRUE(findings_for("growth: {max-bytes: 0 B}").empty());
}

TEST(Severity, EntryOverrideAndGlobalSeverities) {
  EXPECT_EQ(findings_for("module: {max-size: {limit: 10, severity: warning}}")[0].severity,
            model::Severity::kWarning);
  EXPECT_TRUE(findings_for("module: {max-size: {limit: 10, severity: off}}").empty());
  EXPECT_EQ(findings_for("severity: warning\nmodule: {max-size: 10}")[0].severity,
            model::Severity::kWarning);
}

TEST(Overrides, MatchModuleNamesAndPathsLaterWins) {
  EXPECT_TRUE(findings_for("module: {max-size: 10}\noverrides:\n"
                           "  - match: \"pkg.*\"\n    module: {max-size: 2 kB}\n")
                  .empty());
  EXPECT_TRUE(findings_for("module: {max-size: 10}\noverrides:\n"
                           "  - match: \"**/mod*.so\"\n    module: {max-size: 2 kB}\n")
                  .empty());
  const auto later = findings_for(
      "module: {max-size: 10}\noverrides:\n"
      "  - match: \"pkg.*\"\n    module: {max-size: 2 kB}\n"
      "  - match: \"pkg.mod\"\n    module: {max-size: 20}\n");
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].budget_line, 7);  // the later override's max-size
  const auto warn = findings_for(
      "module: {max-size: 10}\noverrides:\n"
      "  - match: \"pkg.mod\"\n    severity: warning\n");
  ASSERT_EQ(warn.size(), 1u);
  EXPECT_EQ(warn[0].severity, model::Severity::kWarning);
  EXPECT_EQ(findings_for("module: {max-size: 10}\noverrides:\n"
                         "  - match: \"other.*\"\n    severity: off\n")
                .size(),
            1u);
}

TEST(Findings, KeyIgnoresTheWheelVersion) {
  auto a = sample_artifact();
  const auto f1 = findings_for("module: {max-size: 10}", a);
  a.path = "dist/pkg-2.0-cp313-cp313-pyemscripten_2025_0_wasm32.whl";
  const auto f2 = findings_for("module: {max-size: 10}", a);
  EXPECT_EQ(f1[0].key, f2[0].key);
  EXPECT_EQ(f1[0].key, "module.max-size|pkg|pkg.mod");
}

}  // namespace
}  // namespace wasmsize::rules

namespace wasmsize::rules {
namespace {

TEST(Rules, EveryRuleHasADocumentationPage) {
  for (const Rule& r : all_rules()) {
    const auto page =
        std::filesystem::path(WASMSIZE_SOURCE_DIR) / "docs" / "rules" / (std::string(r.id) + ".md");
    EXPECT_TRUE(std::filesystem::exists(page)) << page;
    EXPECT_FALSE(r.summary.empty()) << r.id;
  }
}

}  // namespace
}  // namespace wasmsize::rules
