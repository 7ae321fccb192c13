#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>

// `wasmsize init INPUT...`: a starter budget from what is measured now.
#include "base/escape.h"
#include "base/units.h"
#include "cli/commands.h"
#include "rules/init.h"
#include "rules/registry.h"

namespace wasmsize::cli {

namespace {

struct InitOptions {
  std::vector<std::string> inputs;
  std::string headroom = "10%";
  std::string own_limits_from = "10 kB";
  bool force = false;
};

// Whether every wheel's files match its RECORD, so the starter budget can
// ask for that from now on.
bool records_verify(const model::Run& run) {
  const rules::Rule* rule = rules::find_rule("artifact.verify-record");
  rules::Setting on;
  on.kind = rules::LimitKind::kFlag;
  on.flag = true;
  for (const auto& a : run.artifacts) {
    if (a.is_wheel() && !rule->artifact(a, on).empty()) return false;
  }
  return true;
}

int run(const InitOptions& i, const CommonOptions& o) {
  base::UnitError err;
  const auto headroom = base::parse_ratio(i.headroom, &err);
  if (!headroom) throw UsageError{"--headroom: " + err.message};
  // Limits are sizes in bytes: a headroom past 1000% is a typo, and 1e30
  // would overflow every limit to nonsense.
  if (!(*headroom >= 0 && *headroom <= 10)) {
    throw UsageError{fmt::format("--headroom: {} is outside 0% to 1000%", i.headroom)};
  }
  const auto own_from = base::parse_size(i.own_limits_from, &err);
  if (!own_from) throw UsageError{"--own-limits-from: " + err.message};
  const pipeline::Measurements m = measure(i.inputs,
                                           {.levels = model::kMergeable,
                                            .entry_hashes = true,
                                            .clusters_min_size = model::kDefaultMinFunctionSize,
                                            .function_list = false,
                                            .transfer = {.distributions = true}},
                                           o);
  const model::Run& run = m.run;
  if (exit_status(run.findings) != kOk) {
    report::write_findings_text(run.findings, {}, std::cerr);
    throw UsageError{"the inputs have errors (above); fix them before writing a budget from them"};
  }
  std::optional<uint64_t> duplicated;
  if (m.duplicates && m.duplicates->mergeable) duplicated = m.duplicates->mergeable->wasted;
  const std::string yaml = rules::starter_budget(run, {.headroom = *headroom,
                                                       .own_limit_from = *own_from,
                                                       .record_verified = records_verify(run),
                                                       .duplicated_bytes = duplicated});
  const std::string output = o.output.empty() ? "wasmsize.yaml" : o.output;
  if (output == "-") {
    std::cout << yaml << std::flush;
    if (!std::cout) throw UsageError{"cannot write to stdout"};
    return kOk;
  }
  if (std::filesystem::exists(output) && !i.force) {
    throw UsageError{fmt::format("{} exists; pass --force to overwrite it, or -o FILE", output)};
  }
  std::ofstream out(output);
  out << yaml;
  out.close();
  if (!out) throw UsageError{fmt::format("cannot write {}", output)};
  if (!o.quiet) {
    std::cerr << fmt::format(
        "wasmsize: wrote {} from {} artifact(s); run `wasmsize check` to use it\n",
        base::for_terminal(output), run.artifacts.size());
  }
  return kOk;
}

std::function<int()> setup_init(CLI::App& cmd, CommonOptions& common) {
  auto i = std::make_shared<InitOptions>();
  cmd.add_option("inputs", i->inputs, "wheels, zips, .wasm/.so files or folders")->required();
  cmd.add_option("--headroom", i->headroom, "room above today's sizes (10% or 0.1)")
      ->default_str(i->headroom);
  cmd.add_option("--own-limits-from", i->own_limits_from,
                 "modules at least this large get limits of their own")
      ->default_str(i->own_limits_from);
  cmd.add_flag("-f,--force", i->force, "overwrite an existing budget file");
  add_common_options(cmd, common, {"text"});
  cmd.get_option("--output")
      ->description("the budget file to write ('-' for stdout)")
      ->default_str("wasmsize.yaml");
  return [i, &common] { return run(*i, common); };
}

}  // namespace

extern const Command kInitCommand{.name = "init",
                                  .help = "write a starter wasmsize.yaml from what is measured now",
                                  .setup = setup_init};

}  // namespace wasmsize::cli
