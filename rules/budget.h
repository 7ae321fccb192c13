// A budget as loaded from wasmsize.yaml: settings per section and key, the
// default severity, and overrides for matching modules. Every setting
// remembers where the file sets it, for error messages and SARIF locations.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/model.h"

namespace wasmsize::rules {

struct Location {
  int line = 0, column = 0;  // 1-based; 0 when not from a file
};

// A rule's severity as a budget sets it. `off` is no finding at all, so it
// never reaches a model::Finding, which is only a warning or an error.
enum class RuleSeverity { kOff, kWarning, kError };

enum class LimitKind { kSize, kCount, kRatio, kRatioRange, kNames, kFlag, kChoice };

struct Setting {
  LimitKind kind = LimitKind::kSize;
  uint64_t amount = 0;                   // kSize (bytes), kCount
  double ratio = 0;                      // kRatio
  std::optional<double> min, max;        // kRatioRange
  std::vector<std::string> names;        // kNames: globs
  bool flag = false;                     // kFlag
  std::string choice;                    // kChoice
  std::optional<RuleSeverity> severity;  // the entry's own, if it sets one
  Location where;
};

// Settings of one section ("module", "artifact", "duplicates", "growth") by key.
using Section = std::map<std::string, Setting>;

struct Override {
  std::string match;  // a module-name glob or an in-artifact path glob
  Location where;
  std::map<std::string, Section> sections;
  std::optional<RuleSeverity> severity;
};

struct Budget {
  std::string path;
  int version = 1;
  std::map<std::string, Section> sections;
  RuleSeverity severity = RuleSeverity::kError;
  Location severity_where;
  std::vector<Override> overrides;

  const Setting* find(const std::string& section, const std::string& key) const;
};

struct BudgetError {
  std::string message;  // "file:line:column: message"
};

// A budget file larger than this is refused unread.
inline constexpr size_t kMaxBudgetBytes = size_t{1} << 20;

// Throws BudgetError for anything it cannot take: unknown keys (with a
// suggestion), bad units, wrong types, bad globs, an unknown version.
Budget load_budget(const std::string& path);
Budget parse_budget(const std::string& text, const std::string& path);

// wasmsize.yaml in `start` or the nearest folder above it, if any.
std::optional<std::string> find_budget(const std::string& start);

}  // namespace wasmsize::rules
