// The budget loader's messages, word for word: they are the interface a user
// meets when a budget is wrong.
#include <gtest/gtest.h>

#include <random>

#include "base/units.h"
#include "rules/budget.h"
#include "rules/glob.h"
#include "support/paths.h"

namespace wasmsize::rules {
namespace {

std::string error_of(const std::string& yaml) {
  try {
    parse_budget(yaml, "wasmsize.yaml");
  } catch (const BudgetError& e) {
    return e.message;
  }
  return "(accepted)";
}

TEST(BudgetLoader, MisspeltKeyGetsASuggestion) {
  EXPECT_EQ(error_of("version: 1\nmodule:\n  max-sise: 2 MB\n"),
            "wasmsize.yaml:3:3: unknown key 'max-sise'; did you mean 'max-size'? (module takes: "
            "max-size, max-compressed-size, max-code-size, max-data-size, code-data-ratio, "
            "max-functions, max-function-size, max-imports, max-exports, max-custom-size, "
            "forbid-custom-sections, allowed-needed, forbid-features, max-transfer-size, "
            "max-export-size, max-sync-compile-size, transfer)");
  EXPECT_EQ(error_of("version: 1\nmodlue:\n  max-size: 2 MB\n"),
            "wasmsize.yaml:2:1: unknown key 'modlue'; did you mean 'module'? (the budget takes: "
            "version, module, artifact, duplicates, growth, closure, input, severity, overrides)");
}

TEST(BudgetLoader, UnknownKeyWithoutSuggestionListsTheValidOnes) {
  EXPECT_EQ(error_of("version: 1\nartifact:\n  colour: red\n"),
            "wasmsize.yaml:3:3: unknown key 'colour' in artifact; valid keys: max-size, "
            "max-uncompressed-size, forbid-files, verify-record, max-transfer-size, transfer");
}

TEST(BudgetLoader, WrongUnit) {
  EXPECT_EQ(error_of("version: 1\nmodule:\n  max-size: 2 MBs\n"),
            "wasmsize.yaml:3:13: module.max-size: unknown unit 'MBs' in '2 MBs'; valid units: B, "
            "kB, MB, GB, KiB, MiB, GiB");
  EXPECT_EQ(error_of("version: 1\nduplicates:\n  max-ratio: lots\n"),
            "wasmsize.yaml:3:14: duplicates.max-ratio: 'lots' is not a ratio: expected a number "
            "such as 0.05 or a percentage such as 5%");
}

TEST(BudgetLoader, WrongType) {
  EXPECT_EQ(error_of("version: 1\nmodule:\n  max-functions: many\n"),
            "wasmsize.yaml:3:18: module.max-functions: expected a whole number, got 'many'");
  EXPECT_EQ(error_of("version: 1\nmodule:\n  forbid-features: simd128\n"),
            "wasmsize.yaml:3:20: module.forbid-features: expected a list of names or globs, such "
            "as [\"name\", \".debug_*\"]");
  EXPECT_EQ(error_of("version: 1\nartifact:\n  verify-record: yes please\n"),
            "wasmsize.yaml:3:18: artifact.verify-record: expected true or false, got 'yes please'");
  EXPECT_EQ(error_of("version: 1\nmodule:\n  max-size: {limit: 1 MB, severity: fatal}\n"),
            "wasmsize.yaml:3:37: module.max-size.severity: unknown severity 'fatal'; valid: "
            "error, warning, off");
}

TEST(BudgetLoader, BadGlob) {
  EXPECT_EQ(
      error_of("version: 1\noverrides:\n  - match: \"sklearn.[tree\"\n    severity: warning\n"),
      "wasmsize.yaml:3:12: overrides[0].match: bad glob 'sklearn.[tree': unclosed '[' at "
      "character 9");
  EXPECT_EQ(error_of("version: 1\nartifact:\n  forbid-files: [\"**/[ab\"]\n"),
            "wasmsize.yaml:3:18: artifact.forbid-files: bad glob '**/[ab': unclosed '[' at "
            "character 4");
}

TEST(BudgetLoader, UnknownVersionAndYamlSyntax) {
  EXPECT_EQ(error_of("version: 2\n"),
            "wasmsize.yaml:1:10: unknown version '2'; this wasmsize reads version 1");
  EXPECT_EQ(
      error_of("version: 1\nmodule: [\n"),
      "wasmsize.yaml:2:9: the '[' here is never closed (YAML: end of sequence flow not found)");
}

// Where yaml-cpp gives up is often the line after the mistake: the message
// names the line that holds it, and what is wrong there.
TEST(BudgetLoader, YamlMistakesAreNamedAtTheirLine) {
  EXPECT_EQ(error_of("version: 1\nmodule:\n  max-size: 2 MB\n   max-functions: 10\n"),
            "wasmsize.yaml:4:4: indented more than line 3 ('max-size: 2 MB'), which already has "
            "a value; keys of one map line up (YAML: illegal map value)");
  EXPECT_EQ(error_of("version: 1\nmodule:\n  max-size 2 MB\n  max-functions: 10\n"),
            "wasmsize.yaml:3:3: no ':' after 'max-size': a key and its value are written "
            "'max-size: VALUE' (YAML: illegal map value)");
  EXPECT_EQ(error_of("version: 1\nmodule:\n\tmax-size: 2 MB\n"),
            "wasmsize.yaml:3:1: indented with a tab; YAML indents with spaces only (YAML: "
            "illegal map value)");
  EXPECT_EQ(error_of("version: 1\nmodule: {max-size: 2 MB\n"),
            "wasmsize.yaml:2:9: the '{' here is never closed (YAML: end of map flow not found)");
  // A mistake no hint knows keeps yaml-cpp's own words and place.
  EXPECT_EQ(error_of("version: 1\nmodule: &a\n  max-size: *b\n"),
            "wasmsize.yaml:3:13: the referenced anchor is not defined");
}

TEST(BudgetLoader, TheSpecExampleLoads) {
  const Budget b = parse_budget(R"(version: 1
module:
  max-size: 1 MB
  max-compressed-size: 400 kB
  max-code-size: 900 kB
  max-data-size: 300 kB
  code-data-ratio: {min: 0.5, max: 50}
  max-functions: 3000
  max-function-size: 64 kB
  max-imports: 1500
  max-custom-size: 0 B
  forbid-custom-sections: ["name", ".debug_*"]
  allowed-needed: ["libopenblas.so"]
  forbid-features: ["simd128"]
artifact:
  max-size: 8 MB
  max-uncompressed-size: 25 MB
  forbid-files: ["**/*.pyx", "**/*.c", "**/tests/**"]
  verify-record: true
duplicates:
  mode: mergeable
  scope: artifact
  min-function-size: 32 B
  max-bytes: 200 kB
  max-ratio: 5%
growth:
  max-bytes: 50 kB
  max-ratio: 2%
  ignore-below: 1 kB
severity: error
overrides:
  - match: "sklearn.tree.*"
    module: {max-size: 1.5 MB}
    severity: warning
)",
                                "wasmsize.yaml");
  EXPECT_EQ(b.find("module", "max-size")->amount, 1000000u);
  EXPECT_EQ(b.find("module", "max-size")->where.line, 3);
  EXPECT_EQ(*b.find("module", "code-data-ratio")->max, 50);
  EXPECT_DOUBLE_EQ(b.find("duplicates", "max-ratio")->ratio, 0.05);
  EXPECT_EQ(b.find("duplicates", "mode")->choice, "mergeable");
  ASSERT_EQ(b.overrides.size(), 1u);
  EXPECT_EQ(b.overrides[0].sections.at("module").at("max-size").amount, 1500000u);
  EXPECT_EQ(*b.overrides[0].severity, rules::RuleSeverity::kWarning);
}

TEST(Units, SizesAndRatios) {
  EXPECT_EQ(*base::parse_size("1 MB"), 1000000u);
  EXPECT_EQ(*base::parse_size("1.5MiB"), 1572864u);
  EXPECT_EQ(*base::parse_size("64 kB"), 64000u);
  EXPECT_EQ(*base::parse_size("12345"), 12345u);
  EXPECT_EQ(*base::parse_size("0 B"), 0u);
  EXPECT_FALSE(base::parse_size("-1 MB"));
  base::UnitError err;
  EXPECT_FALSE(base::parse_size("99999999999999999999", &err));
  EXPECT_EQ(err.message, "'99999999999999999999' is more bytes than 64 bits can count");
  // Another letter case is taken where it cannot mean two things, and
  // questioned where it could be 1000 or 1024 (issue 15).
  EXPECT_EQ(*base::parse_size("2 kib"), 2048u);
  EXPECT_EQ(*base::parse_size("1 MIB"), 1048576u);
  EXPECT_EQ(*base::parse_size("7 b"), 7u);
  EXPECT_FALSE(base::parse_size("2.8 KB", &err));
  EXPECT_EQ(err.message,
            "unit 'KB' in '2.8 KB' could mean 1000 or 1024: did you mean '2.8 kB' (1000) or "
            "'2.8 KiB' (1024)?");
  EXPECT_FALSE(base::parse_size("2.8mb", &err));
  EXPECT_NE(err.message.find("did you mean '2.8 MB' (1000) or '2.8 MiB' (1024)?"),
            std::string::npos)
      << err.message;
  EXPECT_FALSE(base::parse_size(" 3M ", &err));
  EXPECT_NE(err.message.find("'3 MB' (1000) or '3 MiB' (1024)"), std::string::npos) << err.message;
  EXPECT_FALSE(base::parse_size("1 parsec", &err));
  EXPECT_EQ(err.message,
            "unknown unit 'parsec' in '1 parsec'; valid units: B, kB, MB, GB, KiB, MiB, GiB");
  EXPECT_DOUBLE_EQ(*base::parse_ratio("5%"), 0.05);
  EXPECT_DOUBLE_EQ(*base::parse_ratio("0.25"), 0.25);
  EXPECT_FALSE(base::parse_ratio("5 %%"));
}

TEST(BudgetLoader, AKeyTwiceIsAnError) {
  EXPECT_EQ(error_of("version: 1\nmodule:\n  max-size: 1 MB\n  max-size: 2 MB\n"),
            "wasmsize.yaml:4:3: duplicate key 'max-size' in module (first set on line 3)");
  EXPECT_EQ(error_of("version: 1\nmodule: {max-size: 1 MB}\nmodule: {max-size: 2 MB}\n"),
            "wasmsize.yaml:3:1: duplicate key 'module' in the budget (first set on line 2)");
}

TEST(BudgetLoader, AliasesCannotMultiplyTheBudget) {
  std::string yaml = "version: 1\noverrides:\n  - &o {match: \"x*\", artifact: {forbid-files: [";
  for (int i = 0; i < 100; ++i)
    yaml += std::string(i ? ", " : "") + "\"g" + std::to_string(i) + "\"";
  yaml += "]}}\n";
  for (int i = 0; i < 2000; ++i)
    yaml += "  - *o\n";
  EXPECT_NE(error_of(yaml).find("more than 100000 names, globs and overrides"), std::string::npos);
}

TEST(BudgetLoader, DeepNestingSaysWhereAndWhat) {
  const std::string yaml = "version: 1\nmodule: " + std::string(2000, '[') + std::string(2000, ']');
  EXPECT_NE(error_of(yaml).find("wasmsize.yaml:2:"), std::string::npos);
  EXPECT_EQ(error_of(yaml).find("bad file"), std::string::npos) << error_of(yaml);
}

TEST(BudgetLoader, FoldersAndEndlessFilesAreNotBudgets) {
  test::TempDir tmp;
  auto error_loading = [](const std::string& path) {
    try {
      load_budget(path);
    } catch (const BudgetError& e) {
      return e.message;
    }
    return std::string("(loaded)");
  };
  EXPECT_NE(error_loading(tmp.path().string()).find("is a folder"), std::string::npos);
  EXPECT_NE(error_loading("/dev/zero").find("over 1048576 bytes"), std::string::npos);
  // Found upward: a folder named wasmsize.yaml is passed over.
  std::filesystem::create_directories(tmp.path() / "a" / "wasmsize.yaml");
  test::write_file(tmp.path() / "wasmsize.yaml",
                   {'v', 'e', 'r', 's', 'i', 'o', 'n', ':', ' ', '1'});
  EXPECT_EQ(find_budget((tmp.path() / "a").string()), (tmp.path() / "wasmsize.yaml").string());
}

TEST(Glob, Semantics) {
  EXPECT_TRUE(glob_match("sklearn.tree.*", "sklearn.tree._tree"));
  EXPECT_FALSE(glob_match("sklearn.tree.*", "sklearn.linear_model._cd"));
  EXPECT_TRUE(glob_match("**/_tree*.so", "sklearn/tree/_tree.cpython-311-wasm32-emscripten.so"));
  EXPECT_TRUE(glob_match("**/*.pyx", "top.pyx"));
  EXPECT_FALSE(glob_match("*.pyx", "pkg/top.pyx"));
  EXPECT_TRUE(glob_match("**/tests/**", "pkg/tests/test_x.py"));
  EXPECT_TRUE(glob_match(".debug_*", ".debug_info"));
  EXPECT_TRUE(glob_match("lib[a-c]?.so", "libb1.so"));
  EXPECT_FALSE(glob_match("lib[!a-c].so", "liba.so"));
  EXPECT_TRUE(glob_error("[oops"));
  EXPECT_FALSE(glob_error(std::string(1024, '*')));
  EXPECT_TRUE(glob_error(std::string(1025, '*')));  // |pattern| x |path| bounds a match
  EXPECT_FALSE(glob_error("ok*"));
}

// The glob semantics as a plain recursive definition, exponential and so
// only for small inputs: the oracle for the dynamic-programming matcher.
// (The backtracking matcher before it remembered only the last star, so
// `**/*` did not match `a/b//b`.)
bool reference_match(std::string_view p, std::string_view t) {
  if (p.empty()) return t.empty();
  if (p[0] == '*') {
    size_t stars = 0;
    while (stars < p.size() && p[stars] == '*')
      ++stars;
    const bool crosses = stars >= 2;
    const std::string_view rest = p.substr(stars);
    if (crosses && !rest.empty() && rest[0] == '/' && !t.empty() &&
        reference_match(rest.substr(1), t))
      return true;
    for (size_t k = 0; k <= t.size(); ++k) {
      if (reference_match(rest, t.substr(k))) return true;
      if (k < t.size() && !crosses && t[k] == '/') break;
    }
    return false;
  }
  if (t.empty()) return false;
  if (p[0] == '[') {
    const size_t close = p.find(']', p.size() > 2 && (p[1] == '!' || p[1] == '^') ? 3 : 2);
    const std::string_view cls = p.substr(0, close + 1);
    const bool negate = cls[1] == '!' || cls[1] == '^';
    bool hit = false;
    for (size_t i = negate ? 2 : 1; i + 1 < cls.size(); ++i)
      hit |= cls[i] == t[0];
    return hit != negate && reference_match(p.substr(close + 1), t.substr(1));
  }
  if (p[0] == '?') return t[0] != '/' && reference_match(p.substr(1), t.substr(1));
  return p[0] == t[0] && reference_match(p.substr(1), t.substr(1));
}

TEST(Glob, AgreesWithTheDefinitionOnSmallInputs) {
  std::mt19937 rng(7);
  const std::vector<std::string> pattern_parts = {"a",   "b", "/",    "*",   "**",
                                                  "**/", "?", "[ab]", "[!a]"};
  const std::string text_chars = "ab/";
  for (int i = 0; i < 20000; ++i) {
    std::string p, t;
    for (int k = rng() % 5 + 1; k > 0; --k)
      p += pattern_parts[rng() % pattern_parts.size()];
    for (int k = rng() % 7; k > 0; --k)
      t += text_chars[rng() % text_chars.size()];
    ASSERT_EQ(glob_match(p, t), reference_match(p, t)) << "'" << p << "' on '" << t << "'";
  }
}

TEST(Glob, ManyDoubleStarsAgainstADeepPathTakeNoLongerThanTheirSize) {
  std::string pattern, path;
  for (int i = 0; i < 30; ++i)
    pattern += "**/";
  pattern += "x.so";
  for (int i = 0; i < 60; ++i)
    path += "d/";
  EXPECT_FALSE(glob_match(pattern, path + "y.so"));  // backtracking: hours
  EXPECT_TRUE(glob_match("**/*", "a/b//b"));
  EXPECT_TRUE(glob_match(pattern, path + "x.so"));
}

}  // namespace
}  // namespace wasmsize::rules
