// `check` and `init` through the real binary: exit statuses, formats that CI
// systems validate, baselines, and the init -> check round trip on real wheels.
#include <regex>

#include "support/e2e.h"

namespace wasmsize {
namespace {

using Check = test::WheelAndBudget;

TEST_F(Check, ExitStatuses) {
  budget("version: 1\nmodule:\n  max-size: 10 kB\n");
  EXPECT_EQ(check().status, 0);
  budget("version: 1\nmodule:\n  max-size: 1 kB\n");
  const auto broken = check();
  EXPECT_EQ(broken.status, 1);
  EXPECT_NE(broken.out.find("demo-1.0-cp312-cp312-pyodide_2024_0_wasm32.whl!demo.big: error "
                            "module.max-size: 3.03 kB > 1 kB (+2.03 kB, +203%)"),
            std::string::npos)
      << broken.out;
  budget("version: 1\nmodule:\n  max-size: {limit: 1 kB, severity: warning}\n");
  EXPECT_EQ(check().status, 0);
  EXPECT_EQ(check("--warnings-as-errors").status, 1);
  budget("version: 1\nmodule:\n  max-sise: 1 kB\n");
  const auto bad = check();
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("wasmsize.yaml:3:3: unknown key 'max-sise'; did you mean 'max-size'?"),
            std::string::npos)
      << bad.err;
  EXPECT_EQ(run_wasmsize("check --budget /nonexistent.yaml " + quote(wheel_)).status, 2);
}

TEST_F(Check, AnUnknownOpcodeIsFoundWithoutDuplicateRules) {
  // No duplicates.* rule: check computes no fingerprints, so the parser must
  // decode the bodies itself and still find the bad one.
  using namespace test;
  const Buf bad = module({section(1, vec({functype({}, {})})), section(3, vec({uleb(0)})),
                          section(10, vec({body({}, bytes({0x01, 0xFF, 0x0B}))}))});
  test::write_zip(wheel_, {{"demo/bad.cpython-312-wasm32-emscripten.so", bad},
                           {"demo/ok.cpython-312-wasm32-emscripten.so", padded_module(10)}});
  budget("version: 1\nmodule:\n  max-size: 1 MB\n");
  const auto r = check("--format json");
  EXPECT_EQ(r.status, 1) << r.out;
  const json j = json::parse(r.out);
  ASSERT_EQ(j["findings"].size(), 1u) << r.out;
  EXPECT_EQ(j["findings"][0]["rule"], "input.malformed-module");
  EXPECT_EQ(j["findings"][0]["module"], "demo.bad");
  EXPECT_NE(j["findings"][0]["message"].get<std::string>().find("illegal opcode ff"),
            std::string::npos);
  // diff and init read no fingerprints either, and see it too.
  EXPECT_EQ(run_wasmsize("init -o - " + quote(wheel_)).status, 2);
}

TEST_F(Check, FindsTheBudgetUpwards) {
  budget("version: 1\nmodule:\n  max-size: 1 kB\n");
  std::filesystem::create_directories(tmp.path() / "a" / "b");
  const auto r = run_wasmsize("check " + quote(wheel_),
                              "cd " + quote((tmp.path() / "a" / "b").string()) + " && NO_COLOR=1");
  EXPECT_EQ(r.status, 1) << r.err;
  const auto none = run_wasmsize("check " + quote(wheel_), "cd / && NO_COLOR=1");
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.err.find("no wasmsize.yaml"), std::string::npos);
}

TEST_F(Check, JsonFindingsCarryValueLimitAndSummary) {
  budget("version: 1\nmodule:\n  max-size: 1 kB\n");
  const auto r = check("--format json");
  const json j = json::parse(r.out);
  EXPECT_EQ(j["schema"], 1);
  ASSERT_EQ(j["findings"].size(), 1u);
  const json& f = j["findings"][0];
  EXPECT_EQ(f["rule"], "module.max-size");
  EXPECT_EQ(f["module"], "demo.big");
  EXPECT_EQ(f["limit"], 1000);
  EXPECT_GT(f["value"].get<double>(), 3000);
  EXPECT_EQ(j["summary"]["error"], 1);
  EXPECT_EQ(j["summary"]["warning"], 0);
}

TEST_F(Check, SarifValidatesAgainstTheSchema) {
  WASMSIZE_REQUIRE_SHARED();
  if (std::system("python3 -c 'import jsonschema' 2>/dev/null") != 0) {
    GTEST_SKIP() << "needs python3-jsonschema";
  }
  budget("version: 1\nmodule:\n  max-size: 1 kB\n  max-imports: {limit: 0, severity: warning}\n");
  const auto sarif = tmp.path() / "out.sarif";
  EXPECT_EQ(check("--format sarif -o " + quote(sarif.string())).status, 1);
  const json j = json::parse(test::slurp(sarif));
  const auto& results = j["runs"][0]["results"];
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0]["locations"][0]["physicalLocation"]["region"]["startLine"], 3);
  EXPECT_EQ(results[0]["properties"]["module"], "demo.big");
  const std::string cmd =
      "python3 -c \"import json,jsonschema,sys; "
      "jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))\" " +
      quote(sarif.string()) + " " +
      quote((test::shared_dir() / "schemas/sarif-schema-2.1.0.json").string());
  EXPECT_EQ(std::system(cmd.c_str()), 0);
}

TEST_F(Check, JunitIsWellFormedWithOneCasePerRuleAndSubject) {
  if (!test::have_tool("xmllint")) GTEST_SKIP() << "needs xmllint (libxml2-utils)";
  budget("version: 1\nmodule:\n  max-size: 1 kB\n  max-functions: 10\n");
  const auto xml = tmp.path() / "out.xml";
  EXPECT_EQ(check("--format junit -o " + quote(xml.string())).status, 1);
  EXPECT_EQ(std::system(("xmllint --noout " + quote(xml.string())).c_str()), 0);
  const std::string s = test::slurp(xml);
  EXPECT_NE(s.find("<testsuites name=\"wasmsize\" tests=\"4\" failures=\"1\">"), std::string::npos)
      << s;
}

TEST_F(Check, GithubAnnotationsAreCappedAtTenPerSeverity) {
  std::vector<test::ZipEntry> many;
  for (int i = 0; i < 13; ++i)
    many.push_back({"demo/m" + std::to_string(i) + ".so", test::padded_module(100)});
  test::write_zip(wheel_, many);
  budget("version: 1\nmodule:\n  max-size: 10 B\n");
  const auto r = check("--format github");
  EXPECT_EQ(r.status, 1);
  const std::regex error_line("^::error file=.*,line=3,title=wasmsize module.max-size::");
  size_t errors = 0;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);)
    errors += std::regex_search(line, error_line);
  EXPECT_EQ(errors, 10u);
  EXPECT_NE(r.out.find("::notice title=wasmsize::3 more error(s)"), std::string::npos) << r.out;
}

TEST_F(Check, MarkdownTable) {
  budget("version: 1\nmodule:\n  max-size: 1 kB\n");
  const auto r = check("--format markdown");
  EXPECT_NE(r.out.find("### wasmsize: ❌ 1 error, 0 warnings"), std::string::npos) << r.out;
  EXPECT_NE(
      r.out.find(
          "| ❌ | `module.max-size` | `demo-1.0-cp312-cp312-pyodide_2024_0_wasm32.whl!demo.big` |"),
      std::string::npos);
}

TEST_F(Check, BaselineAcceptsUntilWorseAndRatchetsDown) {
  budget("version: 1\nmodule:\n  max-size: 1 kB\n");
  const std::string base = (tmp.path() / "baseline.json").string();
  EXPECT_EQ(check("--baseline " + quote(base) + " --update-baseline").status, 0);
  EXPECT_EQ(check("--baseline " + quote(base)).status, 0);
  // A new version of the wheel, a little smaller: still accepted; ratchet down.
  std::filesystem::remove(wheel_);
  wheel_ = (tmp.path() / "demo-1.1-cp313-cp313-pyemscripten_2025_0_wasm32.whl").string();
  test::write_zip(wheel_,
                  {{"demo/big.cpython-312-wasm32-emscripten.so", test::padded_module(2500)}});
  EXPECT_EQ(check("--baseline " + quote(base)).status, 0);
  EXPECT_EQ(check("--baseline " + quote(base) + " --update-baseline").status, 0);
  // Growing back to the old size is now a regression.
  test::write_zip(wheel_,
                  {{"demo/big.cpython-312-wasm32-emscripten.so", test::padded_module(3000)}});
  const auto worse = check("--baseline " + quote(base));
  EXPECT_EQ(worse.status, 1) << worse.out;
}

// Without --baseline, writing and reading use one file beside the budget:
// --update-baseline then a plain check passes (it used to write a file the
// next check never read, and exit 1 while updating).
TEST_F(Check, DefaultBaselineBesideTheBudgetIsWrittenAndRead) {
  budget("version: 1\nmodule:\n  max-size: 1 kB\n");
  EXPECT_EQ(check().status, 1);
  const auto update = check("--update-baseline");
  EXPECT_EQ(update.status, 0) << update.out;
  EXPECT_TRUE(std::filesystem::exists(tmp.path() / "wasmsize-baseline.json"));
  const auto again = check();
  EXPECT_EQ(again.status, 0) << again.out;
  EXPECT_NE(again.out.find("1 accepted by the baseline"), std::string::npos) << again.out;
}

// A package that ships data zips gets an input.nested-archive warning on
// every run; the budget sets its severity like a rule's (`input:` at the
// top or in an override), `off` silencing it (issue 15).
TEST_F(Check, InputFindingsTakeTheirSeverityFromTheBudget) {
  test::write_zip(wheel_, {{"demo/big.cpython-312-wasm32-emscripten.so", test::padded_module(10)},
                           {"demo/datasets/iris.zip", Buf{'P', 'K', 5, 6}}});
  budget("version: 1\nmodule:\n  max-size: 1 MB\n");
  auto r = check("--warnings-as-errors");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("input.nested-archive"), std::string::npos) << r.out;

  budget("version: 1\nmodule:\n  max-size: 1 MB\ninput:\n  nested-archive: off\n");
  r = check("--warnings-as-errors");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out.find("input.nested-archive"), std::string::npos) << r.out;

  budget("version: 1\ninput:\n  nested-archive: error\n");
  r = check();
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("error input.nested-archive"), std::string::npos) << r.out;

  // An override for the one file wins over the top level.
  budget(
      "version: 1\ninput:\n  nested-archive: error\noverrides:\n"
      "  - match: \"demo/datasets/*.zip\"\n    input: {nested-archive: off}\n");
  r = check();
  EXPECT_EQ(r.status, 0) << r.out;

  budget("version: 1\ninput:\n  nested-archiv: off\n");
  r = check();
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("did you mean 'nested-archive'?"), std::string::npos) << r.err;
}

// init gives every module above --own-limits-from limits of its own: one
// global limit set by the largest module let a small one grow unnoticed.
TEST_F(Check, InitLimitsEachLargeModuleOnItsOwn) {
  test::write_zip(wheel_,
                  {{"demo/big.cpython-312-wasm32-emscripten.so", test::padded_module(30000)},
                   {"demo/mid.cpython-312-wasm32-emscripten.so", test::padded_module(3000)},
                   {"demo/small.cpython-312-wasm32-emscripten.so", test::padded_module(10)}});
  const auto init =
      run_wasmsize("init --force -o " + quote(budget_) + " --own-limits-from 2kB " + quote(wheel_));
  ASSERT_EQ(init.status, 0) << init.err;
  const std::string yaml = test::slurp(budget_);
  EXPECT_NE(yaml.find("match: \"demo.big\""), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("match: \"demo.mid\""), std::string::npos) << yaml;
  EXPECT_EQ(yaml.find("match: \"demo.small\""), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("growth:"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("duplicates:"), std::string::npos) << yaml;
  const auto ok = check();
  EXPECT_EQ(ok.status, 0) << ok.out << yaml;
  // Doubling the middle module stays far below the big one's size, and
  // still fails: its own limit guards it.
  test::write_zip(wheel_,
                  {{"demo/big.cpython-312-wasm32-emscripten.so", test::padded_module(30000)},
                   {"demo/mid.cpython-312-wasm32-emscripten.so", test::padded_module(6000)},
                   {"demo/small.cpython-312-wasm32-emscripten.so", test::padded_module(10)}});
  const auto doubled = check();
  EXPECT_EQ(doubled.status, 1) << doubled.out;
  EXPECT_NE(doubled.out.find("!demo.mid: error module.max-size"), std::string::npos) << doubled.out;
}

// An empty --base (the first release, nothing to compare with) skips the
// growth rules with one warning instead of failing every module as new.
TEST_F(Check, EmptyBaseSkipsGrowthRulesWithAWarning) {
  budget("version: 1\ngrowth:\n  max-bytes: 1 kB\n");
  const auto empty = tmp.path() / "previous";
  std::filesystem::create_directories(empty);
  const auto r = check("--base " + quote(empty.string()));
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("no module in --base"), std::string::npos) << r.err;
  // A base with the module in it is still compared.
  test::write_zip(empty / "demo-0.9-cp312-cp312-pyodide_2024_0_wasm32.whl",
                  {{"demo/big.cpython-312-wasm32-emscripten.so", test::padded_module(10)}});
  EXPECT_EQ(check("--base " + quote(empty.string())).status, 1);
}

TEST(InitCheck, RoundTripOnEveryCorpusWheelAndShrinkingALimitFails) {
  WASMSIZE_REQUIRE_SHARED();
  size_t wheels = 0;
  for (const auto& wheel : test::corpus_wheels()) {
    test::TempDir tmp;
    const std::string yaml = (tmp.path() / "wasmsize.yaml").string();
    const auto init = run_wasmsize("init -o " + quote(yaml) + " " + quote(wheel.string()));
    ASSERT_EQ(init.status, 0) << wheel << init.err;
    const auto ok = run_wasmsize("check --budget " + quote(yaml) + " " + quote(wheel.string()));
    EXPECT_EQ(ok.status, 0) << wheel << "\n" << ok.out << test::slurp(yaml);
    ++wheels;
  }
  EXPECT_GT(wheels, 40u);
  // All of Pyodide 0.27 at once, then one limit shrunk below what is measured.
  test::TempDir tmp;
  const std::string yaml = (tmp.path() / "wasmsize.yaml").string();
  const std::string all = (test::shared_dir() / "corpus/pyodide-0.27").string();
  ASSERT_EQ(run_wasmsize("init -o " + quote(yaml) + " " + quote(all)).status, 0);
  EXPECT_EQ(run_wasmsize("check --budget " + quote(yaml) + " " + quote(all)).status, 0);
  std::string text = test::slurp(yaml);
  // The largest module's own limit comes first among the overrides.
  text = std::regex_replace(text, std::regex("\\{max-size: [0-9.]+ MB"), "{max-size: 2 MB",
                            std::regex_constants::format_first_only);
  test::write_file(yaml, Buf(text.begin(), text.end()));
  const auto broken = run_wasmsize("check --budget " + quote(yaml) + " " + quote(all));
  EXPECT_EQ(broken.status, 1) << text;
  // Only that module fails: the others keep limits of their own.
  EXPECT_NE(broken.out.find("!libopenblas: error module.max-size: 6.12 MB > 2 MB"),
            std::string::npos)
      << broken.out;
  // The folder holds the 0.27 lock: a distribution, whose absent packages
  // are one warning; the corpus's markupsafe is another version than the
  // lock's, so it is beside the lock, not in it: measured, and the other.
  EXPECT_NE(broken.out.find("\n1 error, 2 warnings"), std::string::npos) << broken.out;
  EXPECT_NE(broken.out.find("input.not-in-lock: 1 wheel and 0 modules beside the lock are not in "
                            "it, measured as artifacts of their own: markupsafe-2.1.5"),
            std::string::npos)
      << broken.out;
}

}  // namespace
}  // namespace wasmsize
