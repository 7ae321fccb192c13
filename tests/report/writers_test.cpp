// Every writer of every format table, on hand-built measurements, against
// golden files in tests/report/golden/ (<result>.<format>). A change to any
// report shows up as a diff of these files. To accept an intended change:
//   WASMSIZE_UPDATE_GOLDEN=1 build/tests/report_tests
// then read `git diff tests/report/golden` before committing it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>

#include "html_assets.h"
#include "report/fixtures.h"
#include "report/formats.h"
#include "support/paths.h"
#include "version.h"

namespace wasmsize::report {
namespace {

const std::filesystem::path kGolden =
    std::filesystem::path(WASMSIZE_SOURCE_DIR) / "tests" / "report" / "golden";

void replace_all(std::string& s, std::string_view what, std::string_view with) {
  if (what.empty()) return;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + with.size()))
    s.replace(at, what.size(), with);
}

// What may change without the report changing: the version, and the html
// page's fixed skeleton, script, style and library (tested in Chromium
// instead): of a page, the lines that carry this report's data are kept.
std::string stable(std::string out) {
  replace_all(out, std::string("\"") + kVersion + "\"", "\"VERSION\"");
  if (!out.starts_with("<!doctype html>")) return out;
  replace_all(out, html::kD3Hierarchy, "");
  replace_all(out, html::kScript, "");
  replace_all(out, html::kStyle, "");
  std::istringstream in(out);
  std::string kept;
  for (std::string line; std::getline(in, line);) {
    for (const char* mark : {"<title>", "<h1>", "<h2>", "const DATA"}) {
      if (line.find(mark) != std::string::npos) {
        kept += line + "\n";
        break;
      }
    }
  }
  return kept;
}

void expect_golden(const std::string& name, const std::string& out) {
  const auto path = kGolden / name;
  if (std::getenv("WASMSIZE_UPDATE_GOLDEN")) {
    test::write_file(path, std::vector<uint8_t>(out.begin(), out.end()));
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(path))
      << path << " is missing; run with WASMSIZE_UPDATE_GOLDEN=1 to write it";
  const auto want = test::read_file(path);
  EXPECT_EQ(out, std::string(want.begin(), want.end())) << "differs from " << path;
}

template <typename Result>
void expect_every_format(const std::string& kind, std::span<const Format<Result>> table,
                         const Result& result) {
  EXPECT_FALSE(table.empty());
  for (const auto& f : table) {
    for (const bool quiet : {false, true}) {
      if (quiet && f.name != "text") continue;
      std::ostringstream out;
      f.write(result, Style{.color = false, .quiet = quiet}, out);
      expect_golden(kind + (quiet ? ".quiet." : ".") + std::string(f.name), stable(out.str()));
    }
  }
}

TEST(Writers, Report) {
  const model::Run run = test::sample_run();
  const model::DuplicateLevel clusters = test::sample_level(2);
  expect_every_format<ReportResult>("report", report_formats(), {run, &clusters, {}});
}

TEST(Writers, Check) {
  const model::Run run = test::sample_run();
  const model::DuplicateLevel clusters = test::sample_level(2);
  const model::Evaluation e = test::sample_evaluation(run, &clusters);
  expect_every_format<CheckResult>("check", check_formats(), {e, run});
}

TEST(Writers, Dups) {
  const model::Run run = test::sample_run();
  const model::DuplicateReport d = test::sample_duplicates();
  expect_every_format<DupsResult>("dups", dups_formats(), {d, run, {}});
  // One level shown: the header is the same, the other levels absent.
  expect_every_format<DupsResult>("dups-mergeable", dups_formats(), {d, run, {"mergeable", 10}});
}

TEST(Writers, Diff) {
  const model::DiffReport d = test::sample_diff();
  const model::Run run = test::sample_run();
  expect_every_format<DiffResult>("diff", diff_formats(), {d, run.findings});
}

TEST(Writers, Inspect) {
  const model::Run run = test::sample_run();
  expect_every_format<InspectResult>("inspect", inspect_formats(),
                                     {run.artifacts[0], run.artifacts[0].modules[0]});
}

}  // namespace
}  // namespace wasmsize::report
