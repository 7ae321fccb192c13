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
#include <map>
#include <optional>
#include <set>

#include "base/escape.h"
#include "sources/findings.h"
#include "sources/source.h"

namespace wasmsize::sources {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Pyodide's own lock is 200 kB, and 1,000 packages (the bound below) of a
// few hundred bytes each are under 1 MB; 4 MiB leaves room and keeps the
// parsed document (about 10 times the text) within the memory contract.
constexpr uint64_t kMaxLockSize = uint64_t{4} << 20;
// A closure lists its packages, so a lock whose packages all reach one
// another makes n closures of n names: the output grows as n^2. Pyodide's
// own lock lists 349 packages; 1,000 keeps the worst case at a million
// names (about 4 s and 170 MB for `report --format json`).
constexpr size_t kMaxPackages = 1000;
constexpr int kMaxDepth = 64;

// A lock saved as UTF-16 (PowerShell's default) or UTF-32: by its byte-order
// mark, or by a brace with a NUL beside it.
std::string_view wide_encoding(std::string_view t) {
  if (t.starts_with(std::string_view("\xFF\xFE\0\0", 4))) return "UTF-32LE";
  if (t.starts_with(std::string_view("\0\0\xFE\xFF", 4))) return "UTF-32BE";
  if (t.starts_with("\xFF\xFE")) return "UTF-16LE";
  if (t.starts_with("\xFE\xFF")) return "UTF-16BE";
  if (t.starts_with(std::string_view("{\0", 2))) return "UTF-16LE";
  if (t.starts_with(std::string_view("\0{", 2))) return "UTF-16BE";
  return "";
}

bool sniff_lock(std::span<const uint8_t> head, std::string_view file_name) {
  const std::string_view text(reinterpret_cast<const char*>(head.data()), head.size());
  if (!wide_encoding(text).empty()) return true;
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
    drop_pip_equal_names();
    out_.distribution.index_packages();
    bound_depends();
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

  // Names that are one name to pip (PEP 503: case, runs of - _ .) would
  // find each other's closures: one finding, the first by name kept.
  void drop_pip_equal_names() {
    auto& packages = out_.distribution.packages;
    std::map<std::string, std::vector<std::string>> spelled;
    std::vector<model::LockPackage> kept;
    kept.reserve(packages.size());
    for (auto& p : packages) {
      auto& names = spelled[model::canonical_package_name(p.name)];
      names.push_back(p.name);
      if (names.size() == 1) kept.push_back(std::move(p));
    }
    packages = std::move(kept);
    for (const auto& [canonical, names] : spelled) {
      if (names.size() < 2) continue;
      out_.findings.push_back(base::finding(
          kDuplicatePackage, {path_.generic_string(), names.front()},
          fmt::format("{} packages are one name to pip ('{}'): '{}'; only '{}' is read",
                      names.size(), canonical, fmt::join(names, "', '"), names.front())));
    }
  }

  // `depends` bounded as packages are: each list holds each name once, and
  // at most kMaxPackages names the lock does not know are kept in all (a
  // hub depending on a million absent names would put them in every
  // closure that reaches it). What is dropped is said.
  void bound_depends() {
    auto& d = out_.distribution;
    std::set<std::string> unknown;
    size_t dropped_repeats = 0, dropped_unknown = 0;
    for (auto& p : d.packages) {
      std::set<std::string> seen;
      std::vector<std::string> kept;
      for (auto& dep : p.depends) {
        const std::string canonical = model::canonical_package_name(dep);
        if (!seen.insert(canonical).second) {
          ++dropped_repeats;
          continue;
        }
        if (!d.find(dep)) {
          if (unknown.size() >= kMaxPackages && !unknown.count(canonical)) {
            ++dropped_unknown;
            continue;
          }
          unknown.insert(canonical);
        }
        kept.push_back(std::move(dep));
      }
      p.depends = std::move(kept);
    }
    if (dropped_unknown > 0) {
      bad("packages", fmt::format("\"depends\" name {} more packages the lock does not list, past "
                                  "the {} a lock may leave unlisted: not followed",
                                  dropped_unknown, kMaxPackages));
    }
    (void)dropped_repeats;  // a repeated name is the same dependency: nothing lost
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

  // Each package's file beside the lock. A file named by several packages
  // is one artifact (measured and weighed once); a name no file system can
  // hold (a NUL, a control character) is a finding, never another file.
  void find_files() {
    const fs::path dir = path_.parent_path();
    std::map<std::string, size_t> member_at;
    for (size_t i = 0; i < out_.distribution.packages.size(); ++i) {
      auto& pkg = out_.distribution.packages[i];
      if (std::any_of(pkg.file_name.begin(), pkg.file_name.end(),
                      [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; })) {
        bad(pkg.name,
            fmt::format("\"file_name\" {} holds a control character (a NUL cuts a name "
                        "short): no file is looked up for it",
                        json(pkg.file_name).dump(-1, ' ', true, json::error_handler_t::replace)));
        continue;
      }
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
      if (!base.ends_with(".whl") && !base.ends_with(".zip")) continue;
      const auto [it, first] = member_at.emplace(pkg.file, out_.members.size());
      if (first) {
        out_.members.push_back({file, {}});
        out_.member_of.emplace_back();
      }
      out_.member_of[it->second].push_back(i);
    }
  }

  fs::path path_;
  Manifest& out_;
};

// The text of a lock in UTF-8: UTF-16 and UTF-32 are decoded (by their
// byte-order mark or a NUL beside the first brace); bytes that are not
// UTF-8 are refused with where they are, since a JSON parser's message
// would not say which encoding the file was saved in.
std::optional<std::string> lock_text(std::string raw, std::string& problem) {
  const std::string_view wide = wide_encoding(raw);
  if (!wide.empty()) {
    const size_t unit = wide.starts_with("UTF-32") ? 4 : 2;
    const bool big = wide.ends_with("BE");
    const bool bom = raw.starts_with("\xFF\xFE") || raw.starts_with("\xFE\xFF") ||
                     raw.starts_with(std::string_view("\0\0\xFE\xFF", 4));
    size_t i = bom ? unit : 0;
    if (raw.size() % unit != 0) {
      problem = fmt::format("saved as {} but {} bytes long, not a whole number of characters", wide,
                            raw.size());
      return std::nullopt;
    }
    std::string out;
    out.reserve(raw.size() / unit);
    auto at = [&](size_t k) {
      uint32_t v = 0;
      for (size_t b = 0; b < unit; ++b) {
        const auto byte = static_cast<unsigned char>(raw[k + (big ? b : unit - 1 - b)]);
        v = (v << 8) | byte;
      }
      return v;
    };
    for (; i < raw.size(); i += unit) {
      uint32_t cp = at(i);
      if (unit == 2 && cp >= 0xD800 && cp <= 0xDBFF && i + 2 < raw.size()) {
        const uint32_t low = at(i + 2);
        if (low >= 0xDC00 && low <= 0xDFFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          i += 2;
        }
      }
      if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        problem = fmt::format("saved as {}, with an invalid character at byte {}", wide, i);
        return std::nullopt;
      }
      if (cp < 0x80) {
        out += static_cast<char>(cp);
      } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      }
    }
    return out;
  }
  const std::string valid = base::valid_utf8(raw);
  if (valid != raw) {
    size_t at = 0;
    while (at < raw.size() && raw[at] == valid[at])
      ++at;
    problem = fmt::format(
        "not UTF-8: byte 0x{:02X} at offset {} (a latin-1 or Windows-1252 file?); save it as "
        "UTF-8",
        static_cast<unsigned char>(raw[at]), at);
    return std::nullopt;
  }
  return raw;
}

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
  std::string raw(size, '\0');
  in.read(raw.data(), static_cast<std::streamsize>(raw.size()));
  raw.resize(static_cast<size_t>(in.gcount()));
  std::string problem;
  const std::optional<std::string> text = lock_text(std::move(raw), problem);
  if (!text) {
    out.findings.push_back(base::finding(kMalformedLock, {out.distribution.path, ""},
                                         "cannot read the lock: " + problem));
    return out;
  }
  json doc;
  try {
    // A lock is four levels deep; a document nested past 64 is not one,
    // and each level costs memory (a 4 MB lock of brackets took 158 MB).
    doc = json::parse(*text, [](int depth, json::parse_event_t, json&) {
      if (depth > kMaxDepth) {
        throw std::runtime_error(fmt::format("nested more than {} levels deep", kMaxDepth));
      }
      return true;
    });
  } catch (const std::exception& e) {
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
