#include "sources/package.h"

#include <cctype>
#include <vector>

namespace wasmsize::sources {

namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

// ".cpython-312-wasm32-emscripten", ".abi3", ".cpython-310": the tag a
// CPython extension carries between its module name and ".so".
bool is_extension_tag(std::string_view tag) {
  return tag.starts_with("cpython-") || tag.starts_with("pypy") || tag == "abi3" ||
         tag.find("emscripten") != std::string_view::npos ||
         tag.find("wasm32") != std::string_view::npos;
}

}  // namespace

std::string module_name(std::string_view path) {
  while (path.starts_with("./") || path.starts_with("/"))
    path.remove_prefix(path[0] == '.' ? 2 : 1);
  for (std::string_view ext : {".wasm", ".so"}) {
    if (path.ends_with(ext)) {
      path.remove_suffix(ext.size());
      break;
    }
  }
  // Drop a trailing ".tag" when it is a CPython/Emscripten extension tag.
  const size_t slash = path.rfind('/');
  const size_t dot = path.rfind('.');
  if (dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash) &&
      is_extension_tag(path.substr(dot + 1))) {
    path = path.substr(0, dot);
  }
  std::string name(path);
  for (char& c : name) {
    if (c == '/' || c == '\\') c = '.';
  }
  return name;
}

std::optional<WheelName> parse_wheel_name(std::string_view file_name) {
  const size_t slash = file_name.find_last_of("/\\");
  if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
  if (!file_name.ends_with(".whl")) return std::nullopt;
  file_name.remove_suffix(4);
  auto parts = split(file_name, '-');
  if (parts.size() != 5 && parts.size() != 6) return std::nullopt;
  WheelName w;
  for (char c : parts[0]) {
    const bool sep = c == '-' || c == '_' || c == '.';
    if (sep && !w.distribution.empty() && w.distribution.back() == '_') continue;
    w.distribution += sep ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  w.version = parts[1];
  w.python_tag = parts[parts.size() - 3];
  w.abi_tag = parts[parts.size() - 2];
  w.platform_tag = parts[parts.size() - 1];
  return w;
}

bool is_emscripten_platform(std::string_view tag) {
  if (!tag.ends_with("_wasm32")) return false;
  return tag.starts_with("emscripten_") || tag.starts_with("pyodide_") ||
         tag.starts_with("pyemscripten_");
}

bool is_unsafe_entry_path(std::string_view path) {
  if (path.empty()) return true;
  if (path[0] == '/' || path[0] == '\\') return true;
  if (path.size() >= 2 && std::isalpha(static_cast<unsigned char>(path[0])) && path[1] == ':') {
    return true;
  }
  size_t start = 0;
  for (size_t i = 0; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/' || path[i] == '\\') {
      if (path.substr(start, i - start) == "..") return true;
      start = i + 1;
    }
  }
  return false;
}

void fill_package_facts(model::ArtifactReport& artifact, std::string_view file_name) {
  if (auto wheel = parse_wheel_name(file_name)) {
    artifact.kind = model::kWheel;
    artifact.distribution = wheel->distribution;
    artifact.version = wheel->version;
    artifact.platform_tag = wheel->platform_tag;
    return;
  }
  artifact.kind = model::kZip;
  const size_t dot = file_name.rfind('.');
  artifact.distribution = std::string(file_name.substr(0, dot == 0 ? file_name.size() : dot));
}

bool is_record_entry(std::string_view name) {
  const size_t slash = name.find('/');
  return slash != std::string_view::npos && name.substr(slash) == "/RECORD" &&
         std::string_view(name.substr(0, slash)).ends_with(".dist-info");
}

}  // namespace wasmsize::sources
