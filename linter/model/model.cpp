#include "model/model.h"

namespace wasmsize::model {

Levels level_named(std::string_view name) {
  return name == "exact" ? kExact : name == "shape" ? kShape : kMergeable;
}

std::string_view kind_name(ArtifactReport::Kind k) {
  switch (k) {
    case ArtifactReport::Kind::kWheel:
      return "wheel";
    case ArtifactReport::Kind::kZip:
      return "zip";
    case ArtifactReport::Kind::kModule:
      return "module";
  }
  return "module";
}

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::kOff:
      return "off";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "error";
}

}  // namespace wasmsize::model
