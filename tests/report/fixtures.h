// Hand-built measurements for the upper layers: a run of two artifacts (a
// wheel with two modules, a loose module that failed to parse), an
// evaluation of it, duplicate clusters and a diff. Writers and analyses are
// tested on these values, with no input file and no parser involved.
#pragma once

#include "model/model.h"

namespace wasmsize::test {

inline model::ModuleReport module_named(const std::string& name, uint64_t size) {
  model::ModuleReport m;
  m.name = name;
  m.path = name.substr(0, name.find('.')) + "/" + name.substr(name.find('.') + 1) +
           ".cpython-312-wasm32-emscripten.so";
  m.size = size;
  m.compressed_size = size / 3;
  m.code_size = size / 2;
  m.data_size = size / 4;
  m.custom_size = size / 8;
  m.other_size = size - m.code_size - m.data_size - m.custom_size;
  m.function_count = 3;
  m.import_count = 2;
  m.export_count = 1;
  m.functions = {{.index = 2, .offset = 100, .size = size / 4, .name = "PyInit_" + name},
                 {.index = 3, .offset = 200, .size = size / 8, .name = ""},
                 {.index = 4, .offset = 300, .size = size / 16, .name = "helper"}};
  m.largest_function = m.functions[0];
  m.sections = {{.id = 1, .name = "type", .offset = 10, .size = 20, .header_size = 2},
                {.id = 10, .name = "code", .offset = 40, .size = m.code_size, .header_size = 3},
                {.id = 11, .name = "data", .offset = 50, .size = m.data_size, .header_size = 3},
                {.id = 0, .name = "name", .custom = true, .offset = 60, .size = m.custom_size}};
  m.imports = {{"env", "memory", "memory"}, {"env", "__memory_base", "global"}};
  m.exports = {{"PyInit_" + name, "func", 2}};
  m.dylink = model::DylinkInfo{.mem_size = 64, .mem_align = 4, .needed = {"libfoo.so"}};
  m.target_features = {"+mutable-globals", "+sign-ext"};
  m.duplicated_size = size / 16;
  return m;
}

inline model::Run sample_run() {
  model::Run run;
  model::ArtifactReport wheel;
  wheel.path = "dist/demo-1.0-cp312-cp312-pyodide_2024_0_wasm32.whl";
  wheel.kind = model::kWheel;
  wheel.distribution = "demo";
  wheel.version = "1.0";
  wheel.platform_tag = "pyodide_2024_0_wasm32";
  wheel.modules = {module_named("demo.core", 40000), module_named("demo.small", 1600)};
  wheel.files = {{"demo/__init__.py", 30, 50, ""}, {"demo-1.0.dist-info/RECORD", 100, 300, ""}};
  total_files(wheel);
  wheel.entries_stored_size = 13333 + 533 + 130;
  wheel.size = wheel.entries_stored_size + 400;
  wheel.uncompressed_size = 40000 + 1600 + 350;
  run.artifacts.push_back(wheel);

  model::ArtifactReport loose;
  loose.path = "build/broken.wasm";
  loose.size = loose.uncompressed_size = loose.entries_stored_size = 77;
  model::ModuleReport broken;
  broken.name = "broken";
  broken.size = 77;
  broken.other_size = 77;
  broken.error = model::ParseErrorInfo{12, "unexpected end: section size (LEB128) is cut off"};
  loose.modules = {broken};
  run.artifacts.push_back(loose);

  model::Finding f;
  f.rule = "input.malformed-module";
  f.severity = model::Severity::kError;
  f.artifact = "build/broken.wasm";
  f.subject = "broken";
  f.offset = 12;
  f.message = "malformed module at byte 12: unexpected end: section size (LEB128) is cut off";
  run.findings.push_back(f);
  return run;
}

inline model::DuplicateLevel sample_level(uint64_t scale) {
  model::DuplicateLevel l;
  l.code_bytes = 20800;
  model::DuplicateCluster c{.size = 96 * scale,
                            .wasted = 96 * scale,
                            .copies = {{"dist/demo-1.0-cp312-cp312-pyodide_2024_0_wasm32.whl",
                                        "demo.core", "", 3, uint32_t(96 * scale)},
                                       {"dist/demo-1.0-cp312-cp312-pyodide_2024_0_wasm32.whl",
                                        "demo.small", "helper", 4, uint32_t(96 * scale)}}};
  l.clusters = {c};
  l.wasted = l.cross_module = c.wasted;
  return l;
}

inline model::DuplicateReport sample_duplicates() {
  model::DuplicateReport d;
  d.min_size = 32;
  d.code_bytes = 20800;
  d.exact = sample_level(1);
  d.mergeable = sample_level(2);
  d.shape = sample_level(3);
  return d;
}

inline model::Evaluation sample_evaluation(const model::Run& run,
                                           const model::DuplicateLevel* clusters) {
  model::Evaluation e;
  e.budget_path = "wasmsize.yaml";
  e.rules = {{"module.max-size", "Raw size of each WebAssembly module."},
             {"input.malformed-module", "A WebAssembly module that does not parse."}};
  e.checks = {{"module.max-size", run.artifacts[0].path, "demo.core", false},
              {"module.max-size", run.artifacts[0].path, "demo.small", true}};
  model::Finding f;
  f.rule = "module.max-size";
  f.severity = model::Severity::kError;
  f.artifact = run.artifacts[0].path;
  f.subject = "demo.core";
  f.message = "40.0 kB > 30 kB (+10 kB, +33.3%)";
  f.value = 40000;
  f.limit = 30000;
  f.value_text = "40.0 kB";
  f.limit_text = "30 kB";
  f.budget_line = 3;
  f.budget_column = 13;
  f.key = "module.max-size|demo|demo.core";
  e.findings = run.findings;
  e.findings.push_back(f);
  f.severity = model::Severity::kWarning;
  f.subject = "demo.small";
  f.message = "a warning about demo.small";
  e.findings.push_back(f);
  e.duplicates = model::Evaluation::Duplicates{"mergeable", clusters};
  return e;
}

inline model::DiffReport sample_diff() {
  model::DiffReport d;
  model::ArtifactDiff a;
  a.key = "demo";
  a.old_path = "old/demo-0.9-cp312-cp312-pyodide_2024_0_wasm32.whl";
  a.new_path = "dist/demo-1.0-cp312-cp312-pyodide_2024_0_wasm32.whl";
  a.size = {"demo", 12000, 14363};
  model::ModuleDiff grew;
  grew.name = "demo.core";
  grew.status = model::ModuleDiff::Status::kChanged;
  grew.size = {"", 36000, 40000};
  grew.compressed = {"", 12000, 13333};
  grew.code = {"", 18000, 20000};
  grew.data = {"", 9000, 10000};
  grew.sections = {{"code", 18000, 20000}, {"data", 9000, 10000}};
  grew.functions = {{"PyInit_demo.core", 9000, 10000}};
  model::ModuleDiff added;
  added.name = "demo.small";
  added.status = model::ModuleDiff::Status::kAdded;
  added.size = {"", 0, 1600};
  model::ModuleDiff gone;
  gone.name = "demo.old";
  gone.status = model::ModuleDiff::Status::kRemoved;
  gone.size = {"", 900, 0};
  a.modules = {grew, added, gone};
  d.artifacts = {a};
  d.notes = {
      "base old.json: lists 2 of its 3 modules (saved with --top); the others are not compared"};
  return d;
}

}  // namespace wasmsize::test
