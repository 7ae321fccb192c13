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
