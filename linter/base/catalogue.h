// Findings as values: a kind (id, default severity, help text) declared next
// to the code that raises it, and factories that fill a model::Finding by
// name instead of by position. Each layer lists its kinds in one array
// (sources/findings.h, pipeline/findings.h; rules are their own kinds), so
// SARIF, JUnit and `docs/findings.md` see the same catalogue the code uses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/model.h"

namespace wasmsize::base {

struct FindingKind {
  std::string_view id;  // "input.unsafe-path"
  model::Severity severity = model::Severity::kError;
  std::string_view help;  // one line, for SARIF rule help and --help texts
};

// What a finding is about: the artifact as given, the module or entry inside
// it, and a byte offset when one applies.
struct Where {
  std::string artifact;
  std::string subject;
  std::optional<uint64_t> offset;
};

inline model::Finding finding(const FindingKind& kind, Where where, std::string message) {
  model::Finding f;
  f.rule = std::string(kind.id);
  f.severity = kind.severity;
  f.artifact = std::move(where.artifact);
  f.subject = std::move(where.subject);
  f.offset = where.offset;
  f.message = std::move(message);
  return f;
}

}  // namespace wasmsize::base
