// The pipeline computes what the needs ask for and nothing else: parts not
// asked for are empty optionals, never zeros; and the joins around it
// (scopes of clusters, saved reports among inputs) keep their promises.
#include "pipeline/pipeline.h"

#include <gtest/gtest.h>

#include "analysis/duplicates.h"
#include "report/fixtures.h"
#include "support/paths.h"
#include "support/wasm_builder.h"

namespace wasmsize::pipeline {
namespace {

// Two modules of one wheel sharing one 40-byte function (same digest at
// every level), each with one of its own.
model::Run shared_function_run() {
  model::Run run = test::sample_run();
  run.artifacts.pop_back();
  for (uint8_t m = 0; m < 2; ++m) {
    model::FunctionPrint shared{.index = 2, .size = 40}, own{.index = 3, .size = 60};
    shared.bytes[0] = shared.mergeable[0] = shared.shape[0] = 1;
    own.bytes[0] = own.mergeable[0] = own.shape[0] = uint8_t(2 + m);
    run.artifacts[0].modules[m].prints = {shared, own};
  }
  return run;
}

TEST(Pipeline, ComputesOnlyWhatIsAsked) {
  Measurements none{.run = shared_function_run()};
  complete(none, {});
  EXPECT_FALSE(none.duplicates.has_value());

  Measurements one{.run = shared_function_run()};
  complete(one, {.levels = model::kShape, .clusters_min_size = 32});
  ASSERT_TRUE(one.duplicates.has_value());
  EXPECT_FALSE(one.duplicates->exact.has_value());
  EXPECT_FALSE(one.duplicates->mergeable.has_value());
  ASSERT_TRUE(one.duplicates->shape.has_value());
  EXPECT_EQ(one.duplicates->shape->wasted, 40u);
  EXPECT_EQ(one.duplicates->code_bytes, 200u);  // whatever the level
  EXPECT_EQ(one.duplicates->level("mergeable"), nullptr);
}

TEST(Pipeline, DuplicatedSizesFromTheMergeableClusters) {
  Measurements m{.run = shared_function_run()};
  complete(m, {.levels = model::kMergeable, .clusters_min_size = 32, .duplicated_sizes = true});
  EXPECT_EQ(m.run.artifacts[0].modules[0].duplicated_size, 40u);
  EXPECT_EQ(m.run.artifacts[0].modules[1].duplicated_size, 40u);
}

TEST(Pipeline, NeedsUnionTakesTheSmallerClusterMinimum) {
  Needs a{.levels = model::kExact, .clusters_min_size = 64};
  a |= Needs{.levels = model::kShape, .entry_hashes = true, .clusters_min_size = 16};
  EXPECT_EQ(a.levels, model::kExact | model::kShape);
  EXPECT_TRUE(a.entry_hashes);
  EXPECT_EQ(*a.clusters_min_size, 16u);
}

TEST(Pipeline, ScopesSplitWasteBySubject) {
  const model::Run run = shared_function_run();
  const auto d = analysis::find_duplicates(run, 32, model::kMergeable);
  const auto by_module = analysis::split_by_scope(run, *d.mergeable, d.files, "module", 32);
  ASSERT_EQ(by_module.size(), 2u);
  EXPECT_EQ(by_module[0].wasted + by_module[1].wasted, 0u);  // one copy in each module
  const auto by_artifact = analysis::split_by_scope(run, *d.mergeable, d.files, "artifact", 32);
  ASSERT_EQ(by_artifact.size(), 1u);
  EXPECT_EQ(by_artifact[0].wasted, 40u);
  EXPECT_EQ(by_artifact[0].code, 200u);
}

TEST(Pipeline, MissingInputsAreInputErrors) {
  EXPECT_THROW(measure({"/nonexistent/wheel.whl"}, {}, {}), InputError);
}

TEST(Pipeline, ASavedReportAmongInputsKeepsOrderAndSaysWhatItLacks) {
  test::TempDir tmp;
  const auto module = tmp.path() / "a.wasm";
  test::write_file(module, test::padded_module(10));
  const auto saved = tmp.path() / "b.json";
  const std::string doc = R"({"schema": 1, "artifacts": [{"path": "x.whl", "size": 5,
      "module_count": 2, "modules": [{"name": "m", "size": 3}]}]})";
  test::write_file(saved, std::vector<uint8_t>(doc.begin(), doc.end()));
  const Measurements m =
      measure({saved.string(), module.string()}, {.levels = model::kMergeable}, {});
  ASSERT_EQ(m.run.artifacts.size(), 2u);
  EXPECT_EQ(m.run.artifacts[0].path, "x.whl");
  EXPECT_EQ(m.run.artifacts[0].unlisted_modules, 1u);
  EXPECT_EQ(m.run.artifacts[1].path, module.generic_string());
  const std::string gaps = ::testing::PrintToString(m.gaps);
  EXPECT_NE(gaps.find("lists 1 of its 2 modules"), std::string::npos) << gaps;
  EXPECT_NE(gaps.find("no fingerprints"), std::string::npos) << gaps;
  EXPECT_NE(gaps.find("no sections"), std::string::npos) << gaps;
}

}  // namespace
}  // namespace wasmsize::pipeline
