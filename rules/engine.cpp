#include "rules/engine.h"

#include <fmt/format.h>

#include <filesystem>
#include <map>

#include "analysis/closures.h"
#include "analysis/duplicates.h"
#include "base/identity.h"
#include "pipeline/findings.h"
#include "rules/glob.h"
#include "rules/registry.h"

namespace wasmsize::rules {

namespace {

struct Effective {
  const Setting* setting = nullptr;
  RuleSeverity severity = RuleSeverity::kError;
};

// Which overrides name a subject, decided once per subject and read by
// every rule (a rule each would match every glob ~20 times over).
template <typename Matches>
std::vector<bool> matching_overrides(const Budget& b, Matches&& matches) {
  std::vector<bool> out(b.overrides.size());
  for (size_t i = 0; i < b.overrides.size(); ++i)
    out[i] = matches(b.overrides[i].match);
  return out;
}

Effective resolve(const Budget& b, const Rule& rule, const std::vector<bool>& matched) {
  const std::string section(rule.section()), key(rule.key());
  Effective e{b.find(section, key), b.severity};
  if (e.setting && e.setting->severity) e.severity = *e.setting->severity;
  for (size_t i = 0; i < b.overrides.size(); ++i) {
    const Override& o = b.overrides[i];
    if (!matched[i]) continue;
    if (o.severity) e.severity = *o.severity;
    const auto sec = o.sections.find(section);
    if (sec == o.sections.end()) continue;
    const auto it = sec->second.find(key);
    if (it == sec->second.end()) continue;
    e.setting = &it->second;
    if (e.setting->severity) e.severity = *e.setting->severity;
  }
  return e;
}

// The duplicates.* rules the budget sets.
std::vector<const Rule*> duplicate_rules(const Budget& b) {
  std::vector<const Rule*> rules;
  for (const Rule& r : all_rules()) {
    if (r.duplicates && b.find("duplicates", std::string(r.key()))) rules.push_back(&r);
  }
  return rules;
}

model::Severity finding_severity(RuleSeverity s) {
  return s == RuleSeverity::kWarning ? model::Severity::kWarning : model::Severity::kError;
}

class Evaluator {
 public:
  Evaluator(const Budget& b, model::Evaluation& out) : b_(b), out_(out) {}

  void artifact(const model::ArtifactReport& a) {
    const std::string file = std::filesystem::path(a.path).filename().string();
    const auto for_artifact = matching_overrides(b_, [&](const std::string& g) {
      return glob_match(g, file) || glob_match(g, a.distribution);
    });
    for (const Rule& rule : all_rules()) {
      if (!rule.artifact) continue;  // module and duplicates rules are evaluated apart
      auto e = resolve(b_, rule, for_artifact);
      if (e.setting) record(rule, e, a, "", rule.artifact(a, *e.setting));
    }
    for (const model::ModuleReport& m : a.modules) {
      if (m.error) continue;  // already an input.malformed-module finding
      const auto for_module = matching_overrides(b_, [&](const std::string& g) {
        return glob_match(g, m.name) || (!m.path.empty() && glob_match(g, m.path));
      });
      for (const Rule& rule : all_rules()) {
        if (!rule.module) continue;
        auto e = resolve(b_, rule, for_module);
        if (e.setting) record(rule, e, a, m.name, rule.module(m, *e.setting));
      }
    }
  }

 private:
  void record(const Rule& rule, const Effective& e, const model::ArtifactReport& a,
              const std::string& subject, const std::vector<Violation>& violations) {
    if (e.severity == RuleSeverity::kOff) return;
    out_.checks.push_back({std::string(rule.id), a.path, subject, violations.empty()});
    for (const Violation& v : violations) {
      model::Finding f = base::finding(
          {.id = rule.id, .severity = finding_severity(e.severity), .help = rule.summary},
          {a.path, v.subject.empty() ? subject : v.subject}, v.message);
      f.value = v.value;
      f.limit = v.limit;
      f.value_text = v.value_text;
      f.limit_text = v.limit_text;
      f.budget_line = e.setting->where.line;
      f.budget_column = e.setting->where.column;
      f.key = base::finding_key(rule.id, a, !v.subject.empty() ? v.subject : subject);
      out_.findings.push_back(std::move(f));
    }
  }

  const Budget& b_;
  model::Evaluation& out_;

 public:
  void duplicates(const pipeline::Measurements& measured);
  void growth(const model::Run& run, const model::Run& base);
  void closures(const model::Run& run);
};

// Each package's load closure in each distribution, against the closure.*
// rules; an override matches package names.
void Evaluator::closures(const model::Run& run) {
  std::vector<const Rule*> rules;
  for (const Rule& r : all_rules()) {
    if (r.closure) rules.push_back(&r);
  }
  for (const model::Distribution& d : run.distributions) {
    model::ArtifactReport where;
    where.path = d.path;
    // Every package's closure at once (analysis/closures.h), if a rule is
    // set for any: one by one costs a walk of the whole graph each.
    std::optional<std::vector<model::Closure>> closures;
    for (size_t i = 0; i < d.packages.size(); ++i) {
      const model::LockPackage& p = d.packages[i];
      const auto for_package =
          matching_overrides(b_, [&](const std::string& g) { return glob_match(g, p.name); });
      for (const Rule* rule : rules) {
        const auto e = resolve(b_, *rule, for_package);
        if (!e.setting) continue;
        if (!closures) closures = analysis::package_closures(d, run);
        record(*rule, e, where, p.name, rule->closure({d, p.name, (*closures)[i]}, *e.setting));
      }
    }
  }
}

// Each module and artifact against its counterpart in the base, matched by
// distribution and member path; a module new in this run has a base size of 0.
void Evaluator::growth(const model::Run& run, const model::Run& base) {
  std::vector<const Rule*> rules;
  for (const Rule& r : all_rules()) {
    if (r.growth && b_.find("growth", std::string(r.key()))) rules.push_back(&r);
  }
  if (rules.empty()) return;
  const Setting* ignore = b_.find("growth", "ignore-below");
  // By keys unique within each run (base/identity.h): two wheels of one
  // distribution, or two modules of one name, are never taken for one.
  std::map<std::string, uint64_t> old_sizes;
  const auto old_keys = base::artifact_keys(base);
  for (size_t i = 0; i < base.artifacts.size(); ++i) {
    const auto& a = base.artifacts[i];
    old_sizes[old_keys[i]] = a.size;
    const auto module_keys = base::module_keys(a);
    for (size_t j = 0; j < a.modules.size(); ++j)
      old_sizes[old_keys[i] + "||" + module_keys[j]] = a.modules[j].size;
  }
  auto old_size = [&](const std::string& key) {
    const auto it = old_sizes.find(key);
    return it == old_sizes.end() ? uint64_t{0} : it->second;
  };
  // Closures of the distributions on both sides, by package name: what
  // one loadPackage of each downloads (on disk; transfer is measured only
  // where a transfer rule asks).
  std::map<std::string, uint64_t> old_closures;
  std::vector<std::pair<std::string, uint64_t>> new_closures;
  if (!base.distributions.empty() && !run.distributions.empty()) {
    const auto& bd = base.distributions.front();
    const auto before = analysis::package_closures(bd, base);
    for (size_t i = 0; i < bd.packages.size(); ++i)
      old_closures[bd.packages[i].name] = before[i].download_size;
    const auto& hd = run.distributions.front();
    const auto after = analysis::package_closures(hd, run);
    for (size_t i = 0; i < hd.packages.size(); ++i)
      new_closures.emplace_back(hd.packages[i].name, after[i].download_size);
  }
  for (const Rule* rule : rules) {
    const Setting* s = b_.find("growth", std::string(rule->key()));
    const Effective e{s, s->severity.value_or(b_.severity)};
    if (!new_closures.empty()) {
      model::ArtifactReport where;
      where.path = run.distributions.front().path;
      for (const auto& [name, size] : new_closures) {
        const auto it = old_closures.find(name);
        GrowthSubject gc{"closure", it == old_closures.end() ? 0 : it->second, size,
                         ignore ? ignore->amount : 0};
        record(*rule, e, where, name, rule->growth(gc, *s));
      }
    }
    const auto new_keys = base::artifact_keys(run);
    for (size_t i = 0; i < run.artifacts.size(); ++i) {
      const auto& a = run.artifacts[i];
      GrowthSubject ga{"artifact", old_size(new_keys[i]), a.size, ignore ? ignore->amount : 0};
      record(*rule, e, a, "", rule->growth(ga, *s));
      const auto module_keys = base::module_keys(a);
      for (size_t j = 0; j < a.modules.size(); ++j) {
        const auto& m = a.modules[j];
        GrowthSubject gm{"module", old_size(new_keys[i] + "||" + module_keys[j]), m.size,
                         ga.ignore_below};
        record(*rule, e, a, m.name, rule->growth(gm, *s));
      }
    }
  }
}

void Evaluator::duplicates(const pipeline::Measurements& measured) {
  const std::vector<const Rule*> rules = duplicate_rules(b_);
  if (rules.empty()) return;
  const std::string level_name = duplicates_mode(b_);
  const model::DuplicateLevel* level =
      measured.duplicates ? measured.duplicates->level(level_name) : nullptr;
  if (!level) return;  // not measured: rules::needs() asks for it, so never here
  const model::Run& run = measured.run;
  auto subjects = analysis::split_by_scope(run, *level, measured.duplicates->files,
                                           duplicates_scope(b_), duplicates_min_size(b_));
  for (const Rule* rule : rules) {
    const Setting* s = b_.find("duplicates", std::string(rule->key()));
    Effective e{s, s->severity.value_or(b_.severity)};
    for (auto& subject : subjects) {
      subject.level = level_name;
      model::ArtifactReport where;
      where.path = subject.artifact.empty() ? "(all inputs)" : subject.artifact;
      for (const auto& a : run.artifacts) {
        if (a.path != subject.artifact) continue;
        // What the baseline key is made of: the distribution, not the file name.
        where.kind = a.kind;
        where.distribution = a.distribution;
      }
      record(*rule, e, where, subject.module, rule->duplicates(subject, *s));
    }
  }
  out_.duplicates = model::Evaluation::Duplicates{level_name, level};
}

}  // namespace

pipeline::Needs needs(const Budget& budget) {
  pipeline::Needs out;
  auto add = [&](const std::map<std::string, Section>& sections) {
    for (const Rule& r : all_rules()) {
      if (!r.needs) continue;
      const auto sec = sections.find(std::string(r.section()));
      if (sec == sections.end()) continue;
      const auto it = sec->second.find(std::string(r.key()));
      if (it != sec->second.end()) out |= r.needs(it->second, budget);
    }
  };
  add(budget.sections);
  for (const Override& o : budget.overrides)
    add(o.sections);
  return out;
}

namespace {

// The findings about the inputs, at the severities the budget gives them:
// `input: {nested-archive: warning}` at the top, or in an override whose
// glob matches the finding's subject (module or entry path) or its
// artifact's file name; later overrides win. `off` drops the finding.
std::vector<model::Finding> input_findings(const std::vector<model::Finding>& found,
                                           const Budget& budget) {
  std::vector<model::Finding> out;
  for (model::Finding f : found) {
    const std::string_view id = f.rule;
    if (id.rfind("input.", 0) != 0) {
      out.push_back(std::move(f));
      continue;
    }
    const std::string key(id.substr(std::string_view("input.").size()));
    const Setting* s = budget.find("input", key);
    const std::string file = std::filesystem::path(f.artifact).filename().string();
    for (const Override& o : budget.overrides) {
      const auto sec = o.sections.find("input");
      if (sec == o.sections.end() || !sec->second.count(key)) continue;
      if (glob_match(o.match, f.subject) || glob_match(o.match, file)) s = &sec->second.at(key);
    }
    if (s && s->choice == "off") continue;
    if (s) f.severity = s->choice == "error" ? model::Severity::kError : model::Severity::kWarning;
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace

namespace {

// Rules set in the budget whose inputs are absent: said, never passed.
void not_judged(const model::Run& run, const model::Run* base, const Budget& budget,
                std::vector<model::Finding>& findings) {
  std::vector<std::string> closure_rules, growth_rules;
  for (const Rule& r : all_rules()) {
    if (r.closure && budget.find("closure", std::string(r.key()))) closure_rules.emplace_back(r.id);
    if (r.growth && budget.find("growth", std::string(r.key()))) growth_rules.emplace_back(r.id);
  }
  if (!closure_rules.empty() && run.distributions.empty()) {
    findings.push_back(base::finding(
        pipeline::kNotJudged, {budget.path, ""},
        fmt::format("{} judge the load closures of a Pyodide distribution, and no "
                    "pyodide-lock.json is among the inputs: give the lock (or its folder) to "
                    "check them",
                    fmt::join(closure_rules, ", "))));
  }
  if (base && !growth_rules.empty() && !run.distributions.empty() && base->distributions.empty()) {
    findings.push_back(base::finding(
        pipeline::kNotJudged, {budget.path, ""},
        fmt::format("{} cannot judge the growth of load closures: --base holds no distribution "
                    "(a saved report or wheels without their pyodide-lock.json); artifacts and "
                    "modules were judged",
                    fmt::join(growth_rules, ", "))));
  }
}

}  // namespace

model::Evaluation evaluate(const pipeline::Measurements& measured, const Budget& budget,
                           const model::Run* base) {
  const model::Run& run = measured.run;
  model::Evaluation out;
  out.budget_path = budget.path;
  for (const Rule& r : all_rules())
    out.rules.push_back({std::string(r.id), std::string(r.summary)});
  for (const base::FindingKind& k : pipeline::input_finding_kinds())
    out.rules.push_back({std::string(k.id), std::string(k.help)});
  // Unreadable inputs and modules are findings of the check too.
  out.findings = input_findings(run.findings, budget);
  Evaluator ev(budget, out);
  for (const auto& a : run.artifacts) {
    ev.artifact(a);
  }
  ev.duplicates(measured);
  ev.closures(run);
  if (base) ev.growth(run, *base);
  not_judged(run, base, budget, out.findings);
  return out;
}

}  // namespace wasmsize::rules
