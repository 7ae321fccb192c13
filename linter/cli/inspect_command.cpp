#include <fmt/format.h>

#include "analysis/scan.h"
#include "cli/common.h"

namespace wasmsize::cli {

namespace {

// "wheel.whl!path/inside.so" names one archive member; a path alone names a
// loose module, or an archive that holds exactly one module.
struct Target {
  std::string file;
  std::string member;
};

Target split_target(const std::string& target) {
  const size_t bang = target.find('!');
  if (bang == std::string::npos) return {target, ""};
  return {target.substr(0, bang), target.substr(bang + 1)};
}

const model::ModuleReport& pick_module(const model::ArtifactReport& a, const Target& t) {
  std::vector<std::string> names;
  for (const auto& m : a.modules) {
    if (t.member.empty() || m.path == t.member || m.name == t.member) {
      if (!t.member.empty() || a.modules.size() == 1) return m;
    }
    names.push_back(m.path.empty() ? m.name : m.path);
  }
  if (names.empty()) throw UsageError{fmt::format("{}: holds no WebAssembly module", a.path)};
  throw UsageError{fmt::format("{}: {}; name one as {}!PATH:\n  {}", a.path,
                               t.member.empty() ? fmt::format("holds {} modules", names.size())
                                                : fmt::format("no module '{}'", t.member),
                               a.path, fmt::join(names, "\n  "))};
}

}  // namespace

int run_inspect(const std::string& target_arg, const CommonOptions& o) {
  const Target target = split_target(target_arg);
  std::vector<std::string> errors;
  auto files = archive::expand_inputs({target.file}, errors);
  if (!errors.empty()) throw UsageError{errors.front()};
  if (files.size() != 1) throw UsageError{fmt::format("{}: inspect takes one module", target.file)};

  analysis::ScanOptions options;
  options.read.limits = read_limits(o);
  options.read.only_entry = target.member;
  options.levels = model::kNoLevels;
  model::Run run = analysis::scan(files, options);
  if (run.artifacts.front().modules.empty() && !target.member.empty()) {
    options.read.only_entry.clear();  // perhaps a dotted module name rather than a path
    run = analysis::scan(files, options);
  }
  for (const auto& f : run.findings) {
    if (f.rule != "input.malformed-module" && f.severity == model::Severity::kError &&
        run.artifacts.front().modules.empty()) {
      throw UsageError{fmt::format("{}: {}", f.artifact, f.message)};
    }
  }
  const model::ArtifactReport& artifact = run.artifacts.front();
  const model::ModuleReport& module = pick_module(artifact, target);
  Output out(o);
  if (o.format == "json") {
    report::write_inspect_json(artifact, module, out.stream());
  } else {
    report::write_inspect_text(artifact, module, out.style(), out.stream());
  }
  return module.error ? kFindings : kOk;
}

}  // namespace wasmsize::cli
