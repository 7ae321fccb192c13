// Hostile command lines and inputs through the real binary: each case once
// crashed, hung or printed a wrong number, and must now be a clear finding or
// error with the other inputs still measured.
#include "support/e2e.h"

namespace wasmsize {
namespace {

using Hostile = test::WheelAndBudget;

TEST_F(Hostile, AbsurdJobCountsRunWithTheThreadsThereAre) {
  for (const char* jobs : {"1000000", "4294967295"}) {
    const auto r = run_wasmsize(std::string("report --jobs ") + jobs + " " + quote(wheel_));
    EXPECT_EQ(r.status, 0) << jobs << ": " << r.err;
    EXPECT_NE(r.out.find("demo.big"), std::string::npos);
  }
}

}  // namespace
}  // namespace wasmsize

namespace wasmsize {
namespace {

// Two modules of one name in one wheel: a 9 kB growth of one of them is a
// change, not "no module changed".
TEST(HostileKeys, ModulesOfOneNameAreNotMergedInADiff) {
  test::TempDir tmp;
  const auto base = tmp.path() / "demo-1.0-py3-none-any.whl";
  const auto head = tmp.path() / "demo-1.1-py3-none-any.whl";
  const std::string tagged = "pkg/mod.cpython-312-wasm32-emscripten.so";
  test::write_zip(base,
                  {{"pkg/mod.so", test::padded_module(100)}, {tagged, test::padded_module(100)}});
  test::write_zip(head,
                  {{"pkg/mod.so", test::padded_module(9100)}, {tagged, test::padded_module(100)}});
  const auto r =
      run_wasmsize("diff --format json " + quote(base.string()) + " " + quote(head.string()));
  ASSERT_EQ(r.status, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["headline"].get<std::string>().substr(0, 21), "module bytes +9.00 kB") << j.dump(1);
  EXPECT_EQ(j["artifacts"][0]["modules"].size(), 2u);
}

// The same file name in two folders of one input: two artifacts, matched
// by their folder, never one.
TEST(HostileKeys, LooseModulesOfOneFileNameInTwoFolders) {
  test::TempDir tmp;
  for (const char* side : {"base", "head"}) {
    for (const char* dir : {"a", "b"}) {
      std::filesystem::create_directories(tmp.path() / side / dir);
      const bool grows = std::string(side) == "head" && std::string(dir) == "b";
      test::write_file(tmp.path() / side / dir / "m.wasm", test::padded_module(grows ? 9100 : 100));
    }
  }
  const auto r = run_wasmsize("diff --format json " + quote((tmp.path() / "base").string()) + " " +
                              quote((tmp.path() / "head").string()));
  ASSERT_EQ(r.status, 0) << r.err;
  const json j = json::parse(r.out);
  ASSERT_EQ(j["artifacts"].size(), 2u) << j.dump(1);
  EXPECT_EQ(j["headline"].get<std::string>().substr(0, 21), "module bytes +9.00 kB") << j.dump(1);
}

// check --base: growth of one of two same-named modules fails growth.max-bytes.
TEST(HostileKeys, GrowthRulesSeeEachOfTwoSameNamedModules) {
  test::TempDir tmp;
  const auto base = tmp.path() / "demo-1.0-py3-none-any.whl";
  const auto head = tmp.path() / "demo-1.1-py3-none-any.whl";
  const std::string tagged = "pkg/mod.cpython-312-wasm32-emscripten.so";
  // Keyed by name alone, both head modules would be compared with the
  // last base one (9.1 kB) and neither would have grown.
  test::write_zip(base,
                  {{"pkg/mod.so", test::padded_module(100)}, {tagged, test::padded_module(9100)}});
  test::write_zip(head,
                  {{"pkg/mod.so", test::padded_module(9100)}, {tagged, test::padded_module(9100)}});
  const auto budget = tmp.path() / "wasmsize.yaml";
  const std::string yaml = "version: 1\ngrowth: {max-bytes: 1 kB}\n";
  test::write_file(budget, Buf(yaml.begin(), yaml.end()));
  const auto r = run_wasmsize("check --budget " + quote(budget.string()) + " --base " +
                              quote(base.string()) + " " + quote(head.string()));
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("module grew"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace wasmsize

namespace wasmsize {
namespace {

TEST(HostileOptions, NegativeCountsAreUsageErrors) {
  test::TempDir tmp;
  const auto m = tmp.path() / "m.wasm";
  test::write_file(m, test::padded_module(100));
  for (const char* cmd : {"report --top -1", "dups --top -1", "report --top x"}) {
    const auto r = run_wasmsize(std::string(cmd) + " " + quote(m.string()));
    EXPECT_EQ(r.status, 2) << cmd;
    EXPECT_NE(r.err.find("expected a count of 0 or more"), std::string::npos) << r.err;
  }
}

TEST(HostileOptions, HeadroomThatWouldOverflowIsAUsageError) {
  test::TempDir tmp;
  const auto m = tmp.path() / "m.wasm";
  test::write_file(m, test::padded_module(100));
  for (const char* h : {"1e30", "-5%", "nan"}) {
    const auto r = run_wasmsize(std::string("init -o - --headroom ") + h + " " + quote(m.string()));
    EXPECT_EQ(r.status, 2) << h << ": " << r.out;
  }
}

}  // namespace
}  // namespace wasmsize

namespace wasmsize {
namespace {

// Thousands of copies of one function: the json lists a thousand and counts
// the rest (a million copies made a 5 GB document).
TEST(HostileSizes, ClustersListAThousandCopiesAndCountTheRest) {
  using namespace test;
  constexpr uint32_t kCopies = 5000;
  Buf funcs = uleb(kCopies), code = uleb(kCopies);
  for (uint32_t i = 0; i < kCopies; ++i) {
    append(funcs, uleb(0));
    append(code, body({}, bytes({0x41, 0x01, 0x1A, 0x0B})));
  }
  TempDir tmp;
  const auto m = tmp.path() / "many.wasm";
  write_file(m,
             module({section(1, vec({functype({}, {})})), section(3, funcs), section(10, code)}));
  const auto r =
      run_wasmsize("dups --format json --top 0 --min-size 0 --mode exact " + quote(m.string()));
  ASSERT_EQ(r.status, 0) << r.err;
  const json c = json::parse(r.out)["levels"]["exact"]["clusters"][0];
  EXPECT_EQ(c["copies"].size(), 1000u);
  EXPECT_EQ(c["copies_omitted"], kCopies - 1000);
  EXPECT_EQ(c["wasted_bytes"], (kCopies - 1) * 5);
}

}  // namespace
}  // namespace wasmsize

namespace wasmsize {
namespace {

// n functions `i32.const 0; drop`: about 300 bytes each while measured,
// whatever their size.
test::Buf many_functions(uint32_t n) {
  using namespace test;
  Buf types = uleb(n), bodies = uleb(n);
  for (uint32_t i = 0; i < n; ++i) {
    types.push_back(0);
    append(bodies, body({}, bytes({0x41, 0x00, 0x1A, 0x0B})));
  }
  return module({section(1, vec({functype({}, {})})), section(3, types), section(10, bodies)});
}

// Past --max-functions a module is measured by its sections, with a finding
// naming the option; the other inputs are measured whole.
TEST(HostileSizes, AModuleOverTheFunctionLimitIsMeasuredBySections) {
  test::TempDir tmp;
  const auto big = tmp.path() / "big.wasm", small = tmp.path() / "small.wasm";
  test::write_file(big, many_functions(3000));
  test::write_file(small, many_functions(10));
  const auto r = run_wasmsize("report --format json --max-functions 1000 " + quote(big.string()) +
                              " " + quote(small.string()));
  EXPECT_EQ(r.status, 1) << r.err;
  const json j = json::parse(r.out);
  const json& modules_big = j["artifacts"][0]["modules"];
  ASSERT_EQ(modules_big.size(), 1u) << j.dump(1);
  EXPECT_EQ(modules_big[0]["size"].get<uint64_t>(), std::filesystem::file_size(big));
  EXPECT_EQ(modules_big[0]["function_count"].get<uint64_t>(), 3000u);
  EXPECT_TRUE(modules_big[0]["functions"].empty());
  EXPECT_EQ(j["artifacts"][1]["modules"][0]["functions"].size(), 10u);
  bool named = false;
  for (const auto& f : j["findings"]) {
    named |= f["rule"] == "input.resource-limit" &&
             f["message"].get<std::string>().find("--max-functions") != std::string::npos;
  }
  EXPECT_TRUE(named) << j["findings"].dump(1);
  // Under the limit: no finding.
  EXPECT_EQ(run_wasmsize("report " + quote(big.string())).status, 0);
}

}  // namespace
}  // namespace wasmsize
