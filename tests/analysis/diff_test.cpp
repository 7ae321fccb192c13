// diff_runs on hand-built runs: matching across versions, what changed in a
// module, and modules a partial saved report cannot vouch for.
#include "analysis/diff.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "report/fixtures.h"

namespace wasmsize::analysis {
namespace {

model::Run next_version(model::Run run) {
  auto& a = run.artifacts[0];
  a.path = "dist/demo-1.1-cp313-cp313-pyodide_2025_0_wasm32.whl";
  a.version = "1.1";
  a.size += 500;
  a.modules[0].size += 500;
  a.modules[0].sections[1].size += 500;
  a.modules[0].functions[0].size += 500;
  a.modules.pop_back();  // demo.small removed
  return run;
}

TEST(DiffRuns, MatchesByDistributionAndModuleName) {
  const model::Run base = test::sample_run(), head = next_version(base);
  const model::DiffReport d = diff_runs(base, head);
  ASSERT_EQ(d.artifacts.size(), 2u);  // the wheel, and the loose module by file name
  const auto& wheel = d.artifacts[0];
  EXPECT_EQ(wheel.key, "demo");
  ASSERT_EQ(wheel.modules.size(), 2u);
  EXPECT_EQ(wheel.modules[0].name, "demo.small");  // largest change first: -1.6 kB
  EXPECT_EQ(wheel.modules[0].status, model::ModuleDiff::Status::kRemoved);
  const auto& core = wheel.modules[1];
  EXPECT_EQ(core.status, model::ModuleDiff::Status::kChanged);
  EXPECT_EQ(core.size.delta(), 500);
  ASSERT_EQ(core.sections.size(), 1u);
  EXPECT_EQ(core.sections[0].name, "code");
  ASSERT_EQ(core.functions.size(), 1u);
  EXPECT_EQ(core.functions[0].name, "PyInit_demo.core");
  EXPECT_EQ(d.artifacts[1].modules[0].status, model::ModuleDiff::Status::kUnchanged);
}

TEST(DiffRuns, ModulesAPartialReportDoesNotListAreUnlisted) {
  model::Run base = test::sample_run();
  base.artifacts[0].modules.pop_back();
  base.artifacts[0].unlisted_modules = 1;  // saved with --top 1
  model::Run head = test::sample_run();
  head.artifacts[0].modules.push_back(test::module_named("demo.extra", 100));
  const model::DiffReport d = diff_runs(base, head);
  const auto demo = std::find_if(d.artifacts.begin(), d.artifacts.end(),
                                 [](const auto& a) { return a.key == "demo"; });
  ASSERT_NE(demo, d.artifacts.end());
  for (const auto& m : demo->modules) {
    if (m.name == "demo.core")
      EXPECT_EQ(m.status, model::ModuleDiff::Status::kUnchanged);
    else
      EXPECT_EQ(m.status, model::ModuleDiff::Status::kUnlisted) << m.name;
  }
}

}  // namespace
}  // namespace wasmsize::analysis
