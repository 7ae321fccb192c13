// `diff` and `check --base` on generated wheels with known deltas: a module
// added, one removed, one grown, one shrunk, one unchanged.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sources/source.h"
#include "support/run.h"
#include "support/wasm_builder.h"
#include "support/zip_builder.h"

namespace wasmsize {
namespace {

using nlohmann::json;
using test::Buf;
using test::quote;
using test::run_wasmsize;

class Diff : public ::testing::Test {
 protected:
  test::TempDir tmp;
  std::string base = (tmp.path() / "demo-1.0-cp311-cp311-pyodide_2024_0_wasm32.whl").string();
  std::string head = (tmp.path() / "demo-1.1-cp312-cp312-pyodide_2024_0_wasm32.whl").string();
  void SetUp() override {
    const std::string t11 = ".cpython-311-wasm32-emscripten.so",
                      t12 = ".cpython-312-wasm32-emscripten.so";
    test::write_zip(base, {{"demo/same" + t11, test::padded_module(100)},
                           {"demo/grows" + t11, test::padded_module(1000)},
                           {"demo/shrinks" + t11, test::padded_module(2000)},
                           {"demo/gone" + t11, test::padded_module(300)}});
    test::write_zip(head, {{"demo/same" + t12, test::padded_module(100)},
                           {"demo/grows" + t12, test::padded_module(1500)},
                           {"demo/shrinks" + t12, test::padded_module(1900)},
                           {"demo/new" + t12, test::padded_module(400)}});
  }
};

TEST_F(Diff, ModulesMatchedAcrossVersionsWithKnownDeltas) {
  const auto r = run_wasmsize("diff --format json " + quote(base) + " " + quote(head));
  ASSERT_EQ(r.status, 0) << r.err;
  const json j = json::parse(r.out);
  ASSERT_EQ(j["artifacts"].size(), 1u);
  EXPECT_EQ(j["artifacts"][0]["key"], "demo");
  std::map<std::string, json> m;
  for (const auto& mod : j["artifacts"][0]["modules"])
    m[mod["name"]] = mod;
  ASSERT_EQ(m.size(), 5u);
  EXPECT_EQ(m["demo.same"]["status"], "unchanged");
  EXPECT_EQ(m["demo.grows"]["status"], "changed");
  EXPECT_EQ(m["demo.grows"]["size"]["delta"], 500);
  EXPECT_EQ(m["demo.shrinks"]["size"]["delta"], -100);
  EXPECT_EQ(m["demo.gone"]["status"], "removed");
  EXPECT_EQ(m["demo.new"]["status"], "added");
  EXPECT_EQ(m["demo.grows"]["sections"][0]["name"], "custom \"pad\"");
  EXPECT_EQ(m["demo.grows"]["sections"][0]["delta"], 500);
  // Largest change first.
  EXPECT_EQ(j["artifacts"][0]["modules"][0]["name"], "demo.grows");
  EXPECT_EQ(j["headline"],
            "module bytes +500 B (+14%) across 4 modules; files on disk +1 B (+0.1%)");
}

TEST_F(Diff, RustFunctionsMatchAcrossBuildsDespiteTheirHash) {
  // One exported function whose legacy-mangled name carries a build hash,
  // 10 bytes longer in the new build.
  auto rust_module = [](const std::string& hash, size_t nops) {
    using namespace test;
    Buf code(nops, 0x01);
    code.push_back(0x0B);
    const std::string name = "_ZN4core3fmt5write17h" + hash + "E";
    return module({section(1, vec({functype({}, {})})), section(3, vec({uleb(0)})),
                   section(7, vec({cat({test::name(name), bytes({0}), uleb(0)})})),
                   section(10, vec({body({}, code)}))});
  };
  const std::string t = "rs/core.cpython-312-wasm32-emscripten.so";
  test::write_zip(base, {{t, rust_module("0123456789abcdef", 5)}});
  test::write_zip(head, {{t, rust_module("fedcba9876543210", 15)}});
  const auto r = run_wasmsize("diff --format json " + quote(base) + " " + quote(head));
  ASSERT_EQ(r.status, 0) << r.err;
  const json j = json::parse(r.out);
  const json& fns = j["artifacts"][0]["modules"][0]["functions"];
  ASSERT_EQ(fns.size(), 1u) << fns.dump();
  EXPECT_EQ(fns[0]["name"], "core::fmt::write");
  EXPECT_EQ(fns[0]["delta"], 10);
}

TEST_F(Diff, TextAndMarkdown) {
  const auto text = run_wasmsize("diff " + quote(base) + " " + quote(head));
  EXPECT_NE(text.out.find(
                "wasmsize diff: module bytes +500 B (+14%) across 4 modules; files on disk +1 B"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("removed"), std::string::npos);
  const auto md = run_wasmsize("diff --format markdown " + quote(base) + " " + quote(head));
  EXPECT_NE(md.out.find("| 🔺 | `demo.grows` |"), std::string::npos) << md.out;
  EXPECT_NE(md.out.find("| 🔻 | `demo.shrinks` |"), std::string::npos);
  EXPECT_NE(md.out.find("`demo.new` (added)"), std::string::npos);
}

TEST_F(Diff, SavedJsonReportAsBase) {
  const std::string saved = (tmp.path() / "base.json").string();
  ASSERT_EQ(run_wasmsize("report --format json -o " + quote(saved) + " " + quote(base)).status, 0);
  const auto r = run_wasmsize("diff --format json " + quote(saved) + " " + quote(head));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["headline"],
            "module bytes +500 B (+14%) across 4 modules; files on disk +1 B (+0.1%)");
  test::write_file(tmp.path() / "bad.json", {'{', '}'});
  const auto bad =
      run_wasmsize("diff " + quote((tmp.path() / "bad.json").string()) + " " + quote(head));
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("not a wasmsize json report"), std::string::npos) << bad.err;
}

TEST_F(Diff, GrowthRulesWithBase) {
  const auto budget = tmp.path() / "wasmsize.yaml";
  auto check = [&](const std::string& yaml, const std::string& base_arg) {
    test::write_file(budget, Buf(yaml.begin(), yaml.end()));
    return run_wasmsize("check --budget " + quote(budget.string()) + " --base " + quote(base_arg) +
                        " " + quote(head));
  };
  EXPECT_EQ(check("version: 1\ngrowth:\n  max-bytes: 500 B\n", base).status, 0);
  const auto r = check("version: 1\ngrowth:\n  max-bytes: 499 B\n", base);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("!demo.grows: error growth.max-bytes: module grew 1.03 kB → 1.53 kB (+500 "
                       "B, +48%) > +499 B"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("demo.new"), std::string::npos);  // a new module of 431 B is under +499 B
  EXPECT_EQ(check("version: 1\ngrowth:\n  max-bytes: 499 B\n  ignore-below: 1 kB\n", base).status,
            0);
  EXPECT_EQ(check("version: 1\ngrowth:\n  max-ratio: 50%\n", base).status, 0);
  EXPECT_EQ(check("version: 1\ngrowth:\n  max-ratio: 40%\n", base).status, 1);
  // Without --base the growth rules have nothing to compare.
  test::write_file(budget, Buf{'v', 'e', 'r', 's', 'i', 'o', 'n', ':', ' ', '1', '\n'});
  EXPECT_EQ(run_wasmsize("check --budget " + quote(budget.string()) + " " + quote(head)).status, 0);
}

// Two versions of the example wheel: 0.2.0 drops `text`, adds `extra` (a copy
// of `vectors`) and grows `stats` by a 5,000-byte custom section.
TEST(DiffExample, TwoVersionsOfTheExampleWheel) {
  if (!std::filesystem::exists(WASMSIZE_EXAMPLE_WHEEL_DIR))
    GTEST_SKIP() << "example wheel not built (needs emcc, cython3)";
  std::string v1;
  for (const auto& e : std::filesystem::directory_iterator(WASMSIZE_EXAMPLE_WHEEL_DIR)) {
    if (e.path().extension() == ".whl") v1 = e.path().string();
  }
  ASSERT_FALSE(v1.empty());
  std::map<std::string, Buf> modules;
  model::ArtifactReport artifact;
  std::vector<model::Finding> findings;
  sources::read_artifact(
      {v1, {}}, {}, artifact, findings,
      [&](const sources::ModuleEntry& e, std::vector<uint8_t>&& b) { modules[e.path] = b; });
  std::vector<test::ZipEntry> v2;
  std::string vectors, stats, text;
  for (const auto& [path, bytes] : modules) {
    if (path.find("/text.") != std::string::npos) continue;
    Buf b = bytes;
    if (path.find("/stats.") != std::string::npos)
      test::append(b, test::custom_section("grown", Buf(5000, 1)));
    v2.push_back({path, b});
    if (path.find("/vectors.") != std::string::npos) {
      std::string extra = path;
      extra.replace(extra.find("/vectors."), 9, "/extra.");
      v2.push_back({extra, bytes});
    }
  }
  test::TempDir tmp;
  const auto v2_path =
      tmp.path() / std::filesystem::path(v1).filename().string().replace(
                       std::filesystem::path(v1).filename().string().find("0.1.0"), 5, "0.2.0");
  test::write_zip(v2_path, v2);
  const auto r = run_wasmsize("diff --format json " + quote(v1) + " " + quote(v2_path.string()));
  ASSERT_EQ(r.status, 0) << r.err;
  const json j = json::parse(r.out);
  ASSERT_EQ(j["artifacts"].size(), 1u);
  EXPECT_EQ(j["artifacts"][0]["key"], "wasmsize_demo");
  std::map<std::string, json> m;
  for (const auto& mod : j["artifacts"][0]["modules"])
    m[mod["name"]] = mod;
  EXPECT_EQ(m["wasmsize_demo.text"]["status"], "removed");
  EXPECT_EQ(m["wasmsize_demo.extra"]["status"], "added");
  EXPECT_EQ(m["wasmsize_demo.extra"]["size"]["new"], m["wasmsize_demo.vectors"]["size"]["new"]);
  EXPECT_EQ(m["wasmsize_demo.vectors"]["status"], "unchanged");
  EXPECT_EQ(m["wasmsize_demo.stats"]["size"]["delta"],
            1 + 2 + 6 + 5000);  // id, size LEB, name, bytes
  EXPECT_EQ(m["wasmsize_demo.stats"]["sections"][0]["name"], "custom \"grown\"");
}

}  // namespace
}  // namespace wasmsize
