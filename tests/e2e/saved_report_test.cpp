// A saved `report --format json` stands for the build it was made from: it
// round-trips byte for byte, `diff` against it equals `diff` against the
// wheel, and what it lacks is said, never read as zeros.
#include <algorithm>

#include "support/e2e.h"
#include "support/paths.h"

namespace wasmsize {
namespace {

// A module with two named functions (exported) and a custom section, so a
// diff has sections and functions to compare.
Buf named_module(size_t nops_a, size_t nops_b, size_t padding) {
  using namespace test;
  auto code = [](size_t nops) {
    Buf c(nops, 0x01);
    c.push_back(0x0B);
    return body({}, c);
  };
  return module({section(1, vec({functype({}, {})})), section(3, vec({uleb(0), uleb(0)})),
                 section(7, vec({cat({name("alpha"), bytes({0}), uleb(0)}),
                                 cat({name("beta"), bytes({0}), uleb(1)})})),
                 section(10, vec({code(nops_a), code(nops_b)})),
                 custom_section("pad", Buf(padding, 0))});
}

class SavedReport : public ::testing::Test {
 protected:
  test::TempDir tmp;
  std::string base = (tmp.path() / "demo-1.0-cp312-cp312-pyodide_2024_0_wasm32.whl").string();
  std::string head = (tmp.path() / "demo-1.1-cp312-cp312-pyodide_2024_0_wasm32.whl").string();
  std::string saved = (tmp.path() / "base.json").string();
  const std::string tag = ".cpython-312-wasm32-emscripten.so";

  void SetUp() override {
    test::write_zip(base, {{"demo/a" + tag, named_module(10, 20, 100)},
                           {"demo/b" + tag, named_module(5, 5, 50)},
                           {"demo/gone" + tag, named_module(1, 1, 10)}});
    test::write_zip(head, {{"demo/a" + tag, named_module(40, 10, 100)},
                           {"demo/b" + tag, named_module(5, 5, 80)},
                           {"demo/new" + tag, named_module(2, 2, 20)}});
  }
  void save(const std::string& extra = "") {
    const auto r =
        run_wasmsize("report --format json " + extra + " -o " + quote(saved) + " " + quote(base));
    ASSERT_EQ(r.status, 0) << r.err;
  }
};

TEST_F(SavedReport, RoundTripsByteForByte) {
  save();
  const auto again = run_wasmsize("report --format json " + quote(saved));
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(again.out, test::slurp(saved));
}

TEST_F(SavedReport, DiffAgainstItEqualsDiffAgainstTheWheel) {
  save();
  const auto from_wheel = run_wasmsize("diff --format json " + quote(base) + " " + quote(head));
  const auto from_saved = run_wasmsize("diff --format json " + quote(saved) + " " + quote(head));
  ASSERT_EQ(from_wheel.status, 0) << from_wheel.err;
  ASSERT_EQ(from_saved.status, 0) << from_saved.err;
  EXPECT_EQ(from_saved.out, from_wheel.out);
  // And what it says is the change, not every section and function as new.
  const json j = json::parse(from_saved.out);
  std::map<std::string, json> m;
  for (const auto& mod : j["artifacts"][0]["modules"])
    m[mod["name"]] = mod;
  EXPECT_EQ(m["demo.a"]["functions"].size(), 2u) << m["demo.a"].dump();
  EXPECT_EQ(m["demo.a"]["functions"][0]["name"], "alpha");
  EXPECT_EQ(m["demo.a"]["functions"][0]["delta"], 30);
  ASSERT_EQ(m["demo.b"]["sections"].size(), 1u) << m["demo.b"].dump();
  EXPECT_EQ(m["demo.b"]["sections"][0]["name"], "custom \"pad\"");
  EXPECT_FALSE(j.contains("notes"));
  // The same in text.
  EXPECT_EQ(run_wasmsize("diff " + quote(saved) + " " + quote(head)).out,
            run_wasmsize("diff " + quote(base) + " " + quote(head)).out);
}

TEST_F(SavedReport, ATopListedReportSaysWhatItCannotCompare) {
  save("--top 1");  // lists demo.a only
  const auto r = run_wasmsize("diff --format json " + quote(saved) + " " + quote(head));
  ASSERT_EQ(r.status, 0) << r.err;
  const json j = json::parse(r.out);
  std::map<std::string, json> m;
  for (const auto& mod : j["artifacts"][0]["modules"])
    m[mod["name"]] = mod;
  // b is in the wheel it was made from, but not listed: neither added nor 0 B.
  EXPECT_EQ(m["demo.b"]["status"], "not in the saved report");
  EXPECT_EQ(m["demo.new"]["status"], "not in the saved report");
  // Only demo.a is compared: alpha +30 B, beta -10 B.
  EXPECT_EQ(j["headline"].get<std::string>().substr(0, 18), "module bytes +20 B") << j.dump(1);
  EXPECT_NE(j["headline"].get<std::string>().find("across 1 module"), std::string::npos);
  ASSERT_EQ(j["notes"].size(), 1u);
  EXPECT_NE(j["notes"][0].get<std::string>().find("lists 1 of its 3 modules"), std::string::npos);
  const auto text = run_wasmsize("diff " + quote(saved) + " " + quote(head));
  EXPECT_NE(text.out.find("Not compared"), std::string::npos) << text.out;
}

TEST_F(SavedReport, MissingPartsAreNamedNotZero) {
  save();
  json j = json::parse(test::slurp(saved));
  j["artifacts"][0]["modules"][0].erase("sections");
  j["artifacts"][0]["modules"][0].erase("code_size");
  const std::string text = j.dump();
  test::write_file(saved, Buf(text.begin(), text.end()));
  const auto r = run_wasmsize("diff --format json " + quote(saved) + " " + quote(head));
  ASSERT_EQ(r.status, 0) << r.err;
  const json notes = json::parse(r.out)["notes"];
  ASSERT_EQ(notes.size(), 2u) << r.out;
  EXPECT_NE(notes.dump().find("no code_size"), std::string::npos);
  EXPECT_NE(notes.dump().find("no sections"), std::string::npos);
}

TEST_F(SavedReport, ImplausibleSizesAreRefused) {
  save();
  for (const char* bad : {"-1", "1.5", "\"12\"", "null", "9223372036854775808"}) {
    std::string text = test::slurp(saved);
    const std::string key = "\"size\": ";
    const size_t at = text.find(key) + key.size();
    text.replace(at, text.find(',', at) - at, bad);
    test::write_file(saved, Buf(text.begin(), text.end()));
    const auto r = run_wasmsize("diff " + quote(saved) + " " + quote(head));
    EXPECT_EQ(r.status, 2) << bad << ": " << r.out;
    EXPECT_NE(r.err.find("base.json"), std::string::npos) << r.err;
    save();
  }
}

// Where two long texts first differ, with some context: gtest's own diff of
// two 20 MB reports would take minutes.
std::string first_difference(const std::string& a, const std::string& b) {
  const auto [ia, ib] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
  if (ia == a.end() && ib == b.end()) return "";
  const size_t at = static_cast<size_t>(ia - a.begin());
  const size_t from = at < 200 ? 0 : at - 200;
  return "at byte " + std::to_string(at) + ":\n" + a.substr(from, 400) + "\n---\n" +
         b.substr(from, 400);
}

// Every corpus wheel's report survives the trip through JSON.
TEST(SavedReportCorpus, EveryWheelRoundTrips) {
  if (!test::have_shared()) GTEST_SKIP() << "../shared not present";
  test::TempDir tmp;
  const auto saved = (tmp.path() / "all.json").string();
  std::string inputs;
  for (const auto& w : test::corpus_wheels())
    inputs += " " + quote(w.string());
  ASSERT_NE(run_wasmsize("report --format json -o " + quote(saved) + inputs).status, 2);
  const auto again = run_wasmsize("report --format json " + quote(saved));
  EXPECT_NE(again.status, 2) << again.err;
  EXPECT_EQ(first_difference(again.out, test::slurp(saved)), "");
}

}  // namespace
}  // namespace wasmsize
