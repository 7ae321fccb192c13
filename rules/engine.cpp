#include "rules/engine.h"

#include <fmt/format.h>

#include <filesystem>
#include <map>

#include "analysis/duplicates.h"
#include "analysis/identity.h"
#include "rules/glob.h"
#include "rules/registry.h"

namespace wasmsize::rules {

namespace {

struct Effective {
  const Setting* setting = nullptr;
  model::Severity severity = model::Severity::kError;
};

template <typename Matches>
Effective resolve(const Budget& b, const Rule& rule, Matches&& matches) {
  const std::string section(rule.section()), key(rule.key());
  Effective e{b.find(section, key), b.severity};
  if (e.setting && e.setting->severity) e.severity = *e.setting->severity;
  for (const Override& o : b.overrides) {
    if (!matches(o.match)) continue;
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

// The duplicates.* rules the budget sets, and the level they judge.
std::vector<const Rule*> duplicate_rules(const Budget& b) {
  std::vector<const Rule*> rules;
  for (const Rule& r : all_rules()) {
    if (r.duplicates && b.find("duplicates", std::string(r.key()))) rules.push_back(&r);
  }
  return rules;
}

std::string duplicate_mode(const Budget& b) {
  const Setting* mode = b.find("duplicates", "mode");
  return mode ? mode->choice : "mergeable";
}

class Evaluator {
 public:
  Evaluator(const Budget& b, model::Evaluation& out) : b_(b), out_(out) {}

  void artifact(const model::ArtifactReport& a) {
    const std::string file = std::filesystem::path(a.path).filename().string();
    for (const Rule& rule : all_rules()) {
      if (!rule.artifact) continue;  // module and duplicates rules are evaluated apart
      auto e = resolve(b_, rule, [&](const std::string& g) {
        return glob_match(g, file) || glob_match(g, a.distribution);
      });
      if (e.setting) record(rule, e, a, "", rule.artifact(a, *e.setting));
    }
    for (const model::ModuleReport& m : a.modules) {
      if (m.error) continue;  // already an input.malformed-module finding
      for (const Rule& rule : all_rules()) {
        if (!rule.module) continue;
        auto e = resolve(b_, rule, [&](const std::string& g) {
          return glob_match(g, m.name) || (!m.path.empty() && glob_match(g, m.path));
        });
        if (e.setting) record(rule, e, a, m.name, rule.module(m, *e.setting));
      }
    }
  }

 private:
  void record(const Rule& rule, const Effective& e, const model::ArtifactReport& a,
              const std::string& subject, const std::vector<Violation>& violations) {
    if (e.severity == model::Severity::kOff) return;
    out_.checks.push_back({std::string(rule.id), a.path, subject, violations.empty()});
    for (const Violation& v : violations) {
      model::Finding f;
      f.rule = rule.id;
      f.severity = e.severity;
      f.artifact = a.path;
      f.subject = v.subject.empty() ? subject : v.subject;
      f.message = v.message;
      f.value = v.value;
      f.limit = v.limit;
      f.value_text = v.value_text;
      f.limit_text = v.limit_text;
      f.budget_line = e.setting->where.line;
      f.budget_column = e.setting->where.column;
      f.key = finding_key(rule.id, a, !v.subject.empty() ? v.subject : subject);
      out_.findings.push_back(std::move(f));
    }
  }

  const Budget& b_;
  model::Evaluation& out_;

 public:
  void duplicates(const model::Run& run);
  void growth(const model::Run& run, const model::Run& base);

 private:
  std::vector<DuplicateSubject> duplicate_subjects(const model::Run& run,
                                                   const model::DuplicateLevel& level,
                                                   const std::string& level_name,
                                                   const std::string& scope, uint64_t min_size);
};

// Splits a level's clusters by subject: wasted bytes are the copies beyond
// the first within each subject, so a cluster spread over two artifacts
// counts in neither at artifact scope, only at `all`.
std::vector<DuplicateSubject> Evaluator::duplicate_subjects(const model::Run& run,
                                                            const model::DuplicateLevel& level,
                                                            const std::string& level_name,
                                                            const std::string& scope,
                                                            uint64_t min_size) {
  std::map<std::pair<std::string, std::string>, DuplicateSubject> subjects;
  auto key_of = [&](const std::string& artifact, const std::string& module) {
    if (scope == "all") return std::pair<std::string, std::string>{"", ""};
    return std::pair<std::string, std::string>{artifact, scope == "module" ? module : ""};
  };
  for (const auto& a : run.artifacts) {
    for (const auto& m : a.modules) {
      auto& s = subjects[key_of(a.path, m.name)];
      s.artifact = scope == "all" ? "" : a.path;
      s.module = scope == "module" ? m.name : "";
      s.level = level_name;
      for (const auto& p : m.prints)
        s.code += p.size >= min_size ? p.size : 0;
    }
  }
  for (const auto& c : level.clusters) {
    std::map<std::pair<std::string, std::string>, size_t> copies;
    for (const auto& copy : c.copies)
      ++copies[key_of(copy.artifact, copy.module)];
    for (const auto& [key, n] : copies) {
      if (n < 2) continue;
      auto& s = subjects[key];
      s.clusters.push_back({&c, n});
      s.wasted += s.clusters.back().wasted();
    }
  }
  std::vector<DuplicateSubject> out;
  for (auto& [key, s] : subjects) {
    std::stable_sort(s.clusters.begin(), s.clusters.end(),
                     [](const auto& x, const auto& y) { return x.wasted() > y.wasted(); });
    out.push_back(std::move(s));
  }
  return out;
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
  std::map<std::string, uint64_t> old_sizes;
  for (const auto& a : base.artifacts) {
    old_sizes[analysis::artifact_key(a)] = a.size;
    for (const auto& m : a.modules)
      old_sizes[analysis::module_key(a, m)] = m.size;
  }
  auto old_size = [&](const std::string& key) {
    const auto it = old_sizes.find(key);
    return it == old_sizes.end() ? uint64_t{0} : it->second;
  };
  for (const Rule* rule : rules) {
    const Setting* s = b_.find("growth", std::string(rule->key()));
    const Effective e{s, s->severity.value_or(b_.severity)};
    for (const auto& a : run.artifacts) {
      GrowthSubject ga{"artifact", old_size(analysis::artifact_key(a)), a.size,
                       ignore ? ignore->amount : 0};
      record(*rule, e, a, "", rule->growth(ga, *s));
      for (const auto& m : a.modules) {
        GrowthSubject gm{"module", old_size(analysis::module_key(a, m)), m.size, ga.ignore_below};
        record(*rule, e, a, m.name, rule->growth(gm, *s));
      }
    }
  }
}

void Evaluator::duplicates(const model::Run& run) {
  const std::vector<const Rule*> rules = duplicate_rules(b_);
  if (rules.empty()) return;
  const Setting* scope = b_.find("duplicates", "scope");
  const Setting* min_size = b_.find("duplicates", "min-function-size");
  const std::string level_name = duplicate_mode(b_);
  const std::string scope_name = scope ? scope->choice : "artifact";
  const uint64_t min = min_size ? min_size->amount : 32;
  model::DuplicateReport dups = analysis::find_duplicates(run, min, model::level_named(level_name));
  model::DuplicateLevel& level = dups.level(level_name);
  const auto subjects = duplicate_subjects(run, level, level_name, scope_name, min);
  for (const Rule* rule : rules) {
    const Setting* s = b_.find("duplicates", std::string(rule->key()));
    Effective e{s, s->severity.value_or(b_.severity)};
    for (const auto& subject : subjects) {
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
  // The subjects point into `level`: hand it over only when they are done.
  out_.duplicates = model::Evaluation::Duplicates{level_name, std::move(level)};
}

// Findings about inputs, which every check reports whatever the budget says.
const std::vector<std::pair<std::string, std::string>>& input_rules() {
  static const std::vector<std::pair<std::string, std::string>> rules = {
      {"input.malformed-module", "A WebAssembly module that does not parse."},
      {"input.malformed-custom-section",
       "A dylink.0, target_features, name or producers section that does not decode."},
      {"input.malformed-archive", "A wheel or zip that is not a readable zip archive."},
      {"input.unsafe-path", "An archive entry with an absolute path or a '..' component."},
      {"input.duplicate-entry", "An archive entry name that appears more than once."},
      {"input.encrypted-entry", "An encrypted archive entry."},
      {"input.size-mismatch", "An entry that inflates to another size than it declares."},
      {"input.corrupt-entry", "An entry that cannot be inflated."},
      {"input.inflate-limit", "An entry over the size, ratio (zip bomb) or total inflate limits."},
      {"input.not-wasm", "A .wasm or .so input file that is not WebAssembly."},
      {"input.unreadable", "An input that cannot be read."},
  };
  return rules;
}

}  // namespace

std::string finding_key(std::string_view rule, const model::ArtifactReport& a,
                        std::string_view member) {
  return fmt::format("{}|{}|{}", rule, analysis::artifact_key(a), member);
}

bool needs_entry_hashes(const Budget& budget) {
  auto wants = [](const std::map<std::string, Section>& sections) {
    const auto a = sections.find("artifact");
    if (a == sections.end()) return false;
    const auto v = a->second.find("verify-record");
    return v != a->second.end() && v->second.flag;
  };
  if (wants(budget.sections)) return true;
  for (const Override& o : budget.overrides) {
    if (wants(o.sections)) return true;
  }
  return false;
}

model::Levels needed_levels(const Budget& budget) {
  return duplicate_rules(budget).empty() ? model::kNoLevels
                                         : model::level_named(duplicate_mode(budget));
}

model::Evaluation evaluate(const model::Run& run, const Budget& budget, const model::Run* base) {
  model::Evaluation out;
  out.budget_path = budget.path;
  for (const Rule& r : all_rules())
    out.rules.push_back({std::string(r.id), std::string(r.summary)});
  for (const auto& [id, summary] : input_rules())
    out.rules.push_back({id, summary});
  out.findings = run.findings;  // unreadable inputs and modules are errors of the check too
  Evaluator ev(budget, out);
  for (const auto& a : run.artifacts) {
    ev.artifact(a);
  }
  ev.duplicates(run);
  if (base) ev.growth(run, *base);
  return out;
}

}  // namespace wasmsize::rules
