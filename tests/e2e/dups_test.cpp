// `dups` end to end: the three levels on the example wheel and the corpus,
// and the json keys scripts rely on.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "support/paths.h"
#include "support/run.h"
#include "support/wasm_builder.h"
#include "support/zip_builder.h"

namespace wasmsize {
namespace {

using nlohmann::json;
using test::quote;
using test::run_wasmsize;

json dups_json(const std::string& inputs, const std::string& extra = "") {
  const auto r = run_wasmsize("dups --format json --top 0 " + extra + " " + inputs);
  EXPECT_EQ(r.status, 0) << r.err;
  return json::parse(r.out);
}

TEST(Dups, ExampleWheelHasCrossModuleClustersThatRawHashingUndercounts) {
  if (!std::filesystem::exists(WASMSIZE_EXAMPLE_WHEEL_DIR))
    GTEST_SKIP() << "example wheel not built (needs emcc, cython3)";
  const json j = dups_json(quote(WASMSIZE_EXAMPLE_WHEEL_DIR), "--min-size 0");
  const json& exact = j["levels"]["exact"];
  const json& mergeable = j["levels"]["mergeable"];
  EXPECT_GT(mergeable["cross_module"].get<uint64_t>(), 0u);
  EXPECT_LT(exact["wasted_bytes"].get<uint64_t>(), mergeable["wasted_bytes"].get<uint64_t>());
  EXPECT_LE(mergeable["wasted_bytes"].get<uint64_t>(),
            j["levels"]["shape"]["wasted_bytes"].get<uint64_t>());
  const json& biggest = mergeable["clusters"][0];
  EXPECT_GE(biggest["copies"].size(), 2u);
  std::set<std::string> modules;
  for (const auto& c : biggest["copies"])
    modules.insert(c["module"]);
  EXPECT_EQ(modules.size(), biggest["copies"].size()) << "one copy in each module";
}

// check computes only the level its duplicates.mode names; for one wheel its
// duplicates.max-bytes figure is exactly what dups prints for that level.
// (A level computed wrongly would leave zero digests, all in one cluster.)
TEST(Dups, CheckJudgesTheLevelItsModeNames) {
  if (!std::filesystem::exists(WASMSIZE_EXAMPLE_WHEEL_DIR))
    GTEST_SKIP() << "example wheel not built (needs emcc, cython3)";
  test::TempDir tmp;
  const std::string wheel = quote(WASMSIZE_EXAMPLE_WHEEL_DIR);
  const json dups = dups_json(wheel);
  for (const char* mode : {"exact", "mergeable", "shape"}) {
    const std::string budget = (tmp.path() / "wasmsize.yaml").string();
    const std::string yaml =
        std::string("version: 1\nduplicates: {mode: ") + mode + ", max-bytes: 0 B}\n";
    test::write_file(budget, std::vector<uint8_t>(yaml.begin(), yaml.end()));
    const auto r = run_wasmsize("check --format json --budget " + quote(budget) + " " + wheel);
    const json j = json::parse(r.out);
    const uint64_t wasted = dups["levels"][mode]["wasted_bytes"];
    if (wasted == 0) {
      EXPECT_EQ(r.status, 0) << mode;
      continue;
    }
    ASSERT_EQ(j["findings"].size(), 1u) << mode << r.out;
    EXPECT_EQ(j["findings"][0]["value"].get<double>(), double(wasted)) << mode;
  }
}

// The same C helper compiled by emcc into two side modules whose imports and
// strings sit at other indices and addresses.
TEST(Dups, SameCHelperInTwoSideModulesIsMergeableNotExact) {
  if (!test::have_tool("emcc")) GTEST_SKIP() << "needs emcc (Debian: emscripten)";
  test::TempDir tmp;
  const std::string helper =
      "extern int puts(const char*);\n"
      "__attribute__((noinline)) int helper(int x) { puts(\"helper called\"); return x * 7 + 3; "
      "}\n";
  const std::string a = helper.substr(0, helper.find('\n') + 1) +
                        "extern int putchar(int);\n"
                        "int a_first(void) { putchar('!'); return puts(\"a string first\"); }\n" +
                        helper.substr(helper.find('\n') + 1) +
                        "int a_entry(int x) { return helper(x) + a_first(); }\n";
  const std::string b = helper + "int b_entry(int x) { return helper(x) * 2; }\n";
  for (const auto& [name, src] : {std::pair{"a", a}, std::pair{"b", b}}) {
    const auto c = tmp.path() / (std::string(name) + ".c");
    test::write_file(c, std::vector<uint8_t>(src.begin(), src.end()));
    const std::string cmd = "NODE_PATH=/usr/share/nodejs emcc -O2 -sSIDE_MODULE=1 " +
                            quote(c.string()) + " -o " +
                            quote((tmp.path() / (std::string(name) + ".wasm")).string()) + " 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }
  const json j = dups_json(quote(tmp.path().string()), "--min-size 0");
  auto has_helper_pair = [&](const char* level) {
    for (const auto& c : j["levels"][level]["clusters"]) {
      std::set<std::string> names;
      for (const auto& copy : c["copies"]) {
        if (copy["name"] == "helper") names.insert(copy["module"]);
      }
      if (names.size() == 2) return true;
    }
    return false;
  };
  EXPECT_FALSE(has_helper_pair("exact")) << j.dump(1);
  EXPECT_TRUE(has_helper_pair("mergeable")) << j.dump(1);
  EXPECT_TRUE(has_helper_pair("shape"));
}

TEST(Dups, CorpusLevelsAreOrderedAndScopesAddUp) {
  WASMSIZE_REQUIRE_SHARED();
  const json j = dups_json(quote((test::shared_dir() / "corpus/pyodide-0.27").string()));
  EXPECT_EQ(j["schema"], 1);
  uint64_t previous = 0;
  for (const char* level : {"exact", "mergeable", "shape"}) {
    const json& l = j["levels"][level];
    const uint64_t wasted = l["wasted_bytes"];
    EXPECT_GT(wasted, previous) << level;
    previous = wasted;
    EXPECT_EQ(l["within_module"].get<uint64_t>() + l["cross_module"].get<uint64_t>() +
                  l["cross_artifact"].get<uint64_t>(),
              wasted);
    uint64_t sum = 0;
    for (const auto& c : l["clusters"]) {
      sum += c["wasted_bytes"].get<uint64_t>();
      EXPECT_EQ(c["wasted_bytes"].get<uint64_t>(),
                (c["copies"].size() - 1) * c["size"].get<uint64_t>());
    }
    EXPECT_EQ(sum, wasted);
  }
  // Raw hashing sees under a third of what could be shared.
  EXPECT_LT(j["levels"]["exact"]["wasted_bytes"].get<uint64_t>() * 3,
            j["levels"]["mergeable"]["wasted_bytes"].get<uint64_t>());
}

TEST(Dups, TextAndMarkdown) {
  WASMSIZE_REQUIRE_SHARED();
  const std::string numpy = quote(
      (test::shared_dir() / "corpus/pyodide-0.27/numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl")
          .string());
  const auto text = run_wasmsize("dups --mode mergeable --top 2 " + numpy);
  EXPECT_EQ(text.status, 0);
  EXPECT_NE(text.out.find("Largest mergeable clusters"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("Largest exact clusters"), std::string::npos);
  // The wheel's file name once above each cluster's copies, not on each line.
  EXPECT_EQ(text.out.find(".whl!"), std::string::npos) << text.out;
  size_t named = 0;
  for (size_t at = 0; (at = text.out.find("numpy-2.0.2-cp312", at)) != std::string::npos; ++at)
    ++named;
  EXPECT_EQ(named, 2u) << text.out;
  const auto md = run_wasmsize("dups --format markdown " + numpy);
  EXPECT_NE(md.out.find("| level | wasted | of code |"), std::string::npos) << md.out;
}

// Byte-identical bodies that call different callees: raw counts them,
// exact does not (exact is bytes and meaning), and text says so on one line.
TEST(Dups, LevelsNestAndRawIsExplained) {
  using namespace test;
  auto module_with = [](uint8_t constant) {
    Buf caller = bytes({0x10, 0x00});
    for (int i = 0; i < 30; ++i)
      caller.push_back(0x01);
    caller.push_back(0x0B);
    return module(
        {section(1, vec({functype({}, {})})), section(3, vec({uleb(0), uleb(0)})),
         section(10, vec({body({}, bytes({0x41, constant, 0x1A, 0x0B})), body({}, caller)}))});
  };
  TempDir tmp;
  const auto a = tmp.path() / "a.wasm", b = tmp.path() / "b.wasm";
  write_file(a, module_with(1));
  write_file(b, module_with(2));
  const auto r = run_wasmsize("dups " + quote(a.string()) + " " + quote(b.string()));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("raw: 34 B"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("34 B of it in bodies that call or read different things"),
            std::string::npos)
      << r.out;
  const auto j = json::parse(
      run_wasmsize("dups --format json " + quote(a.string()) + " " + quote(b.string())).out);
  const auto& levels = j["levels"];
  EXPECT_EQ(levels["raw"]["wasted_bytes"].get<uint64_t>(), 34u);
  EXPECT_EQ(levels["exact"]["wasted_bytes"].get<uint64_t>(), 0u);
  EXPECT_LE(levels["exact"]["wasted_bytes"].get<uint64_t>(),
            levels["mergeable"]["wasted_bytes"].get<uint64_t>());
  EXPECT_LE(levels["mergeable"]["wasted_bytes"].get<uint64_t>(),
            levels["shape"]["wasted_bytes"].get<uint64_t>());
}

// statsmodels 0.13.5: 26 Cython modules built together, whose helpers
// differ only in indices and addresses. Mergeable finds them across
// modules, several times what hashing bytes finds.
TEST(Dups, StatsmodelsCythonHelpersAcrossModules) {
  WASMSIZE_REQUIRE_SHARED();
  const auto wheel = test::shared_dir() / "corpus" / "more" /
                     "statsmodels-0.13.5-cp310-cp310-emscripten_3_1_27_wasm32.whl";
  ASSERT_TRUE(std::filesystem::exists(wheel));
  const json l = dups_json(quote(wheel.string()))["levels"];
  const uint64_t mergeable = l["mergeable"]["cross_module"].get<uint64_t>();
  EXPECT_GT(mergeable, 150'000u);
  EXPECT_GT(mergeable, 4 * l["raw"]["cross_module"].get<uint64_t>());
  size_t spread = 0;  // clusters in 10 or more modules
  for (const auto& c : l["mergeable"]["clusters"])
    spread += c["copies"].size() >= 10;
  EXPECT_GE(spread, 5u);
}

// A library shipped twice in one wheel, again in another wheel, and in an
// older build of the first: one file cluster, counted at file size; the
// copies' functions leave the function clusters; the older build is an
// alternative, no waste.
TEST(Dups, WholeFilesShippedTwiceAndAlternatives) {
  using namespace test;
  auto code = [](uint8_t k) {  // 44 bytes
    Buf c(40, 0x01);
    append(c, bytes({0x41, k, 0x1A, 0x0B}));
    return c;
  };
  // Functions of 45 and 48 bytes.
  auto lib = [&](uint8_t first, uint8_t second) {
    return module({section(1, vec({functype({}, {})})), section(3, vec({uleb(0), uleb(0)})),
                   section(10, vec({body({}, code(first)),
                                    body({}, cat({bytes({0x41, 7, 0x1A}), code(second)}))}))});
  };
  TempDir tmp;
  const auto a1 = tmp.path() / "liba-1.0-cp312-cp312-pyodide_2024_0_wasm32.whl";
  const auto a2 = tmp.path() / "liba-2.0-cp312-cp312-pyodide_2024_0_wasm32.whl";
  const auto b = tmp.path() / "libb-1.0-cp312-cp312-pyodide_2024_0_wasm32.whl";
  write_zip(
      a1,
      {{"liba/libh.so", lib(1, 1)}, {"liba/libh.so.200", lib(1, 1)}, {"liba/own.so", lib(1, 3)}});
  write_zip(a2, {{"liba/libh.so", lib(1, 1)}});
  write_zip(b, {{"libb/libh.so", lib(1, 1)}});
  const std::string all = quote(a1.string()) + " " + quote(a2.string()) + " " + quote(b.string());
  const json j = dups_json(all);
  const json& files = j["files"];
  ASSERT_EQ(files["clusters"].size(), 1u) << files.dump(1);
  const uint64_t size = files["clusters"][0]["size"].get<uint64_t>();
  EXPECT_EQ(files["clusters"][0]["copies"].size(), 4u);
  EXPECT_EQ(files["within_artifact"].get<uint64_t>(), size);    // libh.so.200 in liba 1.0
  EXPECT_EQ(files["cross_artifact"].get<uint64_t>(), size);     // libb's copy
  EXPECT_EQ(files["alternative_bytes"].get<uint64_t>(), size);  // liba 2.0's copy
  EXPECT_EQ(files["wasted_bytes"].get<uint64_t>(), 2 * size);
  // Only the first copy's functions (and own.so's) are clustered: own.so's
  // first function equals libh's, once.
  const json& m = j["levels"]["mergeable"];
  ASSERT_EQ(m["clusters"].size(), 1u) << m.dump(1);
  EXPECT_EQ(m["clusters"][0]["copies"].size(), 2u);
  EXPECT_EQ(m["code_bytes"].get<uint64_t>(), 2 * (45u + 48u));  // two modules, not five
  const auto text = run_wasmsize("dups " + all).out;
  EXPECT_NE(text.find("Modules shipped more than once"), std::string::npos) << text;
  EXPECT_NE(text.find("liba-1.0-cp312-cp312-pyodide_2024_0_wasm32.whl!liba/libh.so.200"),
            std::string::npos)
      << text;
  // The rule: one extra copy inside liba 1.0 at artifact scope.
  const std::string budget = "version: 1\nduplicates:\n  max-file-bytes: 0 B\n";
  write_file(tmp.path() / "wasmsize.yaml", std::vector<uint8_t>(budget.begin(), budget.end()));
  const auto r = run_wasmsize("check --format json --budget " +
                              quote((tmp.path() / "wasmsize.yaml").string()) + " " + all);
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  const json c = json::parse(r.out);
  ASSERT_EQ(c["findings"].size(), 1u) << r.out;
  EXPECT_EQ(c["findings"][0]["rule"], "duplicates.max-file-bytes");
  EXPECT_NE(c["findings"][0]["artifact"].get<std::string>().find("liba-1.0"), std::string::npos);
}

// Each cluster says what kind of code it is and what fixing it saves:
// zstd in numcodecs and zstandard is a library to link once; the helpers
// in every Cython module of cysignals are Cython utility code.
TEST(Dups, ClustersSayWhatToDo) {
  WASMSIZE_REQUIRE_SHARED();
  const auto dir = test::shared_dir() / "corpus" / "pyodide-0.27";
  std::string inputs;
  for (const char* w : {"numcodecs-0.13.1-cp312-cp312-pyodide_2024_0_wasm32.whl",
                        "zstandard-0.22.0-cp312-cp312-pyodide_2024_0_wasm32.whl",
                        "cysignals-1.12.2-cp312-cp312-pyodide_2024_0_wasm32.whl"})
    inputs += " " + quote((dir / w).string());
  const json clusters = dups_json(inputs, "--mode mergeable")["levels"]["mergeable"]["clusters"];
  std::map<std::string, size_t> kinds;
  for (const auto& c : clusters) {
    ++kinds[c["kind"].get<std::string>()];
    ASSERT_TRUE(c["fix"]["text"].is_string());
    uint64_t saved = c["fix"]["saved_across_artifacts"].get<uint64_t>();
    for (const auto& s : c["fix"]["saved_per_artifact"])
      saved += s["bytes"].get<uint64_t>();
    EXPECT_LE(saved, c["wasted_bytes"].get<uint64_t>()) << c.dump();
  }
  const json& top = clusters[0];
  EXPECT_EQ(top["kind"], "library") << top.dump(1);
  EXPECT_NE(top["fix"]["text"].get<std::string>().find("ZSTD_"), std::string::npos);
  EXPECT_GT(top["fix"]["saved_across_artifacts"].get<uint64_t>(), 0u);
  EXPECT_GT(kinds["cython"], 10u);
  const auto text = run_wasmsize("dups --mode mergeable --top 0" + inputs).out;
  EXPECT_NE(text.find("fix (library): "), std::string::npos) << text;
  EXPECT_NE(text.find("fix (cython): "), std::string::npos) << text;
  // Fixes are wrapped to the width (100 columns when piped).
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("fix (") != std::string::npos || line.find(" saves ") != std::string::npos) {
      EXPECT_LE(line.size(), 100u) << line;
    }
  }
}

// exact within mergeable within shape, in every scope, clusters included:
// on every corpus wheel alone and on the whole corpus at once.
TEST(Dups, LevelsNestOnEveryCorpusWheelAndAllAtOnce) {
  WASMSIZE_REQUIRE_SHARED();
  auto check = [](const json& j, const std::string& what) {
    const json& l = j["levels"];
    for (const char* key : {"wasted_bytes", "within_module", "cross_module", "cross_artifact"}) {
      EXPECT_LE(l["exact"][key].get<uint64_t>(), l["mergeable"][key].get<uint64_t>())
          << what << " " << key;
      EXPECT_LE(l["mergeable"][key].get<uint64_t>(), l["shape"][key].get<uint64_t>())
          << what << " " << key;
    }
    // Each finer cluster lies inside one coarser cluster.
    for (const auto& [fine, coarse] : {std::pair{"exact", "mergeable"}, {"mergeable", "shape"}}) {
      std::map<std::string, size_t> owner;
      const json& outer = l[coarse]["clusters"];
      for (size_t c = 0; c < outer.size(); ++c) {
        for (const auto& copy : outer[c]["copies"])
          owner[copy["artifact"].get<std::string>() + "!" + copy["module"].get<std::string>() +
                "!" + std::to_string(copy["function"].get<uint32_t>())] = c;
      }
      for (const auto& cluster : l[fine]["clusters"]) {
        std::set<size_t> in;
        for (const auto& copy : cluster["copies"]) {
          const auto it = owner.find(copy["artifact"].get<std::string>() + "!" +
                                     copy["module"].get<std::string>() + "!" +
                                     std::to_string(copy["function"].get<uint32_t>()));
          in.insert(it == owner.end() ? SIZE_MAX : it->second);
        }
        EXPECT_EQ(in.size(), 1u) << what << ": a " << fine << " cluster spans " << coarse;
        EXPECT_EQ(in.count(SIZE_MAX), 0u) << what << ": a " << fine << " copy in no " << coarse;
      }
    }
  };
  std::string all;
  for (const auto& wheel : test::corpus_wheels()) {
    check(dups_json(quote(wheel.string())), wheel.filename().string());
    all += " " + quote(wheel.string());
  }
  check(dups_json(all), "the whole corpus");
}

}  // namespace
}  // namespace wasmsize
