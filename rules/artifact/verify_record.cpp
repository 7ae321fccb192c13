#include <fmt/format.h>

#include <map>
#include <sstream>

#include "rules/all_rules.h"

namespace wasmsize::rules {

namespace {

struct RecordRow {
  std::string digest;  // without the "sha256=" prefix
  std::string size;
};

// RECORD is CSV: path,hash,size, with quoting when a path holds a comma.
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"') {
      if (quoted && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else {
        quoted = !quoted;
      }
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

bool unlisted_by_design(const std::string& path) {
  const auto slash = path.find('/');
  const std::string tail = slash == std::string::npos ? path : path.substr(slash);
  return tail == "/RECORD" || tail == "/RECORD.jws" || tail == "/RECORD.p7s";
}

}  // namespace

// pip checks RECORD on install; a wheel whose files do not match it was
// altered after it was built.
Rule artifact_verify_record() {
  Rule r{"artifact.verify-record",
         LimitKind::kFlag,
         "Every file of a wheel must match its RECORD entry (SHA-256 and size).",
         {},
         {}};
  // Every entry's SHA-256, and the RECORD itself.
  r.needs = [](const Setting& s, const Budget&) { return pipeline::Needs{.entry_hashes = s.flag}; };
  r.artifact = [](const model::ArtifactReport& a, const Setting& s) {
    std::vector<Violation> out;
    if (!s.flag || !a.is_wheel()) return out;
    auto fail = [&](std::string subject, std::string message) {
      out.push_back({1, 0, "mismatch", "RECORD", std::move(message), std::move(subject)});
    };
    if (!a.record) {
      fail("", "the wheel has no *.dist-info/RECORD");
      return out;
    }
    std::map<std::string, RecordRow> rows;
    std::istringstream in(*a.record);
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line == "\r") continue;
      auto f = csv_fields(line);
      if (f.size() < 3) continue;
      const std::string hash = f[1].rfind("sha256=", 0) == 0 ? f[1].substr(7) : f[1];
      rows[f[0]] = {hash, f[2]};
    }
    auto check = [&](const std::string& path, uint64_t size, const std::string& digest) {
      if (unlisted_by_design(path)) return;
      const auto it = rows.find(path);
      if (it == rows.end()) return fail(path, fmt::format("{} is not listed in RECORD", path));
      if (it->second.digest != digest) {
        fail(path, fmt::format("{}: sha256 {} does not match RECORD's {}", path, digest,
                               it->second.digest.empty() ? "(none)" : it->second.digest));
      } else if (it->second.size != std::to_string(size)) {
        fail(path, fmt::format("{}: {} bytes, RECORD says {}", path, size, it->second.size));
      }
      rows.erase(it);
    };
    for (const auto& f : a.files)
      check(f.path, f.size, f.sha256);
    for (const auto& m : a.modules)
      check(m.path, m.size, m.sha256);
    for (const auto& [path, row] : rows) {
      if (!unlisted_by_design(path))
        fail(path, fmt::format("{} is in RECORD but not in the wheel", path));
    }
    return out;
  };
  return r;
}

}  // namespace wasmsize::rules
