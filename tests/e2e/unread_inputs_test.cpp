// Nothing silently unread (issue 23): every file a walk finds is read or
// named, a lock in another encoding is decoded or refused by name, names a
// file system cannot hold and names pip cannot tell apart are findings, a
// wheel named twice weighs once, gzip members and trailing bytes are
// measured or named, and a budget rule with nothing to judge says so.
#include <sys/stat.h>

#include <fstream>

#include "support/e2e.h"

namespace wasmsize {
namespace {

namespace fs = std::filesystem;
using namespace test;

Buf big_module(size_t padding) {
  return module({section(1, vec({functype({}, {})})), section(3, vec({uleb(0)})),
                 section(10, vec({body({}, bytes({0x0B}))})),
                 custom_section("pad", Buf(padding, 3))});
}

void write_text(const fs::path& p, const std::string& text) {
  write_file(p, Buf(text.begin(), text.end()));
}

std::string lock_json(const std::string& packages) {
  return R"({"info":{"version":"0.27.7","abi_version":"2024_0","platform":"emscripten_3_1_58"},)"
         R"("packages":{)" +
         packages + "}}";
}

std::string package(const std::string& name, const std::string& file,
                    const std::string& depends = "") {
  return "\"" + name + "\":{\"name\":\"" + name + "\",\"version\":\"1\",\"file_name\":\"" + file +
         "\",\"depends\":[" + depends + "],\"imports\":[]}";
}

class UnreadInputs : public ::testing::Test {
 protected:
  TempDir tmp;
  fs::path dist = tmp.path() / "dist";
  void SetUp() override {
    fs::create_directories(dist);
    write_zip(dist / "a-1-py3-none-any.whl", {{"a/m.so", big_module(100)}});
  }
  RunResult report_json(const std::string& args) {
    return run_wasmsize("report --format json " + args);
  }
};

// An app's own wheels and pyodide.asm.wasm beside the lock: measured, said,
// and held to the budget (a 1 MB limit passed over 3 MB of unread modules).
TEST_F(UnreadInputs, FilesBesideALockAreMeasuredAndNamed) {
  write_text(dist / "pyodide-lock.json", lock_json(package("a", "a-1-py3-none-any.whl")));
  write_zip(dist / "app-1-py3-none-any.whl",
            {{.name = "app/big.so", .data = big_module(3'000'000), .store = true}});
  write_file(dist / "pyodide.asm.wasm", big_module(2'000'000));
  write_text(tmp.path() / "b.yaml", "version: 1\nmodule:\n  max-size: 1 MB\n");
  for (const fs::path& input : {dist, dist / "pyodide-lock.json"}) {
    const auto r = run_wasmsize("check --budget " + quote((tmp.path() / "b.yaml").string()) + " " +
                                quote(input.string()));
    EXPECT_EQ(r.status, 1) << input << r.out << r.err;
    EXPECT_NE(r.out.find("input.not-in-lock: 1 wheel and 1 module beside the lock are not in it"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("app.big: error module.max-size"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("pyodide.asm.wasm: error module.max-size"), std::string::npos) << r.out;
  }
}

TEST_F(UnreadInputs, AFifoIsRefusedAndNamedNeverOpened) {
  ASSERT_EQ(mkfifo((tmp.path() / "pipe.wasm").c_str(), 0600), 0);
  const auto given = run_wasmsize("report " + quote((tmp.path() / "pipe.wasm").string()));
  EXPECT_EQ(given.status, 2);
  EXPECT_NE(given.err.find("a FIFO (named pipe)"), std::string::npos) << given.err;
  fs::create_directories(tmp.path() / "walk");
  ASSERT_EQ(mkfifo((tmp.path() / "walk" / "p.whl").c_str(), 0600), 0);
  write_file(tmp.path() / "walk" / "m.wasm", big_module(10));
  // Beside a lock the same: the lock's folder is walked for what it does not list.
  write_text(dist / "pyodide-lock.json", lock_json(package("a", "a-1-py3-none-any.whl")));
  ASSERT_EQ(mkfifo((dist / "fifo.wasm").c_str(), 0600), 0);
  const auto beside = run_wasmsize("report " + quote(dist.string()));
  EXPECT_NE(beside.out.find("fifo.wasm: warning input.skipped-file: a FIFO (named pipe): not read"),
            std::string::npos)
      << beside.out << beside.err;
  const auto walked = run_wasmsize("report " + quote((tmp.path() / "walk").string()));
  EXPECT_EQ(walked.status, 0) << walked.err;
  EXPECT_NE(walked.out.find("p.whl: warning input.skipped-file: a FIFO (named pipe): not read"),
            std::string::npos)
      << walked.out;
}

TEST_F(UnreadInputs, AUtf16LockIsDecodedAndALatin1OneRefusedByName) {
  const std::string text = lock_json(package("a", "a-1-py3-none-any.whl"));
  std::string utf16 = "\xFF\xFE";
  for (char c : text)
    utf16 += std::string{c, '\0'};
  write_text(dist / "pyodide-lock.json", utf16);
  const auto r = report_json(quote(dist.string()));
  ASSERT_EQ(r.status, 0) << r.err;
  const json j = json::parse(r.out);
  ASSERT_EQ(j["distributions"].size(), 1u) << r.out;
  EXPECT_EQ(j["distributions"][0]["packages"][0]["closure"]["modules"], 1);
  write_text(dist / "pyodide-lock.json", lock_json(package("caf\xE9", "a-1-py3-none-any.whl")));
  const auto latin = run_wasmsize("report " + quote(dist.string()));
  EXPECT_EQ(latin.status, 1) << latin.err;
  EXPECT_NE(latin.out.find("not UTF-8: byte 0xE9 at offset"), std::string::npos) << latin.out;
  EXPECT_EQ(latin.err.find("internal error"), std::string::npos) << latin.err;
}

TEST_F(UnreadInputs, ImpossibleAndPipEqualNamesAreFindingsAndAFileWeighsOnce) {
  write_zip(dist / "b-1-py3-none-any.whl", {{"b/m.so", big_module(50)}});
  write_text(
      dist / "pyodide-lock.json",
      lock_json(package("a", "a-1-py3-none-any.whl") + "," + package("A", "b-1-py3-none-any.whl") +
                "," + package("A_", "b-1-py3-none-any.whl") + "," +
                package("a.", "b-1-py3-none-any.whl") + "," +
                package("x1", "a-1-py3-none-any.whl") + "," +
                package("x2", "a-1-py3-none-any.whl", "\"x1\"") + "," +
                package("nul", "b-1-py3-none-any.whl\\u0000../../a-1-py3-none-any.whl")));
  const auto r = report_json(quote(dist.string()));
  const json j = json::parse(r.out);
  std::string findings;
  for (const auto& f : j["findings"])
    findings += f["rule"].get<std::string>() + ": " + f["message"].get<std::string>() + "\n";
  EXPECT_NE(findings.find("input.duplicate-package: 2 packages are one name to pip ('a'): 'A', "
                          "'a'; only 'A' is read"),
            std::string::npos)
      << findings;
  EXPECT_NE(findings.find("2 packages are one name to pip ('a-'): 'A_', 'a.'"), std::string::npos)
      << findings;
  EXPECT_NE(findings.find("holds a control character"), std::string::npos) << findings;
  // a, x1 and x2 name one wheel: one artifact, and x2's closure (x2, x1)
  // downloads it once.
  size_t artifacts = 0;
  for (const auto& a : j["artifacts"])
    artifacts += a["path"].get<std::string>().ends_with("a-1-py3-none-any.whl");
  EXPECT_EQ(artifacts, 1u) << r.out;
  for (const auto& p : j["distributions"][0]["packages"]) {
    if (p["name"] != "x2") continue;
    EXPECT_EQ(p["closure"]["packages"].size(), 2u);
    EXPECT_EQ(p["closure"]["download_size"], fs::file_size(dist / "a-1-py3-none-any.whl"));
    EXPECT_EQ(p["closure"]["modules"], 1);
  }
}

TEST_F(UnreadInputs, GzipMembersAreMeasuredAndTrailingBytesNamed) {
  // Two gzip members (the module cut in two) and, apart, garbage after one.
  const Buf m = big_module(1000);
  auto gzip = [&](const Buf& bytes) {
    const fs::path raw = tmp.path() / "raw";
    write_file(raw, bytes);
    EXPECT_EQ(std::system(("gzip -n -c " + quote(raw.string()) + " > " +
                           quote((tmp.path() / "part.gz").string()))
                              .c_str()),
              0);
    return read_file(tmp.path() / "part.gz");
  };
  Buf two = gzip(Buf(m.begin(), m.begin() + 500));
  const Buf second = gzip(Buf(m.begin() + 500, m.end()));
  two.insert(two.end(), second.begin(), second.end());
  write_file(tmp.path() / "two.wasm.gz", two);
  const auto r = report_json(quote((tmp.path() / "two.wasm.gz").string()));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["artifacts"][0]["modules"][0]["size"], m.size());
  Buf trailing = gzip(m);
  for (char c : std::string("garbage"))
    trailing.push_back(static_cast<uint8_t>(c));
  write_file(tmp.path() / "trail.wasm.gz", trailing);
  const auto t = run_wasmsize("report " + quote((tmp.path() / "trail.wasm.gz").string()));
  EXPECT_NE(t.out.find("input.trailing-data: 7 bytes after the end of the gzip stream"),
            std::string::npos)
      << t.out;
}

TEST_F(UnreadInputs, RulesWithNothingToJudgeSaySo) {
  write_text(tmp.path() / "b.yaml", "version: 1\nclosure:\n  max-modules: 10\n");
  const auto wheels = run_wasmsize("check --budget " + quote((tmp.path() / "b.yaml").string()) +
                                   " " + quote((dist / "a-1-py3-none-any.whl").string()));
  EXPECT_NE(wheels.out.find("input.rules-not-judged: closure.max-modules judge the load closures"),
            std::string::npos)
      << wheels.out;
  // Growth of closures against a saved report, which holds no lock.
  write_text(dist / "pyodide-lock.json", lock_json(package("a", "a-1-py3-none-any.whl")));
  const auto saved = tmp.path() / "base.json";
  ASSERT_EQ(run_wasmsize("report --format json -o " + quote(saved.string()) + " " +
                         quote((dist / "a-1-py3-none-any.whl").string()))
                .status,
            0);
  write_text(tmp.path() / "g.yaml", "version: 1\ngrowth:\n  max-ratio: 5%\n");
  const auto growth = run_wasmsize("check --budget " + quote((tmp.path() / "g.yaml").string()) +
                                   " --base " + quote(saved.string()) + " " + quote(dist.string()));
  EXPECT_NE(growth.out.find("cannot judge the growth of load closures: --base holds no "
                            "distribution"),
            std::string::npos)
      << growth.out;
}

}  // namespace
}  // namespace wasmsize
