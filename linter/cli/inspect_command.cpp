#include <fmt/format.h>

// `wasmsize inspect MODULE`: one module in detail.
#include "cli/commands.h"
#include "pipeline/findings.h"

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

int run(const std::string& target_arg, const report::InspectView& view, const CommonOptions& o) {
  const Target target = split_target(target_arg);
  std::vector<std::string> errors;
  std::vector<sources::SkippedFile> skipped;
  auto files = sources::expand_inputs({target.file}, errors, skipped);
  if (!errors.empty()) throw UsageError{errors.front()};
  if (files.size() != 1) throw UsageError{fmt::format("{}: inspect takes one module", target.file)};

  pipeline::Options options = pipeline_options(o);
  options.only_entry = target.member;
  model::Run run = pipeline::scan(files, {}, options);
  if (run.artifacts.front().modules.empty() && !target.member.empty()) {
    options.only_entry.clear();  // perhaps a dotted module name rather than a path
    run = pipeline::scan(files, {}, options);
  }
  for (const auto& f : run.findings) {
    if (f.rule != pipeline::kMalformedModule.id && f.severity == model::Severity::kError &&
        run.artifacts.front().modules.empty()) {
      throw UsageError{fmt::format("{}: {}", f.artifact, f.message)};
    }
  }
  const model::ArtifactReport& artifact = run.artifacts.front();
  const model::ModuleReport& module = pick_module(artifact, target);
  emit(report::inspect_formats(), report::InspectResult{artifact, module, view}, o);
  return module.error ? kFindings : kOk;
}

std::function<int()> setup_inspect(CLI::App& cmd, CommonOptions& common) {
  auto target = std::make_shared<std::string>();
  auto view = std::make_shared<report::InspectView>();
  cmd.add_option("module", *target, "a .wasm/.so file, or ARCHIVE!path/inside.so")->required();
  cmd.add_option("--top", view->top, "list the first N function bodies in text (0: all)")
      ->check(count_option);
  std::vector<std::string> fields(report::inspect_sort_fields().begin(),
                                  report::inspect_sort_fields().end());
  cmd.add_option("--sort", view->sort, "order function bodies by FIELD")
      ->check(CLI::IsMember(fields))
      ->default_str(view->sort);
  add_common_options(cmd, common, report::format_names(report::inspect_formats()));
  return [target, view, &common] { return run(*target, *view, common); };
}

}  // namespace

extern const Command kInspectCommand{
    .name = "inspect",
    .help = "one module in detail: sections, dylink.0, features, imports, exports, bodies",
    .setup = setup_inspect};

}  // namespace wasmsize::cli
