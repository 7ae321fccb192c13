// `wasmsize dups INPUT...`: clusters of duplicated functions at each level.
#include "base/units.h"
#include "cli/commands.h"

namespace wasmsize::cli {

namespace {

struct DupsOptions {
  std::vector<std::string> inputs;
  std::string mode;  // "" = every level
  std::string min_size = std::to_string(model::kDefaultMinFunctionSize) + " B";
  size_t top = 10;
};

int run(const DupsOptions& d, const CommonOptions& o) {
  base::UnitError err;
  const auto min_size = base::parse_size(d.min_size, &err);
  if (!min_size) throw UsageError{"--min-size: " + err.message};
  const model::Levels levels = d.mode.empty() ? model::kAllLevels : model::level_named(d.mode);
  const pipeline::Measurements m =
      measure(d.inputs,
              {.levels = levels,
               .clusters_min_size = *min_size,
               // The html page draws the duplicated functions in their modules.
               .function_list = formats_list_functions(o)},
              o);
  emit(report::dups_formats(), report::DupsResult{*m.duplicates, m.run, {d.mode, d.top}}, o);
  return exit_status(m.run.findings);
}

std::function<int()> setup_dups(CLI::App& cmd, CommonOptions& common) {
  auto d = std::make_shared<DupsOptions>();
  cmd.add_option("inputs", d->inputs, "wheels, zips, .wasm/.so files or folders")->required();
  std::vector<std::string> modes;
  for (const auto& l : model::kLevelNames)
    modes.emplace_back(l.name);
  cmd.add_option("--mode", d->mode, "show one level only")->check(CLI::IsMember(modes));
  cmd.add_option("--min-size", d->min_size, "ignore functions smaller than this")
      ->default_str(d->min_size);
  cmd.add_option("--top", d->top, "clusters to list per level (0: all)")
      ->check(count_option)
      ->default_str("10");
  add_common_options(cmd, common, report::format_names(report::dups_formats()));
  return [d, &common] { return run(*d, common); };
}

}  // namespace

extern const Command kDupsCommand{
    .name = "dups",
    .help = "clusters of duplicated functions: exact, mergeable, shape (and raw)",
    .setup = setup_dups};

}  // namespace wasmsize::cli
