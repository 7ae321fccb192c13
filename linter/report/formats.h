// The format tables: for each kind of result a command produces, the
// `--format` names it can be written in and the writer for each. A new
// format is a writer in its own file plus one line in a table here
// (formats.cpp); the CLI reads these tables for `--format` choices and
// help, and writes any number of them from one analysis.
#pragma once

#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"
#include "report/report.h"

namespace wasmsize::report {

// What `report` measured: the run, and the mergeable clusters behind the
// `dup` column (for html).
struct ReportResult {
  const model::Run& run;
  const model::DuplicateLevel* clusters = nullptr;
  ReportView view;
  std::span<const model::DistributionClosures> distributions = {};  // of the locks among the inputs
};

struct CheckResult {
  const model::Evaluation& evaluation;
  const model::Run& run;
};

struct DupsResult {
  const model::DuplicateReport& dups;
  const model::Run& run;
  DupsView view;
};

struct DiffResult {
  const model::DiffReport& diff;
  const std::vector<model::Finding>& findings;
};

struct InspectResult {
  const model::ArtifactReport& artifact;
  const model::ModuleReport& module;
  InspectView view = {};
};

template <typename Result>
struct Format {
  std::string_view name;
  void (*write)(const Result& result, const Style& style, std::ostream& out);
};

std::span<const Format<ReportResult>> report_formats();
std::span<const Format<CheckResult>> check_formats();
std::span<const Format<DupsResult>> dups_formats();
std::span<const Format<DiffResult>> diff_formats();
std::span<const Format<InspectResult>> inspect_formats();

template <typename Result>
std::vector<std::string> format_names(std::span<const Format<Result>> table) {
  std::vector<std::string> names;
  for (const auto& f : table)
    names.emplace_back(f.name);
  return names;
}

template <typename Result>
const Format<Result>* find_format(std::span<const Format<Result>> table, std::string_view name) {
  for (const auto& f : table) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace wasmsize::report
