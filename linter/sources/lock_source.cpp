// A Pyodide distribution: a pyodide-lock.json, read as what `loadPackage`
// reads (packages, their files and `depends`), with each package's file
// looked up beside the lock by its base name (a lock may name a URL: the
// 2026 schema does). The files found are the distribution's artifacts; the
// ones absent make the closures that reach them incomplete
// (analysis/closures.h). Every field is checked for its type: a lock is
// input like any other.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>

#include "sources/findings.h"
#include "sources/source.h"

namespace wasmsize::sources {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr uint64_t kMaxLockSize = uint64_t{256} << 20;  // Pyodide's own lock is 200 kB
// A closure lists its packages, so a lock whose packages all reach one
// another makes n closures of n names: the output grows as n^2. Pyodide's
// own lock lists 349 packages; 1,000 keeps the worst case at a million
// names (about 4 s and 170 MB for `report --format json`).
constexpr size_t kMaxPackages = 1000;

bool sniff_lock(std::span<const uint8_t> head, std::string_view file_name) {
  const std::string_view text(reinterpret_cast<const char*>(head.data()), head.size());
  const size_t brace = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (brace == std::string_view::npos || text[brace] != '{') return false;
  return file_name.ends_with("lock.json") || text.find("\"info\"") != std::string_view::npos;
}

// The file name a lock's `file_name` stands for: its last path segment,
// without a URL's query or fragment; empty when that is not a plain name.
std::string base_name(std::string_view file_name) {
  file_name = file_name.substr(0, file_name.find_first_of("?#"));
  const size_t slash = file_name.find_last_of("/\\");
  std::string_view base = slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
  if (base.empty() || base == "." || base == "..") return "";
  return std::string(base);
}

class LockReader {
 public:
  LockReader(const fs::path& path, Manifest& out) : path_(path), out_(out) {}

  void read(const json& doc) {
    if (!doc.is_object()) return bad("", "the document is not a JSON object");
    if (auto it = doc.find("info"); it != doc.end()) read_info(*it);
    const auto packages = doc.find("packages");
    if (packages == doc.end() || !packages->is_object()) {
      return bad("packages", "no \"packages\" object");
    }
    if (packages->size() > kMaxPackages) {
      bad("packages", fmt::format("{} packages, over the {} a lock may list (Pyodide's own "
                                  "lists 349): the first {} by name are read",
                                  packages->size(), kMaxPackages, kMaxPackages));
    }
    for (const auto& [key, p] : packages->items()) {
      if (out_.distribution.packages.size() >= kMaxPackages) break;
      if (!p.is_object()) {
        bad(key, "not an object");
        continue;
      }
      read_package(key, p);
    }
    std::sort(out_.distribution.packages.begin(), out_.distribution.packages.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    out_.distribution.index_packages();
    find_files();
  }

 private:
  void bad(std::string_view where, std::string_view what) {
    out_.findings.push_back(
        base::finding(kMalformedLock, {path_.generic_string(), std::string(where)},
                      where.empty() ? std::string(what) : fmt::format("'{}': {}", where, what)));
  }

  std::string text(const json& j, const char* key, std::string_view where) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return "";
    if (it->is_string()) return it->get<std::string>();
    bad(where, fmt::format("\"{}\" is not a string", key));
    return "";
  }

  std::vector<std::string> texts(const json& j, const char* key, std::string_view where) {
    std::vector<std::string> out;
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return out;
    if (!it->is_array()) {
      bad(where, fmt::format("\"{}\" is not a list", key));
      return out;
    }
    for (const auto& v : *it) {
      if (v.is_string()) {
        out.push_back(v.get<std::string>());
      } else {
        bad(where, fmt::format("\"{}\" holds something other than a name", key));
      }
    }
    return out;
  }

  void read_info(const json& info) {
    if (!info.is_object()) return bad("info", "not an object");
    auto& i = out_.distribution.info;
    i.abi_version = text(info, "abi_version", "info");
    i.platform = text(info, "platform", "info");
    i.python = text(info, "python", "info");
    i.arch = text(info, "arch", "info");
    i.version = text(info, "version", "info");
  }

  void read_package(const std::string& key, const json& p) {
    model::LockPackage pkg{.name = key,
                           .version = text(p, "version", key),
                           .file_name = text(p, "file_name", key),
                           .sha256 = text(p, "sha256", key),
                           .package_type = text(p, "package_type", key),
                           .install_dir = text(p, "install_dir", key),
                           .depends = texts(p, "depends", key),
                           .imports = texts(p, "imports", key)};
    std::transform(pkg.sha256.begin(), pkg.sha256.end(), pkg.sha256.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    out_.distribution.packages.push_back(std::move(pkg));
  }

  void find_files() {
    const fs::path dir = path_.parent_path();
    for (size_t i = 0; i < out_.distribution.packages.size(); ++i) {
      auto& pkg = out_.distribution.packages[i];
      const std::string base = base_name(pkg.file_name);
      if (base.empty()) continue;
      const fs::path file = dir / base;
      pkg.file = file.generic_string();
      std::error_code ec;
      if (!fs::is_regular_file(file, ec)) continue;
      pkg.file_size = fs::file_size(file, ec);
      if (ec) {
        pkg.file_size.reset();
        continue;
      }
      // Wheels and zips are measured; other files (a tests .tar) only
      // weigh their download.
      if (base.ends_with(".whl") || base.ends_with(".zip")) {
        out_.members.push_back({file, {}});
        out_.member_of.push_back(i);
      }
    }
  }

  fs::path path_;
  Manifest& out_;
};

Manifest expand_lock(const fs::path& path) {
  Manifest out;
  out.distribution.path = path.generic_string();
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec || size > kMaxLockSize) {
    out.findings.push_back(base::finding(
        kMalformedLock, {out.distribution.path, ""},
        ec ? fmt::format("cannot read: {}", ec.message())
           : fmt::format("{} bytes, over the {}-byte limit for a lock file", size, kMaxLockSize)));
    return out;
  }
  std::ifstream in(path, std::ios::binary);
  json doc;
  try {
    doc = json::parse(in);
  } catch (const json::exception& e) {
    out.findings.push_back(base::finding(kMalformedLock, {out.distribution.path, ""},
                                         fmt::format("not a pyodide-lock.json: {}", e.what())));
    return out;
  }
  LockReader(path, out).read(doc);
  return out;
}

}  // namespace

extern const Source kLockSource{
    .name = "pyodide lock", .sniff = sniff_lock, .folder_suffixes = {}, .expand = expand_lock};

}  // namespace wasmsize::sources
