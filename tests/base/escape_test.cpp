// The escaping policies one by one (base/escape.h); every writer on hostile
// names is tests/e2e/hostile_names_test.cpp.
#include "base/escape.h"

#include <gtest/gtest.h>

namespace wasmsize::base {
namespace {

TEST(Escape, InvalidUtf8BecomesReplacementCharacters) {
  EXPECT_EQ(valid_utf8("ok \xC3\xA9"), "ok \xC3\xA9");
  EXPECT_EQ(valid_utf8("a\xFF"
                       "b"),
            "a\uFFFD"
            "b");
  EXPECT_EQ(valid_utf8("\xC0\xAF"), "\uFFFD\uFFFD");            // overlong
  EXPECT_EQ(valid_utf8("\xED\xA0\x80"), "\uFFFD\uFFFD\uFFFD");  // surrogate
  EXPECT_EQ(valid_utf8("\xE2\x82"), "\uFFFD\uFFFD");            // truncated
}

TEST(Escape, TerminalShowsControlsAndInvisibleCharacters) {
  EXPECT_EQ(for_terminal("a\nb\rc\td"), "a\\nb\\rc\\td");
  EXPECT_EQ(for_terminal("\x1b]52;c;eA==\x07"), "\\x1b]52;c;eA==\\x07");
  EXPECT_EQ(for_terminal("x\x7f"), "x\\x7f");
  EXPECT_EQ(for_terminal("\xC2\x85"), "\\u0085");
  EXPECT_EQ(for_terminal("\u202Egnp.exe"), "<U+202E>gnp.exe");
  EXPECT_EQ(for_terminal("std::vector<int>"), "std::vector<int>");
  // Idempotent: what the CLI escapes again is unchanged.
  const std::string once = for_terminal("\n::x \x1b \u202E \xFF");
  EXPECT_EQ(for_terminal(once), once);
}

TEST(Escape, NoWordOfANameStartsAWorkflowCommand) {
  EXPECT_EQ(for_terminal("::add-mask::x"), "\\x3a:add-mask::x");
  EXPECT_EQ(for_terminal("a ::error::x"), "a \\x3a:error::x");
  EXPECT_EQ(for_terminal("##[error]x"), "\\x23#[error]x");
  EXPECT_EQ(for_terminal(":"), "\\x3a");  // "  {}:" must not make "  ::"
  EXPECT_EQ(for_terminal("a:"), "a:");
  EXPECT_EQ(for_terminal_lines("one\n  ::two"), "one\n  \\x3a:two");
}

TEST(Escape, MarkdownEscapesMarkupAndCodeSpansFenceBackticks) {
  EXPECT_EQ(for_markdown("a|b"), "a\\|b");
  EXPECT_EQ(for_markdown("![i](u)"), "\\!\\[i\\](u)");
  EXPECT_EQ(for_markdown("<b>"), "\\<b>");
  EXPECT_EQ(markdown_code("x"), "`x`");
  EXPECT_EQ(markdown_code("a`b"), "``a`b``");
  EXPECT_EQ(markdown_code("`a"), "`` `a ``");
  EXPECT_EQ(markdown_code("a|b"), "`a\\|b`");
}

TEST(Escape, CsvNeutralisesFormulas) {
  EXPECT_EQ(for_csv("=1+1"), "'=1+1");
  EXPECT_EQ(for_csv("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(for_csv("a,b"), "\"a,b\"");
  EXPECT_EQ(for_csv("q\""), "\"q\"\"\"");
  EXPECT_EQ(for_csv("plain"), "plain");
}

TEST(Escape, ScriptDataCannotCloseItsScript) {
  EXPECT_EQ(for_script("\"</script><!--\""), "\"\\u003c/script\\u003e\\u003c!--\"");
  EXPECT_EQ(for_script("\"\u2028\""), "\"\\u2028\"");
  EXPECT_EQ(for_markup("<a href='x'>&"), "&lt;a href=&apos;x&apos;&gt;&amp;");
}

}  // namespace
}  // namespace wasmsize::base
