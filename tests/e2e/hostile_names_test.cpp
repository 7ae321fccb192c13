// Every writer of every command on hostile names. Names come from a
// generator of the classes an attacker reaches a reader with (line breaks,
// terminal escapes, OSC 52 and OSC 8, bidi overrides, GitHub workflow
// commands, markdown and HTML markup, spreadsheet formulas, invalid UTF-8)
// placed in entry names, file names, export names, name-section names,
// custom-section names and lock package names; each output is then checked
// against its format's grammar by checkers written here, apart from the
// escaping code they test (base/escape.h).
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

#include "support/e2e.h"

namespace wasmsize {
namespace {

namespace fs = std::filesystem;

// ---- the generator ----

// Valid UTF-8: can be a wasm name or a JSON string in a lock.
std::vector<std::string> hostile_valid() {
  const std::vector<std::string> attacks = {
      "\n::add-mask::hunter2\n",
      "::error file=x::owned",
      "##[error]legacy",
      "\r\x1b[2J\x1b[Hwiped",
      "\x1b]52;c;aGVsbG8=\x07clip",
      "\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\",
      "\u202Egnp.exe",
      "zero\u200Bwidth\u2028sep",
      "\xC2\x85nel\x7F",
      "# 0 errors",
      "| cell | split |",
      "`code` **bold** _em_",
      "![img](http://evil.example/i.png)",
      "[link](http://evil.example)",
      "<b>tag</b><!--<script>alert(1)</script>",
      "</script><script>alert(2)</script>",
      "=HYPERLINK(\"http://evil.example\")",
      "+1+1",
      "-2+3",
      "@SUM(A1)",
      "tab\there\"quote'",
  };
  return attacks;
}

// Bytes that are not UTF-8: only a file or zip entry name can hold them.
std::vector<std::string> hostile_invalid() {
  return {"bad\xFF\xFE", "trunc\xE2\x82", "over\xC0\xAF", "surr\xED\xA0\x80"};
}

// A side module of one function of some size, exported as `name`, named
// `name` in its name section, with a custom section called `name`.
Buf hostile_module(const std::string& name, size_t pad) {
  Buf code;
  for (int i = 0; i < 16; ++i)
    test::append(code, test::bytes({0x41, 0x01, 0x1A}));  // i32.const 1; drop
  code.push_back(0x0B);
  const Buf names =
      test::subsection(1, test::cat({test::uleb(1), test::uleb(0), test::name(name)}));
  return test::module(
      {test::section(1, test::vec({test::functype({}, {})})),
       test::section(3, test::vec({test::uleb(0)})),
       test::section(
           7, test::vec({test::cat({test::name(name), test::bytes({0x00}), test::uleb(0)})})),
       test::section(10, test::vec({test::body({}, code)})), test::custom_section("name", names),
       test::custom_section(name, Buf(pad, 7))});
}

std::string json_string(const std::string& s) {
  return json(s).dump();
}

// ---- the grammar checkers ----

// The length of a valid UTF-8 sequence at s[i] (RFC 3629), else 0.
size_t utf8_length(const std::string& s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  size_t n = c >= 0xC2 && c <= 0xDF   ? 2
             : c >= 0xE0 && c <= 0xEF ? 3
             : c >= 0xF0 && c <= 0xF4 ? 4
                                      : 0;
  if (n == 0 || i + n > s.size()) return 0;
  uint32_t cp = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
  for (size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  const uint32_t min = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

// Text a terminal or a CI log shows as it is: valid UTF-8, no control
// character but the line break, nothing invisible that reorders a line, and
// no line that the Actions runner reads as a workflow command.
void expect_terminal_safe(const std::string& text, const std::string& what) {
  for (size_t i = 0; i < text.size();) {
    const size_t n = utf8_length(text, i);
    ASSERT_NE(n, 0u) << what << ": invalid UTF-8 at byte " << i;
    const auto c = static_cast<unsigned char>(text[i]);
    if (n == 1) {
      EXPECT_TRUE(c == '\n' || (c >= 0x20 && c != 0x7F))
          << what << ": raw control 0x" << std::hex << int(c) << " at byte " << std::dec << i;
    } else {
      const std::string ch = text.substr(i, n);
      EXPECT_FALSE(n == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0)
          << what << ": C1 control at byte " << i;
      for (const char* bad :
           {"\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068",
            "\u2069", "\u200B", "\u200E", "\u200F", "\u2028", "\u2029", "\uFEFF"})
        EXPECT_NE(ch, bad) << what << ": invisible format character at byte " << i;
    }
    i += n;
  }
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    const size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos) continue;
    EXPECT_FALSE(line.compare(first, 2, "::") == 0 || line.compare(first, 3, "##[") == 0)
        << what << ": a line reads as a workflow command: " << line;
  }
}

// Markdown: terminal-safe; every table row has its header's cells; outside
// code spans and backslash escapes, no character that opens markup.
void expect_markdown(const std::string& text, const std::string& what) {
  expect_terminal_safe(text, what);
  std::istringstream lines(text);
  size_t cells = 0;
  auto count_cells = [](const std::string& line) {
    size_t n = 0;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\\') {
        ++i;
        continue;
      }
      n += line[i] == '|';
    }
    return n;
  };
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("|", 0) == 0) {
      if (cells == 0) {
        cells = count_cells(line);
      }
      EXPECT_EQ(count_cells(line), cells) << what << ": a row with other cells: " << line;
    } else {
      cells = 0;
    }
    if (line.rfind("#", 0) == 0) {  // the writers' own headings are level 3
      EXPECT_EQ(line.rfind("### ", 0), 0u) << what << ": a heading from input: " << line;
    }
    // Outside code spans (a fence of n backticks to the next run of n) and
    // escapes, no raw < [ or stray backtick.
    std::string plain;
    for (size_t i = 0; i < line.size();) {
      if (line[i] == '\\') {
        i += 2;
        continue;
      }
      if (line[i] == '`') {
        const size_t run = line.find_first_not_of('`', i) - i;
        const std::string fence(run, '`');
        size_t close = line.find(fence, i + run);
        while (close != std::string::npos && close + run < line.size() && line[close + run] == '`')
          close = line.find(fence, line.find_first_not_of('`', close));
        ASSERT_NE(close, std::string::npos) << what << ": an unclosed code span: " << line;
        i = close + run;
        continue;
      }
      plain += line[i++];
    }
    EXPECT_EQ(plain.find_first_of("<["), std::string::npos)
        << what << ": markup outside code and escapes: " << line;
  }
}

// RFC 4180 records, each with the header's fields, and no field that a
// spreadsheet reads as a formula.
void expect_csv(const std::string& text, const std::string& what) {
  expect_terminal_safe(text, what);
  std::vector<std::vector<std::string>> records(1, std::vector<std::string>(1));
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    auto& field = records.back().back();
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"', ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      records.back().emplace_back();
    } else if (c == '\n') {
      records.emplace_back(1);
    } else {
      field += c;
    }
  }
  ASSERT_FALSE(quoted) << what << ": an unclosed quote";
  records.pop_back();  // after the last line break
  ASSERT_GT(records.size(), 1u) << what;
  for (const auto& r : records) {
    EXPECT_EQ(r.size(), records[0].size()) << what << ": a record with other fields";
    for (const auto& f : r) {
      if (!f.empty()) {
        EXPECT_EQ(std::string("=+-@").find(f[0]), std::string::npos)
            << what << ": a formula: " << f;
      }
    }
  }
}

// HTML: the page's data script holds no '<' (nothing can close it or open a
// comment) and is JSON; the page has only its own three scripts.
void expect_html(const std::string& text, const std::string& what) {
  const std::string open = "<script>const DATA = ";
  const size_t at = text.find(open);
  ASSERT_NE(at, std::string::npos) << what;
  const size_t end = text.find(";</script>", at);
  ASSERT_NE(end, std::string::npos) << what;
  const std::string data = text.substr(at + open.size(), end - at - open.size());
  EXPECT_EQ(data.find('<'), std::string::npos) << what << ": '<' in the data script";
  EXPECT_TRUE(json::accept(data)) << what;
  size_t scripts = 0;
  for (size_t p = 0; (p = text.find("</script", p)) != std::string::npos; ++p)
    ++scripts;
  EXPECT_EQ(scripts, 3u) << what << ": scripts closed other than the page's own";
  EXPECT_EQ(text.find("<!--"), std::string::npos) << what;
  std::string head = text.substr(0, at);
  EXPECT_EQ(head.find("<b>"), std::string::npos) << what << ": markup from input in the page";
}

void expect_json(const std::string& text, const std::string& what) {
  EXPECT_TRUE(json::accept(text)) << what << ": not JSON (or not UTF-8)";
}

// XML through xmllint, which checks well-formedness and the encoding.
void expect_xml(const std::string& text, const std::string& what) {
  test::TempDir tmp;
  const auto file = tmp.path() / "out.xml";
  test::write_file(file, Buf(text.begin(), text.end()));
  if (!test::have_tool("xmllint")) GTEST_SKIP() << "xmllint not installed (libxml2-utils)";
  EXPECT_EQ(std::system(("xmllint --noout " + quote(file.string()) + " 2>/dev/null").c_str()), 0)
      << what << ": not well-formed XML:\n"
      << text;
}

// Workflow commands only: each line is one command we wrote.
void expect_github(const std::string& text, const std::string& what) {
  expect_terminal_safe(
      std::regex_replace(text, std::regex("(^|\n)::(error|warning|notice) "), "$1"), what);
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_TRUE(line.rfind("::error ", 0) == 0 || line.rfind("::warning ", 0) == 0 ||
                line.rfind("::notice ", 0) == 0)
        << what << ": " << line;
  }
}

void expect_format(const std::string& format, const std::string& text, const std::string& what) {
  const std::string w = what + " --format " + format;
  if (format == "text") return expect_terminal_safe(text, w);
  if (format == "markdown") return expect_markdown(text, w);
  if (format == "csv") return expect_csv(text, w);
  if (format == "html") return expect_html(text, w);
  if (format == "json" || format == "sarif") return expect_json(text, w);
  if (format == "junit") return expect_xml(text, w);
  if (format == "github") return expect_github(text, w);
  ADD_FAILURE() << "no checker for " << format;
}

// ---- the inputs ----

class HostileNames : public ::testing::Test {
 protected:
  test::TempDir tmp;
  fs::path base_ = tmp.path() / "base", head_ = tmp.path() / "head";
  fs::path lock_ = tmp.path() / "dist";
  fs::path budget_ = tmp.path() / "wasmsize.yaml";

  // One wheel per side holding a module per hostile name (the entry named
  // with it, its export, name-section and custom-section names too), every
  // module twice so that dups has clusters; loose modules with hostile file
  // names; head grows every module, so diff and growth have something to say.
  void SetUp() override {
    for (const auto& [dir, pad] : {std::pair{base_, size_t{10}}, std::pair{head_, size_t{9000}}}) {
      fs::create_directories(dir);
      std::vector<test::RawZipEntry> entries;
      size_t i = 0;
      for (const auto& h : hostile_valid()) {
        const Buf m = hostile_module(h, pad);
        entries.push_back({.name = "pkg/" + std::to_string(i) + h + ".so", .data = m});
        entries.push_back({.name = "pkg/copy" + std::to_string(i++) + h + ".so", .data = m});
      }
      for (const auto& h : hostile_invalid())
        entries.push_back(
            {.name = "pkg/" + h + ".so", .data = hostile_module("x" + h.substr(0, 3), pad)});
      test::write_file(dir / "hostile-1.0-py3-none-any.whl", test::raw_zip(entries));
      for (const auto& h : hostile_invalid())
        test::write_file(dir / (h + ".wasm"), hostile_module("loose", pad));
      test::write_file(dir / "::add-mask::file.wasm", hostile_module("loose", pad));
    }
    // A distribution whose package names are hostile, each with a wheel.
    fs::create_directories(lock_);
    std::string packages;
    size_t i = 0;
    for (const auto& h : hostile_valid()) {
      const std::string file = "p" + std::to_string(i++) + "-1.0-py3-none-any.whl";
      test::write_zip(lock_ / file, {{"p/m.so", hostile_module(h, 10)}});
      packages += (packages.empty() ? "" : ",") + json_string(h) + ":{\"name\":" + json_string(h) +
                  ",\"version\":" + json_string(h) + ",\"file_name\":\"" + file +
                  "\",\"depends\":[" + json_string(hostile_valid()[0]) + "],\"imports\":[]}";
    }
    const std::string lock = "{\"info\":{\"version\":" + json_string("\x1b[2J0.27") +
                             "},\"packages\":{" + packages + "}}";
    test::write_file(lock_ / "pyodide-lock.json", Buf(lock.begin(), lock.end()));
    const std::string yaml =
        "version: 1\nmodule:\n  max-size: 1 B\n  max-exports: 0\nartifact:\n  max-size: 1 B\n"
        "duplicates:\n  max-bytes: 0 B\n  min-function-size: 1 B\ngrowth:\n  max-ratio: 1%\n"
        "closure:\n  max-modules: 0\n";
    test::write_file(budget_, Buf(yaml.begin(), yaml.end()));
  }

  std::string inputs(const fs::path& dir) const { return quote(dir.string()); }

  void run_all(const std::string& command, const std::vector<std::string>& formats,
               const std::string& args) {
    for (const auto& f : formats) {
      const auto r = run_wasmsize(command + " --format " + f + " " + args);
      EXPECT_NE(r.status, 2) << command << " " << f << ": " << r.err;
      EXPECT_EQ(r.err.find("internal error"), std::string::npos) << command << " " << f << r.err;
      expect_format(f, r.out, command);
      expect_terminal_safe(r.err, command + " --format " + f + " (stderr)");
    }
  }
};

TEST_F(HostileNames, TheGeneratorCoversEveryClass) {
  // The checkers must see what they are for: each class is in the inputs.
  std::string all;
  for (const auto& h : hostile_valid())
    all += h;
  for (const char* needle : {"\n", "\r", "\x1b[", "\x1b]52", "\x1b]8", "\u202E", "::", "##[", "|",
                             "`", "![", "<!--<script>", "</script>", "=", "+", "@", "\xC2\x85"})
    EXPECT_NE(all.find(needle), std::string::npos) << needle;
}

TEST_F(HostileNames, Report) {
  run_all("report", {"text", "json", "markdown", "csv", "html"}, inputs(head_));
  run_all("report", {"text", "json", "markdown", "html"}, inputs(lock_));
  run_all("report", {"text", "json", "markdown"},
          "--package " + quote(hostile_valid()[1]) + " " + inputs(lock_));
}

TEST_F(HostileNames, Check) {
  const std::vector<std::string> formats = {"text",   "json",     "sarif", "junit",
                                            "github", "markdown", "html"};
  run_all("check", formats, "--budget " + quote(budget_.string()) + " " + inputs(head_));
  run_all("check", formats,
          "--budget " + quote(budget_.string()) + " --base " + inputs(base_) + " " + inputs(head_));
  run_all("check", formats, "--budget " + quote(budget_.string()) + " " + inputs(lock_));
}

TEST_F(HostileNames, Dups) {
  run_all("dups", {"text", "json", "markdown", "html"}, "--top 0 " + inputs(head_));
}

TEST_F(HostileNames, Diff) {
  run_all("diff", {"text", "json", "markdown"}, inputs(base_) + " " + inputs(head_));
  // A saved report as the base: its path and names come back from JSON.
  const auto saved = tmp.path() / "::error file=x::saved.json";
  const auto r =
      run_wasmsize("report --format json " + inputs(base_) + " -o " + quote(saved.string()));
  ASSERT_EQ(r.status, 0) << r.err;
  run_all("diff", {"text", "json", "markdown"}, quote(saved.string()) + " " + inputs(head_));
}

TEST_F(HostileNames, Inspect) {
  const std::string wheel = (head_ / "hostile-1.0-py3-none-any.whl").string();
  run_all("inspect", {"text", "json"}, quote(wheel + "!pkg/0" + hostile_valid()[0] + ".so"));
  run_all("inspect", {"text", "json"}, quote((head_ / "::add-mask::file.wasm").string()));
}

TEST_F(HostileNames, InitWritesABudgetThatReadsBack) {
  const auto out = tmp.path() / "init.yaml";
  const auto r = run_wasmsize("init -o " + quote(out.string()) + " " + inputs(head_));
  ASSERT_EQ(r.status, 0) << r.err;
  expect_terminal_safe(r.err, "init (stderr)");
  const auto c = run_wasmsize("check --budget " + quote(out.string()) + " " + inputs(head_));
  EXPECT_EQ(c.status, 0) << c.out << c.err;
}

TEST_F(HostileNames, ErrorsOnStderrAreEscaped) {
  for (const std::string& arg :
       {std::string("/nonexistent/\n::error::x\x1b[2J"), std::string("--\x1b]52;c;eA==\x07")}) {
    const auto r = run_wasmsize("report " + quote(arg));
    EXPECT_EQ(r.status, 2);
    expect_terminal_safe(r.err, "report " + arg);
    EXPECT_FALSE(r.err.empty());
  }
}

}  // namespace
}  // namespace wasmsize
