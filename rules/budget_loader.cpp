// Loads wasmsize.yaml. Every error names file:line:column and what would have
// been accepted, so a typo costs one glance rather than a search of the docs.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include "base/units.h"
#include "rules/budget.h"
#include "rules/glob.h"
#include "rules/registry.h"

namespace wasmsize::rules {

using base::parse_ratio;
using base::parse_size;
using base::UnitError;

namespace {

const std::vector<std::string> kSections = {"module", "artifact", "duplicates",
                                            "growth", "closure",  "input"};
const std::vector<std::string> kTopKeys = {"version", "module", "artifact", "duplicates", "growth",
                                           "closure", "input",  "severity", "overrides"};
// An override's `match` is a module name or path glob for module and
// artifact limits, and a package name glob for closure limits.
const std::vector<std::string> kOverrideKeys = {"match",   "module", "artifact",
                                                "closure", "input",  "severity"};

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string did_you_mean(const std::string& key, const std::vector<std::string>& valid) {
  std::string best;
  size_t best_d = std::max<size_t>(2, key.size() / 3) + 1;
  for (const auto& v : valid) {
    const size_t d = edit_distance(key, v);
    if (d < best_d) best = v, best_d = d;
  }
  return best;
}

class Loader {
 public:
  explicit Loader(std::string path) : path_(std::move(path)) {}
  Budget load(const YAML::Node& root);

 private:
  [[noreturn]] void fail(const YAML::Node& n, const std::string& message) const {
    const YAML::Mark m = n.Mark();
    throw BudgetError{fmt::format("{}:{}:{}: {}", path_, m.line + 1, m.column + 1, message)};
  }
  void check_keys(const YAML::Node& map, const std::vector<std::string>& valid,
                  const std::string& where) const;
  std::string scalar(const YAML::Node& n, const std::string& what) const;
  RuleSeverity severity(const YAML::Node& n, const std::string& what) const;
  Section section(const YAML::Node& n, const std::string& name) const;
  Setting setting(const YAML::Node& n, const KeySpec& spec) const;
  void value(const YAML::Node& n, const KeySpec& spec, const std::string& id, Setting& s) const;
  Override override_entry(const YAML::Node& n, size_t index) const;
  // YAML aliases let a few bytes stand for millions of entries: a budget's
  // names, globs and overrides together are capped.
  void count_item(const YAML::Node& n) const {
    if (++items_ > kMaxItems) {
      fail(n, fmt::format("the budget holds more than {} names, globs and overrides (YAML "
                          "aliases repeat what they name); no budget needs that many",
                          kMaxItems));
    }
  }

  static constexpr size_t kMaxItems = 100000;
  std::string path_;
  mutable size_t items_ = 0;
};

void Loader::check_keys(const YAML::Node& map, const std::vector<std::string>& valid,
                        const std::string& where) const {
  std::map<std::string, int> seen;  // key -> line
  for (const auto& kv : map) {
    const std::string key = kv.first.Scalar();
    // YAML leaves a repeated key to the reader; which copy would win is a
    // guess, so a budget may not say the same thing twice.
    if (const auto [it, fresh] = seen.emplace(key, kv.first.Mark().line + 1); !fresh) {
      fail(kv.first,
           fmt::format("duplicate key '{}' in {} (first set on line {})", key, where, it->second));
    }
    if (std::find(valid.begin(), valid.end(), key) != valid.end()) continue;
    const std::string hint = did_you_mean(key, valid);
    const std::string list = fmt::format("{}", fmt::join(valid, ", "));
    if (!hint.empty()) {
      fail(kv.first, fmt::format("unknown key '{}'; did you mean '{}'? ({} takes: {})", key, hint,
                                 where, list));
    }
    fail(kv.first, fmt::format("unknown key '{}' in {}; valid keys: {}", key, where, list));
  }
}

std::string Loader::scalar(const YAML::Node& n, const std::string& what) const {
  if (!n.IsScalar()) fail(n, fmt::format("{}: expected a single value", what));
  return n.Scalar();
}

RuleSeverity Loader::severity(const YAML::Node& n, const std::string& what) const {
  const std::string s = scalar(n, what);
  if (s == "error") return RuleSeverity::kError;
  if (s == "warning") return RuleSeverity::kWarning;
  if (s == "off") return RuleSeverity::kOff;
  fail(n, fmt::format("{}: unknown severity '{}'; valid: error, warning, off", what, s));
}

void Loader::value(const YAML::Node& n, const KeySpec& spec, const std::string& id,
                   Setting& s) const {
  UnitError err;
  switch (spec.kind) {
    case LimitKind::kSize: {
      const auto v = parse_size(scalar(n, id), &err);
      if (!v) fail(n, fmt::format("{}: {}", id, err.message));
      s.amount = *v;
      break;
    }
    case LimitKind::kCount: {
      const std::string text = scalar(n, id);
      const bool digits = !text.empty() && std::all_of(text.begin(), text.end(), ::isdigit);
      if (!digits || text.size() > 18)
        fail(n, fmt::format("{}: expected a whole number, got '{}'", id, text));
      s.amount = std::stoull(text);
      break;
    }
    case LimitKind::kRatio: {
      const auto v = parse_ratio(scalar(n, id), &err);
      if (!v) fail(n, fmt::format("{}: {}", id, err.message));
      s.ratio = *v;
      break;
    }
    case LimitKind::kNames: {
      if (!n.IsSequence())
        fail(n, fmt::format(
                    "{}: expected a list of names or globs, such as [\"name\", \".debug_*\"]", id));
      for (const auto& item : n) {
        const std::string g = scalar(item, id);
        if (auto e = glob_error(g)) fail(item, fmt::format("{}: bad glob '{}': {}", id, g, *e));
        count_item(item);
        s.names.push_back(g);
      }
      break;
    }
    case LimitKind::kFlag: {
      const std::string text = scalar(n, id);
      if (text != "true" && text != "false")
        fail(n, fmt::format("{}: expected true or false, got '{}'", id, text));
      s.flag = text == "true";
      break;
    }
    case LimitKind::kChoice: {
      const std::string text = scalar(n, id);
      if (std::find(spec.choices.begin(), spec.choices.end(), text) == spec.choices.end()) {
        fail(n, fmt::format("{}: unknown value '{}'; valid: {}", id, text,
                            fmt::join(spec.choices, ", ")));
      }
      s.choice = text;
      break;
    }
    case LimitKind::kRatioRange:
      break;  // handled in setting()
  }
}

Setting Loader::setting(const YAML::Node& n, const KeySpec& spec) const {
  const std::string id = fmt::format("{}.{}", spec.section, spec.key);
  Setting s;
  s.kind = spec.kind;
  s.where = {n.Mark().line + 1, n.Mark().column + 1};
  if (spec.kind == LimitKind::kRatioRange) {
    if (!n.IsMap()) fail(n, fmt::format("{}: expected {{min: N, max: N}}", id));
    check_keys(n, {"min", "max", "severity"}, id);
    UnitError err;
    for (const char* bound : {"min", "max"}) {
      if (!n[bound]) continue;
      const auto v = parse_ratio(scalar(n[bound], id), &err);
      if (!v) fail(n[bound], fmt::format("{}.{}: {}", id, bound, err.message));
      (std::string(bound) == "min" ? s.min : s.max) = *v;
    }
    if (!s.min && !s.max) fail(n, fmt::format("{}: set min, max or both", id));
  } else if (n.IsMap()) {  // {limit: X, severity: S}
    check_keys(n, {"limit", "severity"}, id);
    if (!n["limit"]) fail(n, fmt::format("{}: a rule entry given as a map needs 'limit'", id));
    value(n["limit"], spec, id, s);
  } else {
    value(n, spec, id, s);
  }
  if (n.IsMap() && n["severity"]) s.severity = severity(n["severity"], id + ".severity");
  return s;
}

Section Loader::section(const YAML::Node& n, const std::string& name) const {
  if (!n.IsMap()) fail(n, fmt::format("{}: expected a map of rule settings", name));
  check_keys(n, section_keys(name), name);
  Section out;
  for (const KeySpec& spec : budget_keys()) {
    if (spec.section == name && n[std::string(spec.key)]) {
      out[std::string(spec.key)] = setting(n[std::string(spec.key)], spec);
    }
  }
  return out;
}

Override Loader::override_entry(const YAML::Node& n, size_t index) const {
  const std::string where = fmt::format("overrides[{}]", index);
  if (!n.IsMap()) fail(n, where + ": expected a map with 'match'");
  check_keys(n, kOverrideKeys, where);
  if (!n["match"]) fail(n, where + ": needs 'match' (a module-name or path glob)");
  Override o;
  o.match = scalar(n["match"], where + ".match");
  if (auto e = glob_error(o.match)) {
    fail(n["match"], fmt::format("{}.match: bad glob '{}': {}", where, o.match, *e));
  }
  o.where = {n.Mark().line + 1, n.Mark().column + 1};
  for (const char* sec : {"module", "artifact", "closure", "input"}) {
    if (n[sec]) o.sections[sec] = section(n[sec], sec);
  }
  if (n["severity"]) o.severity = severity(n["severity"], where + ".severity");
  return o;
}

Budget Loader::load(const YAML::Node& root) {
  Budget b;
  b.path = path_;
  if (root.IsNull()) return b;
  if (!root.IsMap()) fail(root, "a budget is a map with 'version: 1' and rule sections");
  check_keys(root, kTopKeys, "the budget");
  if (root["version"]) {
    const std::string v = scalar(root["version"], "version");
    if (v != "1")
      fail(root["version"], fmt::format("unknown version '{}'; this wasmsize reads version 1", v));
  }
  for (const auto& name : kSections) {
    if (root[name]) b.sections[name] = section(root[name], name);
  }
  if (root["severity"]) {
    b.severity = severity(root["severity"], "severity");
    b.severity_where = {root["severity"].Mark().line + 1, root["severity"].Mark().column + 1};
  }
  if (const auto& ov = root["overrides"]) {
    if (!ov.IsSequence()) fail(ov, "overrides: expected a list of {match: ..., module: {...}}");
    for (size_t i = 0; i < ov.size(); ++i) {
      count_item(ov[i]);
      b.overrides.push_back(override_entry(ov[i], i));
    }
  }
  return b;
}

}  // namespace

const Setting* Budget::find(const std::string& section, const std::string& key) const {
  const auto s = sections.find(section);
  if (s == sections.end()) return nullptr;
  const auto k = s->second.find(key);
  return k == s->second.end() ? nullptr : &k->second;
}

// yaml-cpp reports a syntax error where it gives up, often the line after
// the mistake ("illegal map value" under a key that lost its colon). What
// budgets get wrong is a handful of things; say which, at the line that
// holds it.
struct SyntaxHint {
  int line;  // 1-based
  int column;
  std::string hint;
};

std::optional<SyntaxHint> syntax_hint(const std::string& text, int error_line,
                                      const std::string& message) {
  std::vector<std::string_view> lines;
  for (size_t at = 0; at <= text.size();) {
    const size_t end = std::min(text.find('\n', at), text.size());
    lines.push_back(std::string_view(text).substr(at, end - at));
    at = end + 1;
  }
  const int last = std::min<int>(error_line, static_cast<int>(lines.size()));
  auto indent = [](std::string_view l) { return static_cast<int>(l.find_first_not_of(' ')); };
  auto content = [](std::string_view l) {
    const size_t b = l.find_first_not_of(" \t");
    const std::string_view c = b == std::string_view::npos ? "" : l.substr(b);
    return c.starts_with("#") ? std::string_view() : c;
  };
  for (int i = 0; i < last; ++i) {
    const std::string_view l = lines[i];
    const size_t lead = l.find_first_not_of(" \t");
    if (l.substr(0, lead).find('\t') != std::string_view::npos) {
      return SyntaxHint{i + 1, static_cast<int>(l.find('\t')) + 1,
                        "indented with a tab; YAML indents with spaces only"};
    }
  }
  if (message.find("flow not found") != std::string::npos) {
    // The last bracket opened and never closed.
    std::vector<std::pair<int, int>> open;
    for (int i = 0; i < static_cast<int>(lines.size()); ++i) {
      for (size_t c = 0; c < lines[i].size(); ++c) {
        if (lines[i][c] == '#') break;
        if (lines[i][c] == '{' || lines[i][c] == '[') open.emplace_back(i, static_cast<int>(c));
        if ((lines[i][c] == '}' || lines[i][c] == ']') && !open.empty()) open.pop_back();
      }
    }
    if (open.empty()) return std::nullopt;
    const auto [i, c] = open.back();
    return SyntaxHint{
        i + 1, c + 1,
        fmt::format("the '{}' here is never closed", lines[i][static_cast<size_t>(c)])};
  }
  // yaml-cpp's "illegal map value": a key without its colon, or a key
  // indented under one that has a value. Other messages keep their words.
  if (message != "illegal map value") return std::nullopt;
  // The line yaml-cpp names, and the one with content before it.
  int at = last - 1;
  while (at >= 0 && content(lines[at]).empty())
    --at;
  int prev = at - 1;
  while (prev >= 0 && content(lines[prev]).empty())
    --prev;
  if (at < 0) return std::nullopt;
  for (int i : {prev, at}) {
    if (i < 0) continue;
    const std::string_view c = content(lines[i]);
    if (!c.starts_with("-") && !c.starts_with("{") && !c.starts_with("[") &&
        c.find(':') == std::string_view::npos) {
      const std::string_view key = c.substr(0, c.find(' '));
      return SyntaxHint{i + 1, indent(lines[i]) + 1,
                        fmt::format("no ':' after '{}': a key and its value are written "
                                    "'{}: VALUE'",
                                    key, key)};
    }
  }
  if (prev >= 0 && indent(lines[at]) > indent(lines[prev])) {
    const std::string_view p = content(lines[prev]);
    const size_t colon = p.find(':');
    if (colon != std::string_view::npos && !content(p.substr(colon + 1)).empty()) {
      return SyntaxHint{at + 1, indent(lines[at]) + 1,
                        fmt::format("indented more than line {} ('{}'), which already has a value; "
                                    "keys of one map line up",
                                    prev + 1, p)};
    }
  }
  return std::nullopt;
}

namespace {

// `module: {transfer: gzip}` says which figure the section's
// max-transfer-size reads: the rule sees only its own setting, so the
// choice travels in it.
void hand_over_transfer_choice(std::map<std::string, Section>& sections) {
  for (auto& [name, section] : sections) {
    const auto choice = section.find("transfer");
    const auto rule = section.find("max-transfer-size");
    if (choice != section.end() && rule != section.end())
      rule->second.choice = choice->second.choice;
  }
}

}  // namespace

Budget parse_budget(const std::string& text, const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    // yaml-cpp says only "bad file" where it gives up (deep nesting).
    const std::string msg =
        e.msg == "bad file" ? "YAML the parser cannot read here (nested too deeply?)" : e.msg;
    if (const auto h = syntax_hint(text, e.mark.line + 1, e.msg)) {
      throw BudgetError{
          fmt::format("{}:{}:{}: {} (YAML: {})", path, h->line, h->column, h->hint, msg)};
    }
    throw BudgetError{fmt::format("{}:{}:{}: {}", path, e.mark.line + 1, e.mark.column + 1, msg)};
  }
  Budget b = Loader(path).load(root);
  hand_over_transfer_choice(b.sections);
  for (auto& o : b.overrides)
    hand_over_transfer_choice(o.sections);
  return b;
}

Budget load_budget(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw BudgetError{fmt::format("{}: is a folder, not a budget file", path)};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw BudgetError{fmt::format("{}: cannot read the budget file", path)};
  // Read at most one byte past the cap: /dev/zero or a mistaken path to a
  // large file is an error, not an unbounded read.
  std::string text(kMaxBudgetBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxBudgetBytes) {
    throw BudgetError{fmt::format("{}: over {} bytes; a budget file is a few hundred lines", path,
                                  kMaxBudgetBytes)};
  }
  return parse_budget(text, path);
}

std::optional<std::string> find_budget(const std::string& start) {
  std::error_code ec;
  auto dir = std::filesystem::absolute(start, ec);
  for (; !ec && !dir.empty(); dir = dir.parent_path()) {
    const auto candidate = dir / "wasmsize.yaml";
    // A folder of that name is not a budget: look further up.
    std::error_code absent;  // not there is no error: look further up
    if (std::filesystem::is_regular_file(candidate, absent)) return candidate.string();
    if (dir == dir.parent_path()) break;
  }
  return std::nullopt;
}

}  // namespace wasmsize::rules
