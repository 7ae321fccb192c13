// What a rule is: an id (`module.max-size`), the kind of limit it takes, a
// one-line summary (shown in SARIF and --list-rules), and a check over one
// module or one artifact. Each rule lives in its own file under rules/module
// or rules/artifact and is listed in registry.cpp.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"
#include "pipeline/needs.h"
#include "rules/budget.h"

namespace wasmsize::rules {

struct Violation {
  double value = 0, limit = 0;
  std::string value_text, limit_text;
  std::string message;  // "2.61 MB > 2 MB (+610 kB, +30.5%)"
  std::string subject;  // overrides the module/artifact as subject (a file)
};

// What a duplicates.* rule judges: one subject (a module, an artifact, or all
// inputs, as duplicates.scope says) and the duplicated code within it, as
// analysis::split_by_scope computed it.
using DuplicateSubject = model::ScopedDuplicates;

// What a growth.* rule judges: one module or artifact matched between the
// --base inputs and the checked ones (by distribution and member path).
struct GrowthSubject {
  std::string kind;  // "module" or "artifact"
  uint64_t old_size = 0, new_size = 0;
  uint64_t ignore_below = 0;  // growth.ignore-below: smaller growth never fails
};

// What a closure.* rule judges: the load closure of one package of a
// distribution (analysis/closures.h).
struct ClosureSubject {
  const model::Distribution& distribution;
  std::string package;
  const model::Closure& closure;
};

struct Rule {
  std::string_view id;
  LimitKind kind = LimitKind::kSize;
  std::string_view summary;
  std::function<std::vector<Violation>(const model::ModuleReport&, const Setting&)> module;
  std::function<std::vector<Violation>(const model::ArtifactReport&, const Setting&)> artifact;
  std::function<std::vector<Violation>(const DuplicateSubject&, const Setting&)> duplicates;
  std::function<std::vector<Violation>(const GrowthSubject&, const Setting&)> growth;
  std::function<std::vector<Violation>(const ClosureSubject&, const Setting&)> closure;
  // What the rule reads beyond the base measurements, given its setting and
  // the budget; empty when it reads only those. The pipeline computes the
  // union of what the budget's rules need, and nothing more.
  std::function<pipeline::Needs(const Setting&, const Budget&)> needs;

  std::string_view section() const { return id.substr(0, id.find('.')); }
  std::string_view key() const { return id.substr(id.find('.') + 1); }
};

// The parameters of the duplicates.* rules, with their defaults.
std::string duplicates_mode(const Budget& b);   // duplicates.mode: mergeable
std::string duplicates_scope(const Budget& b);  // duplicates.scope: artifact
uint64_t duplicates_min_size(const Budget& b);  // duplicates.min-function-size: 32 B
// What every duplicates.* rule needs: clusters at the mode's level.
pipeline::Needs duplicates_needs(const Setting&, const Budget& b);

// "value > limit (+excess, +pct%)" for sizes; exact bytes when the rounded
// figures would look equal.
Violation size_violation(uint64_t value, uint64_t limit);
Violation count_violation(uint64_t value, uint64_t limit, std::string_view what);

// A rule that fails when measure(module) exceeds a size (or count) limit.
Rule module_size_rule(std::string_view id, std::string_view summary,
                      std::function<uint64_t(const model::ModuleReport&)> measure);
Rule module_count_rule(std::string_view id, std::string_view summary, std::string_view what,
                       std::function<uint64_t(const model::ModuleReport&)> measure);
// "(largest: 59 x 792 B cysignals.alarm func[94], ...)"
std::string largest_clusters(const DuplicateSubject& s, size_t n = 3);

Rule artifact_size_rule(std::string_view id, std::string_view summary,
                        std::function<uint64_t(const model::ArtifactReport&)> measure);

// A transfer size (brotli, or gzip -9 where the section says `transfer:
// gzip`: the loader puts that choice in the setting), judged where it was
// measured; the rule asks the pipeline for it.
std::optional<uint64_t> transfer_figure(const std::optional<model::TransferSizes>& t,
                                        const Setting& s);
std::vector<Violation> transfer_violation(std::optional<uint64_t> value, const Setting& s);

// A closure figure over a limit. An incomplete closure (packages without
// their files) is a lower bound: it fails when even that is over, and says
// "at least".
std::vector<Violation> closure_violation(const ClosureSubject& c, uint64_t value, const Setting& s,
                                         std::string_view what);
Rule closure_rule(std::string_view id, LimitKind kind, std::string_view summary,
                  std::string_view what, std::function<uint64_t(const model::Closure&)> measure);
// A closure.forbid-* / require-* flag: one violation per offending item.
Rule closure_flag_rule(
    std::string_view id, std::string_view summary,
    std::function<std::vector<std::pair<std::string, std::string>>(const ClosureSubject&)>
        offences);

}  // namespace wasmsize::rules
