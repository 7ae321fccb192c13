#include "pipeline/pipeline.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <stdexcept>

#include "analysis/duplicates.h"
#include "pipeline/findings.h"
#include "sources/findings.h"

namespace wasmsize::pipeline {

std::span<const base::FindingKind> input_finding_kinds() {
  static const auto kinds = [] {
    std::vector<base::FindingKind> all = {kMalformedModule, kMalformedCustomSection, kResourceLimit,
                                          kNotJudged};
    all.insert(all.end(), sources::kFindingKinds.begin(), sources::kFindingKinds.end());
    return all;
  }();
  return kinds;
}

namespace {

// What a distribution's lock and its files disagree on: packages whose file
// is absent (one finding naming them all: Pyodide's own lock lists 349, a
// folder of an app's wheels holds a few) and files whose SHA-256 is not
// the lock's.
void check_distribution(const model::Distribution& d, model::Run& run) {
  std::vector<std::string> absent;
  for (const auto& p : d.packages) {
    if (!p.file_size) {
      absent.push_back(p.name);
      continue;
    }
    if (!p.artifact || p.sha256.empty()) continue;
    const auto& a = run.artifacts[*p.artifact];
    if (!a.file_sha256.empty() && a.file_sha256 != p.sha256) {
      run.findings.push_back(base::finding(
          sources::kSha256Mismatch, {a.path, ""},
          fmt::format("package '{}': SHA-256 {} differs from {} in {}: the file is not the one "
                      "the lock was made with",
                      p.name, a.file_sha256, p.sha256, d.path)));
    }
  }
  if (!absent.empty()) {
    run.findings.push_back(base::finding(
        sources::kMissingPackage, {d.path, ""},
        fmt::format("{} of {} packages have no file beside the lock, so the closures that reach "
                    "them are incomplete: {}",
                    absent.size(), d.packages.size(), fmt::join(absent, ", "))));
  }
}

// The files beside each lock that it does not list (an app's own wheels,
// pyodide.asm.wasm, a wheel left from another version): read as artifacts
// of their own, after every lock's, and said once per lock (issue 23: a
// 1 MB budget passed over 3 MB of modules nobody read).
std::vector<sources::InputFile> unlisted_beside(const std::vector<sources::Manifest>& manifests,
                                                const std::vector<sources::InputFile>& given,
                                                std::vector<model::Finding>& findings) {
  namespace fs = std::filesystem;
  auto key = [](const fs::path& p) {
    std::error_code ec;
    const fs::path c = fs::weakly_canonical(p, ec);
    return ec ? p.lexically_normal() : c;
  };
  std::set<fs::path> known;
  for (const auto& f : given)
    known.insert(key(f.path));
  for (const auto& m : manifests) {
    for (const auto& member : m.members)
      known.insert(key(member.path));
  }
  std::vector<sources::InputFile> out;
  for (const auto& m : manifests) {
    const fs::path dir = fs::path(m.distribution.path).parent_path();
    std::vector<sources::InputFile> beside;
    std::vector<std::string> errors;
    std::vector<sources::SkippedFile> skipped;
    sources::walk_folder(dir.empty() ? fs::path(".") : dir, beside, errors, skipped);
    // What the walk could not read is said here as for any folder input.
    for (const auto& s : skipped) {
      findings.push_back(base::finding(sources::kSkippedFile, {s.path.generic_string(), ""},
                                       fmt::format("{}: not read", s.why)));
    }
    for (const auto& e : errors)
      findings.push_back(base::finding(sources::kUnreadable, {m.distribution.path, ""}, e));
    std::vector<std::string> names;
    size_t wheels = 0;
    for (auto& f : beside) {
      if (!known.insert(key(f.path)).second) continue;
      const std::string name = f.member_path();
      wheels += name.ends_with(".whl") || name.ends_with(".zip");
      names.push_back(name);
      out.push_back(std::move(f));
    }
    if (names.empty()) continue;
    const size_t shown = std::min<size_t>(names.size(), 5);
    findings.push_back(base::finding(
        sources::kNotInLock, {m.distribution.path, ""},
        fmt::format(
            "{} wheel{} and {} module{} beside the lock are not in it, measured as "
            "artifacts of their own: {}{}",
            wheels, wheels == 1 ? "" : "s", names.size() - wheels,
            names.size() - wheels == 1 ? "" : "s",
            fmt::join(names.begin(), names.begin() + static_cast<ptrdiff_t>(shown), ", "),
            names.size() > shown ? fmt::format(" and {} more", names.size() - shown) : "")));
  }
  return out;
}

// Saved reports (sources that load finished measurements) are taken whole;
// every other input is read and parsed by scan(). Artifacts keep the order
// of the inputs.
Measurements read_inputs(const std::vector<sources::InputFile>& files, const Needs& needs,
                         const Options& options) {
  // Each input is sniffed once, here; the scan reads it with that source.
  // A lock is expanded into its package files, scanned after the inputs.
  std::vector<sources::InputFile> to_scan;
  std::vector<const sources::Source*> source_of(files.size());
  std::vector<sources::Manifest> manifests;
  for (size_t i = 0; i < files.size(); ++i) {
    source_of[i] = &sources::source_for(files[i].path);
    if (source_of[i]->expand) {
      manifests.push_back(source_of[i]->expand(files[i].path));
    } else if (!source_of[i]->load) {
      to_scan.push_back(files[i]);
      to_scan.back().source = source_of[i];
    }
  }
  const size_t direct = to_scan.size();
  for (const auto& manifest : manifests) {
    for (const auto& member : manifest.members) {
      to_scan.push_back(member);
      to_scan.back().source = &sources::source_for(member.path);
      to_scan.back().in_distribution = true;
    }
  }
  std::vector<model::Finding> beside_findings;
  for (auto& f : unlisted_beside(manifests, files, beside_findings)) {
    f.source = &sources::source_for(f.path);
    to_scan.push_back(std::move(f));
  }
  Measurements out;
  model::Run scanned = scan(to_scan, needs, options);
  out.run.findings = std::move(scanned.findings);
  size_t next_scanned = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    if (source_of[i]->expand) continue;
    if (!source_of[i]->load) {
      out.run.artifacts.push_back(std::move(scanned.artifacts[next_scanned++]));
      continue;
    }
    sources::LoadedRun loaded;
    try {
      loaded = source_of[i]->load(files[i].path);
    } catch (const std::runtime_error& e) {
      throw InputError{e.what()};
    }
    if (needs.levels != model::kNoLevels) {
      loaded.gaps.push_back(
          fmt::format("{}: a saved report holds no fingerprints; its functions are not clustered",
                      files[i].path.generic_string()));
    }
    std::move(loaded.run.artifacts.begin(), loaded.run.artifacts.end(),
              std::back_inserter(out.run.artifacts));
    std::move(loaded.run.findings.begin(), loaded.run.findings.end(),
              std::back_inserter(out.run.findings));
    std::move(loaded.gaps.begin(), loaded.gaps.end(), std::back_inserter(out.gaps));
  }
  // The distributions' artifacts follow the inputs' own, lock by lock.
  next_scanned = direct;
  for (auto& manifest : manifests) {
    for (size_t k = 0; k < manifest.members.size(); ++k) {
      for (const size_t package : manifest.member_of[k])
        manifest.distribution.packages[package].artifact = out.run.artifacts.size();
      out.run.artifacts.push_back(std::move(scanned.artifacts[next_scanned++]));
    }
    std::move(manifest.findings.begin(), manifest.findings.end(),
              std::back_inserter(out.run.findings));
    check_distribution(manifest.distribution, out.run);
    out.run.distributions.push_back(std::move(manifest.distribution));
  }
  for (; next_scanned < scanned.artifacts.size(); ++next_scanned)
    out.run.artifacts.push_back(std::move(scanned.artifacts[next_scanned]));
  std::move(beside_findings.begin(), beside_findings.end(), std::back_inserter(out.run.findings));
  return out;
}

}  // namespace

void complete(Measurements& m, const Needs& needs) {
  m.fingerprinted = needs.levels;
  m.entry_hashes = needs.entry_hashes;
  if (needs.clusters_min_size) {
    m.duplicates = analysis::find_duplicates(m.run, *needs.clusters_min_size, needs.levels);
  }
  if (needs.duplicated_sizes && m.duplicates && m.duplicates->mergeable) {
    analysis::mark_duplicated(m.run, *m.duplicates->mergeable, m.duplicates->files);
  }
}

Measurements measure(const std::vector<std::string>& inputs, const Needs& needs,
                     const Options& options) {
  std::vector<std::string> errors;
  std::vector<sources::SkippedFile> skipped;
  const auto files = sources::expand_inputs(inputs, errors, skipped);
  if (!errors.empty()) throw InputError{fmt::format("{}", fmt::join(errors, "\n"))};

  const auto start = std::chrono::steady_clock::now();
  Measurements out = read_inputs(files, needs, options);
  for (const auto& s : skipped) {
    out.run.findings.push_back(base::finding(sources::kSkippedFile, {s.path.generic_string(), ""},
                                             fmt::format("{}: not read", s.why)));
  }
  complete(out, needs);
  spdlog::debug("measured {} input file(s) with {} job(s) in {} ms", files.size(), options.jobs,
                std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - start)
                    .count());
  return out;
}

}  // namespace wasmsize::pipeline
