#include "model/model.h"

namespace wasmsize::model {

Levels level_named(std::string_view name) {
  for (const auto& l : kLevelNames) {
    if (l.name == name) return l.level;
  }
  return kMergeable;
}

std::string_view level_name(Levels single) {
  for (const auto& l : kLevelNames) {
    if (l.level == single) return l.name;
  }
  return kDefaultLevel;
}

void total_files(ArtifactReport& a) {
  a.file_totals = {};
  for (const auto& f : a.files) {
    ++a.file_totals.count;
    a.file_totals.size += f.size;
    a.file_totals.stored_size += f.stored_size;
  }
}

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "error";
}

}  // namespace wasmsize::model
