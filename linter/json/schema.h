// The `--format json` schema (version kSchema) of what is measured, written
// and read in one place: every key the writer puts in a report document the
// reader takes back, so a saved report stands for the build it was made
// from (diff, check --base) and report -> JSON -> load -> JSON is identical.
// Documents of other commands (check, dups, diff) reuse the writers here
// for the parts they share.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "model/model.h"

namespace wasmsize::json {

using nlohmann::json;

inline constexpr int kSchema = 1;

json tool_to_json();
struct StreamedArray;
// With `streamed`, each module's function list is a placeholder and its
// writer is appended there, for json/stream.h to write one at a time.
json transfer_to_json(const model::TransferSizes& t);
std::optional<model::TransferSizes> transfer_from_json(const json& j);  // j's "transfer", if any
json module_to_json(const model::ModuleReport& m, std::vector<StreamedArray>* streamed = nullptr);
// `modules`: those to list, in order (a report with --top lists fewer; the
// count says how many there are).
json artifact_to_json(const model::ArtifactReport& a, std::vector<StreamedArray>* streamed,
                      std::span<const model::ModuleReport* const> modules);
json finding_to_json(const model::Finding& f);

// The `report` document: every artifact with the modules `listed` gives it
// (one vector per artifact, in run order), totals over all modules, findings.
json report_document(const model::Run& run, std::vector<StreamedArray>* streamed,
                     const std::vector<std::vector<const model::ModuleReport*>>& listed);
// The `inspect` document: one artifact with one module.
json inspect_document(const model::ArtifactReport& a, const model::ModuleReport& m,
                      std::vector<StreamedArray>* streamed = nullptr);

// What a document could not give back: named parts it lacks.
using Gaps = std::vector<std::string>;

model::ModuleReport module_from_json(const json& j, const std::string& where, Gaps& gaps);
model::ArtifactReport artifact_from_json(const json& j, Gaps& gaps);
model::Finding finding_from_json(const json& j);
// A `report` or `inspect` document. Throws std::runtime_error saying what is
// wrong (nlohmann's type errors are turned into that too).
model::Run run_from_document(const json& doc, Gaps& gaps);

}  // namespace wasmsize::json
