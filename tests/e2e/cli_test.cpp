// End to end through the real binary: exit statuses, bad input, and the
// report and inspect commands on generated and real wheels.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report/table.h"
#include "support/run.h"
#include "support/wasm_builder.h"
#include "support/zip_builder.h"

namespace wasmsize {
namespace {

using nlohmann::json;
using test::Buf;
using test::quote;
using test::run_wasmsize;

Buf small_module(uint8_t marker) {
  using namespace test;
  return module({section(1, vec({functype({}, {})})), section(3, vec({uleb(0)})),
                 section(7, vec({cat({name("PyInit_m"), bytes({0}), uleb(0)})})),
                 section(10, vec({body({}, bytes({0x41, marker, 0x1A, 0x0B}))}))});
}

class Cli : public ::testing::Test {
 protected:
  test::TempDir tmp;
  std::string wheel(const std::vector<test::ZipEntry>& entries) {
    const auto p = tmp.path() / "demo-1.0-cp312-cp312-pyodide_2024_0_wasm32.whl";
    test::write_zip(p, entries);
    return p.string();
  }
};

// A build that produced nothing, or a path to the wrong folder, must not
// pass a budget with "0 checks passed" (issue 15): no module at all is
// exit 2 for every command that measures, unless --allow-empty.
TEST_F(Cli, InputsWithoutAnyModuleExit2UnlessAllowed) {
  const auto empty = tmp.path() / "emptydist";
  std::filesystem::create_directories(empty);
  const std::string only_text = wheel({{"demo/__init__.py", Buf{'#'}}});
  const std::string budget = (tmp.path() / "wasmsize.yaml").string();
  const std::string text = "version: 1\nmodule:\n  max-size: 1 MB\n";
  test::write_file(budget, Buf(text.begin(), text.end()));
  for (const std::string& input : {quote(empty.string()), quote(only_text)}) {
    for (const std::string& cmd :
         std::vector<std::string>{"report ", "dups ", "check --budget " + quote(budget) + " "}) {
      const auto r = run_wasmsize(cmd + input);
      EXPECT_EQ(r.status, 2) << cmd << input << "\n" << r.out;
      EXPECT_NE(r.err.find("no WebAssembly module in"), std::string::npos) << cmd << r.err;
      EXPECT_NE(r.err.find("--allow-empty"), std::string::npos) << r.err;
    }
    EXPECT_EQ(run_wasmsize("report --allow-empty " + input).status, 0) << input;
    EXPECT_EQ(run_wasmsize("check --allow-empty --budget " + quote(budget) + " " + input).status,
              0);
  }
}

// Stripped modules show func[N]; the report says once how to get names.
TEST_F(Cli, ModulesWithoutNamesGetOneHint) {
  using namespace test;
  const Buf named =
      module({section(1, vec({functype({}, {})})), section(3, vec({uleb(0)})),
              section(10, vec({body({}, bytes({0x0B}))})),
              custom_section("name", cat({bytes({1}), uleb(4), uleb(1), uleb(0), name("f")}))});
  const std::string w = wheel({{"demo/a.cpython-312-wasm32-emscripten.so", small_module(1)},
                               {"demo/b.cpython-312-wasm32-emscripten.so", named}});
  const auto r = run_wasmsize("report --no-color " + quote(w));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("hint: 1 of 2 modules have no name section"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--profiling-funcs"), std::string::npos);
  const std::string all_named = wheel({{"demo/b.cpython-312-wasm32-emscripten.so", named}});
  EXPECT_EQ(run_wasmsize("report " + quote(all_named)).out.find("hint:"), std::string::npos);
  EXPECT_EQ(run_wasmsize("report -q " + quote(w)).out.find("hint:"), std::string::npos);
}

// A folder in a git repository is walked the way the repository says:
// ignored folders (build/, .venv/) are left out unless named themselves, and
// native .so files found on the way are not inputs (issue 15: a hook on `.`
// gave 460 errors from a wheel in an ignored folder).
TEST_F(Cli, FolderWalksHonourGitignoreAndSkipNativeSharedObjects) {
  if (std::system("git --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "needs git";
  const auto repo = tmp.path() / "repo";
  const std::string wheel_name = "demo-1.0-cp312-cp312-pyodide_2024_0_wasm32.whl";
  for (const char* dir : {"dist", "build", "untracked", "native"})
    std::filesystem::create_directories(repo / dir);
  for (const char* dir : {"dist", "build", "untracked"}) {
    test::write_zip(repo / dir / wheel_name,
                    {{"demo/m.cpython-312-wasm32-emscripten.so", small_module(1)}});
  }
  test::write_file(repo / "native" / "_speedups.cpython-311-x86_64-linux-gnu.so",
                   Buf{0x7F, 'E', 'L', 'F', 2, 1, 1, 0});
  const std::string gi = "build/\n";
  test::write_file(repo / ".gitignore", Buf(gi.begin(), gi.end()));
  const std::string r = quote(repo.string());
  ASSERT_EQ(std::system(("git -C " + r + " init -q && git -C " + r +
                         " add .gitignore dist native >/dev/null 2>&1")
                            .c_str()),
            0);
  const auto all = run_wasmsize("report --format json " + r);
  ASSERT_EQ(all.status, 0) << all.err;
  std::vector<std::string> paths;
  const json doc = json::parse(all.out);
  for (const auto& a : doc["artifacts"])
    paths.push_back(std::filesystem::path(a["path"].get<std::string>()).parent_path().filename());
  EXPECT_EQ(paths, (std::vector<std::string>{"dist", "untracked"})) << all.out;
  EXPECT_EQ(all.out.find("not-wasm"), std::string::npos) << all.out;
  // Named itself, an ignored folder is what the user means.
  const auto build = run_wasmsize("report --format json " + quote((repo / "build").string()));
  EXPECT_EQ(build.status, 0) << build.err;
  EXPECT_EQ(json::parse(build.out)["artifacts"].size(), 1u);
  // Named on the command line, a native .so is still read, and said to be so.
  const auto native = run_wasmsize(
      "report " + quote((repo / "native" / "_speedups.cpython-311-x86_64-linux-gnu.so").string()));
  EXPECT_NE(native.out.find("input.not-wasm"), std::string::npos) << native.out;
}

TEST_F(Cli, MissingInputExits2WithAClearMessage) {
  const auto r = run_wasmsize("report /no/such/file.whl");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("/no/such/file.whl: no such file or folder"), std::string::npos) << r.err;
}

TEST_F(Cli, BadArgumentsExit2AndVersionExits0) {
  EXPECT_EQ(run_wasmsize("report").status, 2);
  EXPECT_EQ(run_wasmsize("report x.whl --format nope").status, 2);
  EXPECT_EQ(run_wasmsize("frobnicate").status, 2);
  const auto v = run_wasmsize("--version");
  EXPECT_EQ(v.status, 0);
  EXPECT_EQ(v.out.rfind("wasmsize " WASMSIZE_VERSION "\n", 0), 0u) << v.out;
  // What a bug report needs: the commit, the build day, the linkage and the
  // versions of the libraries that read input.
  for (const char* part :
       {"commit ", "built 20", "libzip 1.", "zlib 1.", "OpenSSL ", "yaml-cpp 0."})
    EXPECT_NE(v.out.find(part), std::string::npos) << part << " in " << v.out;
}

TEST_F(Cli, OneTruncatedModuleAmongGoodOnes) {
  Buf bad = small_module(9);
  bad.resize(bad.size() - 4);
  const std::string w = wheel({{"demo/good1.cpython-312-wasm32-emscripten.so", small_module(1)},
                               {"demo/bad.cpython-312-wasm32-emscripten.so", bad},
                               {"demo/good2.cpython-312-wasm32-emscripten.so", small_module(2)}});
  const auto r = run_wasmsize("report --format json " + quote(w));
  EXPECT_EQ(r.status, 1) << r.err;
  const json j = json::parse(r.out);
  ASSERT_EQ(j["artifacts"][0]["modules"].size(), 3u);
  size_t errors = 0;
  for (const auto& m : j["artifacts"][0]["modules"]) {
    if (m["name"] == "demo.bad") {
      ++errors;
      EXPECT_GT(m["error"]["offset"].get<uint64_t>(), 8u);
    } else {
      EXPECT_FALSE(m.contains("error"));
      EXPECT_EQ(m["function_count"], 1);
    }
  }
  EXPECT_EQ(errors, 1u);
  ASSERT_EQ(j["findings"].size(), 1u);
  EXPECT_EQ(j["findings"][0]["rule"], "input.malformed-module");
  EXPECT_EQ(j["findings"][0]["module"], "demo.bad");

  const auto text = run_wasmsize("report " + quote(w));
  EXPECT_EQ(text.status, 1);
  EXPECT_NE(text.out.find("!demo.bad: error input.malformed-module: malformed module at byte"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("demo.good1"), std::string::npos);
}

TEST_F(Cli, NonWasmSoIsCountedNotParsed) {
  const auto so = tmp.path() / "native.so";
  test::write_file(so, Buf{0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0});
  const auto r = run_wasmsize("report " + quote(so.string()));
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("warning input.not-wasm"), std::string::npos) << r.out;
}

TEST_F(Cli, ZipBombAndDotDotEntryAreErrorsNotCrashes) {
  const std::string w = wheel({{"demo/zeros.so", Buf(8 << 20, 0)},
                               {"../escape.cpython-312-wasm32-emscripten.so", small_module(1)}});
  const auto r = run_wasmsize("report --format json " + quote(w));
  EXPECT_EQ(r.status, 1);
  const json j = json::parse(r.out);
  std::set<std::string> rules;
  for (const auto& f : j["findings"])
    rules.insert(f["rule"]);
  EXPECT_TRUE(rules.count("input.inflate-limit"));
  EXPECT_TRUE(rules.count("input.unsafe-path"));
  EXPECT_EQ(j["artifacts"][0]["modules"].size(), 1u);
}

TEST_F(Cli, OutputIsTheSameWhateverTheJobCount) {
  // Modules of one wheel are analysed in parallel: order of modules and of
  // findings (archive findings between module findings) must not depend on it.
  Buf bad = small_module(9);
  bad.resize(bad.size() - 4);
  std::vector<test::ZipEntry> entries;
  for (uint8_t i = 0; i < 12; ++i) {
    entries.push_back({"demo/m" + std::to_string(i) + ".so", i % 5 == 4 ? bad : small_module(i)});
    if (i % 4 == 1) entries.push_back({"../up" + std::to_string(i) + ".py", Buf(10, 'x')});
  }
  const std::string w = wheel(entries);
  const std::string args = " --format json " + quote(w) + " " + quote(w);
  const auto one = run_wasmsize("report -j1" + args);
  EXPECT_EQ(one.status, 1);
  const json j = json::parse(one.out);
  ASSERT_EQ(j["artifacts"][0]["modules"].size(), 12u);
  // Per wheel, in entry order: 3 unsafe paths and 2 malformed modules.
  std::vector<std::string> subjects;
  for (const auto& f : j["findings"])
    subjects.push_back(f["module"]);
  const std::vector<std::string> per_wheel = {"../up1.py", "demo.m4", "../up5.py", "demo.m9",
                                              "../up9.py"};
  ASSERT_EQ(subjects.size(), 10u);
  EXPECT_TRUE(std::equal(per_wheel.begin(), per_wheel.end(), subjects.begin()));
  EXPECT_TRUE(std::equal(per_wheel.begin(), per_wheel.end(), subjects.begin() + 5));
  for (const char* jobs : {"-j2", "-j3", "-j8"}) {
    EXPECT_EQ(run_wasmsize(std::string("report ") + jobs + args).out, one.out) << jobs;
    EXPECT_EQ(run_wasmsize(std::string("dups ") + jobs + args).out,
              run_wasmsize("dups -j1" + args).out)
        << jobs;
  }
}

TEST_F(Cli, InflateCapIsConfigurable) {
  const std::string w = wheel({{"demo/a.so", small_module(1)}});
  EXPECT_EQ(run_wasmsize("report --max-inflated-size 10B " + quote(w)).status, 1);
  EXPECT_EQ(run_wasmsize("report --max-inflated-size 1MiB " + quote(w)).status, 0);
  EXPECT_EQ(run_wasmsize("report --max-inflated-size 1MeB " + quote(w)).status, 2);
}

TEST_F(Cli, EntrySizeAndRatioCapsAreConfigurable) {
  // 2 MiB of one byte deflates far past 250:1: refused by default, read when
  // the user raises the ratio cap, refused again under a smaller entry cap.
  Buf padded = small_module(1);
  test::append(padded, test::custom_section("pad", Buf(2 << 20, 'z')));
  const std::string w = wheel({{"demo/a.so", padded}});
  const auto refused = run_wasmsize("report " + quote(w));
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.out.find("(--max-compression-ratio), a zip bomb"), std::string::npos)
      << refused.out;
  EXPECT_EQ(run_wasmsize("report --max-compression-ratio 100000 " + quote(w)).status, 0);
  const auto capped =
      run_wasmsize("report --max-compression-ratio 100000 --max-entry-size 1MiB " + quote(w));
  EXPECT_EQ(capped.status, 1);
  EXPECT_NE(capped.out.find("over the 1048576-byte entry limit (--max-entry-size)"),
            std::string::npos)
      << capped.out;
  EXPECT_EQ(run_wasmsize("report --max-compression-ratio 0 " + quote(w)).status, 2);
  EXPECT_EQ(run_wasmsize("report --max-entry-size big " + quote(w)).status, 2);
}

TEST_F(Cli, InspectAMemberOfAWheel) {
  const std::string w = wheel({{"demo/a.cpython-312-wasm32-emscripten.so", small_module(1)},
                               {"demo/b.cpython-312-wasm32-emscripten.so", small_module(2)}});
  const auto r = run_wasmsize("inspect " + quote(w + "!demo/b.cpython-312-wasm32-emscripten.so"));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Sections (4)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("PyInit_m"), std::string::npos);
  const auto by_name = run_wasmsize("inspect --format json " + quote(w + "!demo.a"));
  EXPECT_EQ(by_name.status, 0);
  EXPECT_EQ(json::parse(by_name.out)["artifacts"][0]["modules"][0]["name"], "demo.a");
  const auto ambiguous = run_wasmsize("inspect " + quote(w));
  EXPECT_EQ(ambiguous.status, 2);
  EXPECT_NE(ambiguous.err.find("holds 2 modules"), std::string::npos) << ambiguous.err;
}

// Three functions of 3, 9 and 5 bytes, one named with a mangled C++ name.
TEST_F(Cli, InspectListsTheTopFunctionsSortedAndDemangled) {
  using namespace test;
  auto code = [](size_t consts) {
    Buf c;
    for (size_t i = 0; i < consts; ++i)
      append(c, bytes({0x41, 0x01, 0x1A}));
    c.push_back(0x0B);
    return body({}, c);
  };
  const Buf map = vec({cat({uleb(1), name("_ZN3foo3barEi")}), cat({uleb(2), name("small")})});
  const Buf m = module(
      {section(1, vec({functype({}, {})})), section(3, vec({uleb(0), uleb(0), uleb(0)})),
       section(10, vec({code(0), code(2), code(1)})), custom_section("name", subsection(1, map))});
  const auto path = tmp.path() / "m.wasm";
  write_file(path, m);
  const auto r = run_wasmsize("inspect --top 2 --sort size " + quote(path.string()));
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string fns = r.out.substr(r.out.find("Function bodies"));
  EXPECT_EQ(fns.find("Function bodies (3, "), 0u) << fns;
  const size_t first = fns.find("foo::bar(int)"), second = fns.find("small");
  ASSERT_NE(first, std::string::npos) << fns;
  ASSERT_NE(second, std::string::npos) << fns;
  EXPECT_LT(first, second) << "largest first";
  EXPECT_NE(fns.find("... and 1 more"), std::string::npos) << fns;
  EXPECT_EQ(fns.substr(fns.find("index")).find(','), std::string::npos)
      << "sizes are plain integers: " << fns;
  const auto all = run_wasmsize("inspect --sort name " + quote(path.string()));
  EXPECT_EQ(all.out.find("... and"), std::string::npos);
  EXPECT_EQ(run_wasmsize("inspect --sort colour " + quote(path.string())).status, 2);
}

// Two wheels: one table each, then one ranking across both, largest first.
TEST_F(Cli, ReportRanksModulesAcrossArtifacts) {
  const auto a = tmp.path() / "a-1.0-py3-none-any.whl", b = tmp.path() / "b-1.0-py3-none-any.whl";
  test::write_zip(
      a, {{"a/small.so", test::padded_module(100)}, {"a/large.so", test::padded_module(9000)}});
  test::write_zip(b, {{"b/middle.so", test::padded_module(5000)}});
  const auto r = run_wasmsize("report " + quote(a.string()) + " " + quote(b.string()));
  ASSERT_EQ(r.status, 0) << r.err;
  const size_t ranking = r.out.find("Largest 3 of 3 modules across 2 artifacts, by size:");
  ASSERT_NE(ranking, std::string::npos) << r.out;
  const std::string tail = r.out.substr(ranking);
  const size_t large = tail.find("a.large"), middle = tail.find("b.middle"),
               small = tail.find("a.small");
  ASSERT_NE(small, std::string::npos) << tail;
  EXPECT_LT(large, middle);
  EXPECT_LT(middle, small);
  const auto top = run_wasmsize("report --top 1 " + quote(a.string()) + " " + quote(b.string()));
  EXPECT_NE(top.out.find("Largest 1 of 3 modules"), std::string::npos) << top.out;
  // One artifact: its table is the ranking.
  EXPECT_EQ(run_wasmsize("report " + quote(a.string())).out.find("Largest"), std::string::npos);
}

// Text fits 100 columns when not on a terminal (a CI log), the terminal's
// width on one, and every column with --width 0; prose (the hint about
// names) wraps to the same width.
TEST_F(Cli, ReportTextFitsItsWidth) {
  WASMSIZE_REQUIRE_SHARED();
  const std::string numpy = quote(
      (test::shared_dir() / "corpus/more/numpy-1.26.4-cp312-cp312-emscripten_3_1_52_wasm32.whl")
          .string());
  auto widest = [](const std::string& out) {
    size_t w = 0, at = 0;
    for (size_t nl; (nl = out.find('\n', at)) != std::string::npos; at = nl + 1) {
      const std::string line = out.substr(at, nl - at);
      w = std::max(w, report::display_width(line));
    }
    return w;
  };
  const auto piped = run_wasmsize("report " + numpy);
  ASSERT_EQ(piped.status, 0) << piped.err;
  EXPECT_LE(widest(piped.out), 100u) << piped.out;
  EXPECT_NE(piped.out.find("numpy.core._multiarray_umath"), std::string::npos);
  const auto narrow = run_wasmsize("report --width 72 " + numpy);
  EXPECT_LE(widest(narrow.out), 72u) << narrow.out;
  const auto all = run_wasmsize("report --width 0 " + numpy);
  EXPECT_NE(all.out.find("dylink mem"), std::string::npos);
  EXPECT_GT(widest(all.out), 100u);
}

TEST_F(Cli, OutputFileTopAndSort) {
  const std::string w =
      wheel({{"demo/a.so", small_module(1)},
             {"demo/zz.so", test::cat({small_module(2), test::custom_section("x", Buf(50, 1))})}});
  const auto out = tmp.path() / "r.json";
  const auto r = run_wasmsize("report --format json --top 1 --sort size -o " + quote(out.string()) +
                              " " + quote(w));
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(r.out.empty());
  const json j = json::parse(test::slurp(out));
  ASSERT_EQ(j["artifacts"][0]["modules"].size(), 1u);
  EXPECT_EQ(j["artifacts"][0]["modules"][0]["name"], "demo.zz");
  const auto by_name = run_wasmsize("report --sort name --top 1 " + quote(w));
  EXPECT_NE(by_name.out.find("demo.a "), std::string::npos);
  EXPECT_NE(by_name.out.find("... 1 more modules"), std::string::npos) << by_name.out;
}

TEST(CliCorpus, NumpyReportsNineteenModulesWhosePartsAddUp) {
  WASMSIZE_REQUIRE_SHARED();
  const auto wheel =
      test::shared_dir() / "corpus/pyodide-0.27/numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl";
  const auto r = run_wasmsize("report --format json " + quote(wheel.string()));
  ASSERT_EQ(r.status, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["schema"], 1);
  const json& a = j["artifacts"][0];
  ASSERT_EQ(a["modules"].size(), 19u);
  uint64_t stored = 0;
  for (const auto& m : a["modules"]) {
    EXPECT_EQ(m["code_size"].get<uint64_t>() + m["data_size"].get<uint64_t>() +
                  m["custom_size"].get<uint64_t>() + m["other_size"].get<uint64_t>(),
              m["size"].get<uint64_t>())
        << m["name"];
    uint64_t sections = 8;  // magic and version
    for (const auto& s : m["sections"])
      sections += s["size"].get<uint64_t>();
    EXPECT_LT(sections, m["size"].get<uint64_t>());
    stored += m["compressed_size"].get<uint64_t>();
  }
  EXPECT_EQ(a["modules"][0]["name"], "numpy._core._multiarray_umath");
  // Every byte of the wheel: modules as stored, other files as stored, zip overhead.
  EXPECT_EQ(
      stored + a["other_files_stored_size"].get<uint64_t>() + a["overhead_size"].get<uint64_t>(),
      a["size"].get<uint64_t>());
}

TEST(CliCorpus, EveryCorpusModuleParsesAndDecodesWithoutAFinding) {
  // report fingerprints every body, so an unknown opcode, a body that ends
  // off its boundary or a custom section that does not decode would each be
  // a finding here: zero findings means zero unknown opcodes.
  WASMSIZE_REQUIRE_SHARED();
  const auto corpus = test::shared_dir() / "corpus";
  const auto r = run_wasmsize("report --format json " + quote(corpus.string()));
  EXPECT_EQ(r.status, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_TRUE(j["findings"].empty()) << j["findings"].dump(1);
  size_t modules = 0, functions = 0;
  for (const auto& a : j["artifacts"]) {
    for (const auto& m : a["modules"]) {
      ++modules;
      functions += m["function_count"].get<size_t>();
    }
  }
  EXPECT_GE(modules, 219u);
  EXPECT_GT(functions, 90000u);
}

}  // namespace
}  // namespace wasmsize
