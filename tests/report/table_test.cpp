// Text tables fit the terminal: columns go by rank, then the widest text
// column is elided in the middle; nothing is cut where it fits.
#include "report/table.h"

#include "report/report.h"

#include <gtest/gtest.h>

#include <sstream>

namespace wasmsize::report {
namespace {

std::vector<std::string> lines_of(const Table& t) {
  std::ostringstream out;
  t.print(out, "  ", false);
  std::vector<std::string> lines;
  std::istringstream in(out.str());
  for (std::string l; std::getline(in, l);)
    lines.push_back(l);
  return lines;
}

Table sample(size_t width) {
  Table t;
  t.fit(width);
  t.column("module", Table::kLeft);
  t.column("size", Table::kRight);
  t.column("relocs", Table::kRight, 2);
  t.column("imports", Table::kRight, 1);
  t.row({"numpy.random._bounded_integers", "206 kB", "75 B", "117"});
  t.row({"numpy.fft._pocketfft_internal", "45.4 kB", "58 B", "25"});
  return t;
}

TEST(Table, DropsColumnsByRankThenElidesTheNames) {
  const auto wide = lines_of(sample(0));
  EXPECT_NE(wide[0].find("relocs"), std::string::npos);
  EXPECT_NE(wide[1].find("numpy.random._bounded_integers"), std::string::npos);
  // Without relocs (rank 2, first to go), the rest fits.
  const size_t full = wide[1].size();
  const auto less = lines_of(sample(full - 6));
  EXPECT_EQ(less[0].find("relocs"), std::string::npos) << less[0];
  EXPECT_NE(less[0].find("imports"), std::string::npos) << less[0];
  // Narrower still: both ranked columns go, then the names are elided.
  const auto narrow = lines_of(sample(30));
  for (const auto& l : narrow)
    EXPECT_LE(display_width(l), 30u) << l;
  EXPECT_EQ(narrow[0].find("imports"), std::string::npos);
  EXPECT_NE(narrow[1].find("numpy.r"), std::string::npos) << narrow[1];
  EXPECT_NE(narrow[1].find("\u2026"), std::string::npos) << narrow[1];
  EXPECT_NE(narrow[1].find("206 kB"), std::string::npos) << narrow[1];
}

TEST(Table, ElideMiddleKeepsBothEnds) {
  EXPECT_EQ(elide_middle("numpy.random._bounded_integers", 11), "numpy\u2026egers");
  EXPECT_EQ(display_width(elide_middle("numpy.random._bounded_integers", 11)), 11u);
  EXPECT_EQ(elide_middle("short", 11), "short");
  EXPECT_EQ(elide_middle("caf\u00e9caf\u00e9caf\u00e9", 5), "ca\u2026f\u00e9");
}

// diff's function lines: a 900-character C++ name is elided so the line
// fits and its sizes stay in view; without a width it is whole.
TEST(Table, DiffFunctionNamesFitTheLine) {
  model::DiffReport d;
  model::ModuleDiff m{.name = "demo.core"};
  m.size = {"", 1000, 2000};
  const std::string name = "std::__2::basic_string<" + std::string(900, 'x') + ">::append";
  m.functions.push_back({name, 100, 300});
  d.artifacts.push_back({.key = "demo", .old_path = "a.whl", .new_path = "b.whl", .modules = {m}});
  std::ostringstream narrow, wide;
  write_diff_text(d, {.width = 100}, narrow);
  write_diff_text(d, {.width = 0}, wide);
  std::istringstream lines(narrow.str());
  bool seen = false;
  for (std::string l; std::getline(lines, l);) {
    if (l.find("::append") == std::string::npos) continue;
    seen = true;
    EXPECT_LE(display_width(l), 100u) << l;
    EXPECT_NE(l.find("std::__2::basic"), std::string::npos) << l;
    EXPECT_NE(l.find("(+200 B)"), std::string::npos) << l;
  }
  EXPECT_TRUE(seen) << narrow.str();
  EXPECT_NE(wide.str().find(name), std::string::npos);
}

}  // namespace
}  // namespace wasmsize::report
