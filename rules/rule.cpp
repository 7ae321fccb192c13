#include "rules/rule.h"

#include <fmt/format.h>

#include "base/units.h"

namespace wasmsize::rules {

Violation size_violation(uint64_t value, uint64_t limit) {
  std::string v = base::compact_size(value), l = base::compact_size(limit);
  std::string excess = base::compact_size(value - limit);
  if (v == l) {  // rounding hides the difference: say it in bytes
    v = base::thousands(value) + " B";
    l = base::thousands(limit) + " B";
    excess = base::thousands(value - limit) + " B";
  }
  const std::string pct =
      limit ? fmt::format(", +{}", base::percent(double(value - limit) / double(limit))) : "";
  return {
      double(value), double(limit), v, l, fmt::format("{} > {} (+{}{})", v, l, excess, pct), ""};
}

Violation count_violation(uint64_t value, uint64_t limit, std::string_view what) {
  return {double(value),
          double(limit),
          base::thousands(value),
          base::thousands(limit),
          fmt::format("{} {} > {} (+{})", base::thousands(value), what, base::thousands(limit),
                      base::thousands(value - limit)),
          ""};
}

Rule module_size_rule(std::string_view id, std::string_view summary,
                      std::function<uint64_t(const model::ModuleReport&)> measure) {
  Rule r{id, LimitKind::kSize, summary, {}, {}};
  r.module = [measure = std::move(measure)](const model::ModuleReport& m, const Setting& s) {
    const uint64_t v = measure(m);
    return v > s.amount ? std::vector<Violation>{size_violation(v, s.amount)}
                        : std::vector<Violation>{};
  };
  return r;
}

Rule module_count_rule(std::string_view id, std::string_view summary, std::string_view what,
                       std::function<uint64_t(const model::ModuleReport&)> measure) {
  Rule r{id, LimitKind::kCount, summary, {}, {}};
  r.module = [measure = std::move(measure), what](const model::ModuleReport& m, const Setting& s) {
    const uint64_t v = measure(m);
    return v > s.amount ? std::vector<Violation>{count_violation(v, s.amount, what)}
                        : std::vector<Violation>{};
  };
  return r;
}

std::string largest_clusters(const DuplicateSubject& s, size_t n) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < std::min(n, s.clusters.size()); ++i) {
    const auto& [cluster, copies] = s.clusters[i];
    const model::DuplicateCluster& c = *cluster;
    // Name a copy inside the subject, not wherever the cluster starts.
    const model::DuplicateCopy* copy = &c.copies.front();
    for (const auto& candidate : c.copies) {
      if ((s.artifact.empty() || candidate.artifact == s.artifact) &&
          (s.module.empty() || candidate.module == s.module)) {
        copy = &candidate;
        break;
      }
    }
    parts.push_back(
        fmt::format("{} x {} {} {}", copies, base::human_size(c.size), copy->module,
                    copy->name.empty() ? fmt::format("func[{}]", copy->function) : copy->name));
  }
  return parts.empty() ? "" : fmt::format(" (largest: {})", fmt::join(parts, "; "));
}

Rule artifact_size_rule(std::string_view id, std::string_view summary,
                        std::function<uint64_t(const model::ArtifactReport&)> measure) {
  Rule r{id, LimitKind::kSize, summary, {}, {}};
  r.artifact = [measure = std::move(measure)](const model::ArtifactReport& a, const Setting& s) {
    const uint64_t v = measure(a);
    return v > s.amount ? std::vector<Violation>{size_violation(v, s.amount)}
                        : std::vector<Violation>{};
  };
  return r;
}

std::string duplicates_mode(const Budget& b) {
  const Setting* mode = b.find("duplicates", "mode");
  return mode ? mode->choice : std::string(model::kDefaultLevel);
}

std::string duplicates_scope(const Budget& b) {
  const Setting* scope = b.find("duplicates", "scope");
  return scope ? scope->choice : "artifact";
}

uint64_t duplicates_min_size(const Budget& b) {
  const Setting* min_size = b.find("duplicates", "min-function-size");
  return min_size ? min_size->amount : model::kDefaultMinFunctionSize;
}

pipeline::Needs duplicates_needs(const Setting&, const Budget& b) {
  return {.levels = model::level_named(duplicates_mode(b)),
          .clusters_min_size = duplicates_min_size(b)};
}

std::optional<uint64_t> transfer_figure(const std::optional<model::TransferSizes>& t,
                                        const Setting& s) {
  if (!t) return std::nullopt;
  return s.choice == "gzip" ? t->gzip : t->brotli;
}

std::vector<Violation> transfer_violation(std::optional<uint64_t> value, const Setting& s) {
  if (!value || *value <= s.amount) return {};
  Violation v = size_violation(*value, s.amount);
  v.message = (s.choice == "gzip" ? "gzip -9 " : "brotli ") + v.message;
  return {v};
}

std::vector<Violation> closure_violation(const ClosureSubject& c, uint64_t value, const Setting& s,
                                         std::string_view what) {
  if (value <= s.amount) return {};
  Violation v = s.kind == LimitKind::kCount ? count_violation(value, s.amount, what)
                                            : size_violation(value, s.amount);
  v.message = fmt::format(
      "{}{} for the closure of {} ({} package{}{})", c.closure.complete() ? "" : "at least ",
      v.message, c.package, c.closure.packages.size(), c.closure.packages.size() == 1 ? "" : "s",
      c.closure.complete() ? ""
                           : fmt::format(", {} without their files: {}", c.closure.missing.size(),
                                         fmt::join(c.closure.missing, ", ")));
  return {v};
}

Rule closure_rule(std::string_view id, LimitKind kind, std::string_view summary,
                  std::string_view what, std::function<uint64_t(const model::Closure&)> measure) {
  Rule r{id, kind, summary, {}, {}};
  r.closure = [measure = std::move(measure), what](const ClosureSubject& c, const Setting& s) {
    return closure_violation(c, measure(c.closure), s, what);
  };
  return r;
}

Rule closure_flag_rule(
    std::string_view id, std::string_view summary,
    std::function<std::vector<std::pair<std::string, std::string>>(const ClosureSubject&)>
        offences) {
  Rule r{id, LimitKind::kFlag, summary, {}, {}};
  r.closure = [offences = std::move(offences)](const ClosureSubject& c, const Setting& s) {
    std::vector<Violation> out;
    if (!s.flag) return out;
    for (auto& [subject, message] : offences(c)) {
      Violation v;
      v.value = 1;
      v.message = std::move(message);
      v.subject = c.package + (subject.empty() ? "" : ": " + subject);
      out.push_back(std::move(v));
    }
    return out;
  };
  return r;
}

}  // namespace wasmsize::rules
