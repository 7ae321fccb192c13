#include "model/model.h"

#include <algorithm>
#include <cctype>
#include <iterator>

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

void FunctionNames::add(uint32_t function, std::string_view name) {
  if (name.empty() || (!at_.empty() && function <= at_.back().function)) return;
  if (text_.size() + name.size() > UINT32_MAX) return;
  text_.append(name);
  at_.push_back({function, static_cast<uint32_t>(text_.size())});
}

std::string_view FunctionNames::operator[](uint32_t function) const {
  const auto it = std::lower_bound(at_.begin(), at_.end(), function,
                                   [](const At& a, uint32_t f) { return a.function < f; });
  if (it == at_.end() || it->function != function) return {};
  const uint32_t begin = it == at_.begin() ? 0 : std::prev(it)->end;
  return std::string_view(text_).substr(begin, it->end - begin);
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

std::vector<std::string> Distribution::abi_tags() const {
  std::vector<std::string> tags;
  if (!info.abi_version.empty()) {
    tags.push_back("pyodide_" + info.abi_version + "_" +
                   (info.arch.empty() ? "wasm32" : info.arch));
    tags.push_back("pyemscripten_" + info.abi_version + "_" +
                   (info.arch.empty() ? "wasm32" : info.arch));
  }
  if (!info.platform.empty()) {
    tags.push_back(info.platform + "_" + (info.arch.empty() ? "wasm32" : info.arch));
  }
  return tags;
}

std::string canonical_package_name(std::string_view name) {
  // PEP 503: lower case, and each run of '-', '_', '.' one '-'.
  std::string out;
  for (const char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      if (out.empty() || out.back() != '-') out += '-';
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

void Distribution::index_packages() {
  by_canonical_name.clear();
  for (size_t i = 0; i < packages.size(); ++i)
    by_canonical_name.emplace_back(canonical_package_name(packages[i].name), i);
  std::sort(by_canonical_name.begin(), by_canonical_name.end());
}

const LockPackage* Distribution::find(std::string_view raw) const {
  const std::string name = canonical_package_name(raw);
  if (!by_canonical_name.empty()) {
    const auto it = std::lower_bound(
        by_canonical_name.begin(), by_canonical_name.end(), name,
        [](const std::pair<std::string, size_t>& e, const std::string& n) { return e.first < n; });
    return it != by_canonical_name.end() && it->first == name ? &packages[it->second] : nullptr;
  }
  for (const auto& p : packages)
    if (canonical_package_name(p.name) == name) return &p;
  return nullptr;
}

}  // namespace wasmsize::model
