// Output formats end to end: several reports from one run (--format
// NAME=FILE, repeated), the choices each command takes, write errors, and
// the dups header for each --mode.
#include "support/e2e.h"

namespace wasmsize {
namespace {

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

class Formats : public test::WheelAndBudget {
 protected:
  void SetUp() override {
    WheelAndBudget::SetUp();
    budget("version: 1\nmodule:\n  max-size: 1 kB\n");
  }
  std::string file(const char* name) { return (tmp.path() / name).string(); }
  const std::string& wheel = wheel_;
};

TEST_F(Formats, CheckWritesFourReportsFromOneAnalysis) {
  const auto r = run_wasmsize("check -v --budget " + quote(budget_) +
                              " --format github --format sarif=" + quote(file("w.sarif")) +
                              " --format markdown=" + quote(file("out/summary.md")) +
                              " --format json=" + quote(file("w.json")) + " " + quote(wheel));
  EXPECT_EQ(r.status, 1) << r.err;
  // One measurement, four reports.
  EXPECT_EQ(count(r.err, "measured 1 input file(s)"), 1u) << r.err;
  EXPECT_NE(r.out.find("::error file="), std::string::npos) << r.out;
  const json sarif = json::parse(test::slurp(file("w.sarif")));
  EXPECT_EQ(sarif["runs"][0]["results"].size(), 1u);
  EXPECT_NE(test::slurp(file("out/summary.md")).find("module.max-size"), std::string::npos);
  const json j = json::parse(test::slurp(file("w.json")));
  EXPECT_EQ(j["findings"][0]["rule"], "module.max-size");
}

TEST_F(Formats, ReportWritesTextAndJsonAndHtmlAtOnce) {
  const auto r = run_wasmsize("report --format json=" + quote(file("r.json")) +
                              " --format html=" + quote(file("r.html")) + " " + quote(wheel));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("demo.big"), std::string::npos) << "text still goes to stdout";
  EXPECT_EQ(test::slurp(file("r.json")), run_wasmsize("report --format json " + quote(wheel)).out);
  EXPECT_NE(test::slurp(file("r.html")).find("<html"), std::string::npos);
}

TEST_F(Formats, UsageErrors) {
  auto err = [&](const std::string& args) {
    const auto r = run_wasmsize(args + " " + quote(wheel));
    EXPECT_EQ(r.status, 2) << args;
    return r.err;
  };
  EXPECT_NE(err("report --format sarif").find("this command writes text, json, markdown, html"),
            std::string::npos);
  EXPECT_NE(err("report --format json --format html").find("at most one format without a file"),
            std::string::npos);
  EXPECT_NE(err("report --format json=").find("a file name must follow"), std::string::npos);
}

TEST_F(Formats, WriteErrorsAreExitTwo) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  const auto to_file = run_wasmsize("report -o /dev/full " + quote(wheel));
  EXPECT_EQ(to_file.status, 2);
  EXPECT_NE(to_file.err.find("cannot write to /dev/full"), std::string::npos) << to_file.err;
  const std::string cmd =
      quote(WASMSIZE_BINARY) + " report --format json " + quote(wheel) + " >/dev/full 2>/dev/null";
  const int rc = std::system(cmd.c_str());
  EXPECT_EQ(WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, 2) << "stdout on a full disk";
  const auto named = run_wasmsize("report --format json=/dev/full " + quote(wheel));
  EXPECT_EQ(named.status, 2);
}

// The header's code bytes (2 x 8 B helpers, 42 B and 52 B of padding) are the functions considered,
// whatever level is shown; --mode once read the exact level, which that mode does not compute.
TEST_F(Formats, DupsHeaderIsTheSameForEveryMode) {
  using namespace test;
  Buf helper = body({}, Buf{0x41, 0x01, 0x41, 0x02, 0x6A, 0x1A, 0x0B});
  auto mod = [&](size_t extra) {
    Buf pad(extra, 0x01);
    pad.push_back(0x0B);
    return module({section(1, vec({functype({}, {})})), section(3, vec({uleb(0), uleb(0)})),
                   section(10, vec({helper, body({}, pad)}))});
  };
  write_zip(wheel_, {{"demo/a.cpython-312-wasm32-emscripten.so", mod(40)},
                     {"demo/b.cpython-312-wasm32-emscripten.so", mod(50)}});
  const auto all = run_wasmsize("dups --min-size 0 " + quote(wheel));
  ASSERT_EQ(all.status, 0) << all.err;
  const std::string header = all.out.substr(0, all.out.find('\n'));
  EXPECT_NE(header.find("(110 B of code"), std::string::npos) << header;
  for (const char* mode : {"exact", "mergeable", "shape"}) {
    const auto one =
        run_wasmsize(std::string("dups --min-size 0 --mode ") + mode + " " + quote(wheel));
    ASSERT_EQ(one.status, 0) << one.err;
    EXPECT_EQ(one.out.substr(0, one.out.find('\n')), header) << mode;
    const json j = json::parse(run_wasmsize(std::string("dups --format json --min-size 0 --mode ") +
                                            mode + " " + quote(wheel))
                                   .out);
    EXPECT_EQ(j["levels"].size(), 1u);
    EXPECT_EQ(j["levels"][mode]["code_bytes"], 110);
  }
}

}  // namespace
}  // namespace wasmsize
