// What `dups` tells to do about a cluster: its kind from names and modules,
// and the bytes the fix saves per wheel.
#include "analysis/cluster_advice.h"

#include <gtest/gtest.h>

#include "analysis/duplicates.h"
#include "base/escape.h"

namespace wasmsize::analysis {
namespace {

// Two wheels of two distributions, and an older build of the first; each
// module holds one function named `name` (empty: unnamed) of 100 bytes
// with one fingerprint, so every run makes a single cluster.
model::Run run_with(std::string_view name, bool cython, std::vector<int> modules_per_wheel) {
  model::Run run;
  const char* paths[] = {"a-1.0-py3-none-any.whl", "b-1.0-py3-none-any.whl",
                         "a-0.9-py3-none-any.whl"};
  const char* dists[] = {"a", "b", "a"};
  for (size_t w = 0; w < modules_per_wheel.size(); ++w) {
    model::ArtifactReport a{.path = paths[w], .distribution = dists[w]};
    for (int m = 0; m < modules_per_wheel[w]; ++m) {
      model::ModuleReport mod;
      mod.name = std::string(dists[w]) + ".m" + std::to_string(m);
      mod.cython = cython;
      model::FunctionPrint p{.index = 1, .size = 100};
      p.mergeable[0] = p.shape[0] = 9;
      mod.prints = {p};
      mod.names.add(1, name);
      a.modules.push_back(std::move(mod));
    }
    run.artifacts.push_back(std::move(a));
  }
  return run;
}

ClusterAdvice advice_for(const model::Run& run) {
  const auto d = find_duplicates(run, 32, model::kMergeable);
  EXPECT_EQ(d.mergeable->clusters.size(), 1u);
  return ClusterAdvisor(run).advise(d.mergeable->clusters.at(0));
}

TEST(ClusterAdvice, CythonHelpersSaveWithinEachWheel) {
  const model::Run run = run_with("", /*cython=*/true, {3, 2});
  const ClusterAdvice a = advice_for(run);
  EXPECT_EQ(a.kind, ClusterKind::kCython);
  EXPECT_NE(a.fix.find("--generate-shared"), std::string::npos) << a.fix;
  ASSERT_EQ(a.per_artifact.size(), 2u);
  EXPECT_EQ(a.per_artifact[0].bytes, 200u);  // three copies in a, one would do
  EXPECT_EQ(a.per_artifact[1].bytes, 100u);
  EXPECT_EQ(a.across_artifacts, 0u);  // a utility module per package
  // A __pyx name says Cython whatever the module.
  EXPECT_EQ(advice_for(run_with("__Pyx_PyObject_Call", false, {2})).kind, ClusterKind::kCython);
}

TEST(ClusterAdvice, VendoredLibraryIsLinkedOnce) {
  const ClusterAdvice a = advice_for(run_with("ZSTD_compressBlock_fast", true, {2, 2}));
  EXPECT_EQ(a.kind, ClusterKind::kLibrary);
  EXPECT_NE(a.fix.find("ZSTD_compressBlock_fast"), std::string::npos) << a.fix;
  EXPECT_NE(a.fix.find("dylink.0"), std::string::npos) << a.fix;
  EXPECT_EQ(a.per_artifact.size(), 2u);
  EXPECT_EQ(a.across_artifacts, 100u);  // one library for both wheels
  // An older build of `a` is an alternative: no saving across it.
  EXPECT_EQ(advice_for(run_with("ZSTD_compressBlock_fast", false, {1, 0, 1})).across_artifacts, 0u);
}

TEST(ClusterAdvice, RuntimeHelpersAndGenerics) {
  EXPECT_EQ(advice_for(run_with("memcpy", false, {2})).kind, ClusterKind::kRuntime);
  EXPECT_EQ(advice_for(run_with("__multi3", false, {2})).kind, ClusterKind::kRuntime);
  const ClusterAdvice g =
      advice_for(run_with("_ZNSt3__26vectorIiNS_9allocatorIiEEE9push_backEOi", false, {2}));
  EXPECT_EQ(g.kind, ClusterKind::kGeneric);
  const std::string long_name = "_ZN3foo" + std::string(500, 'x') + "IiEEvv";
  const ClusterAdvice l = advice_for(run_with(long_name, false, {2}));
  EXPECT_LE(l.fix.size(), 300u) << "long names are shortened in the sentence: " << l.fix;
  EXPECT_EQ(advice_for(run_with("", false, {2})).kind, ClusterKind::kOther);
}

// A long name is shortened between characters, never inside one: the
// advice is written to every format, and half a character is not text.
TEST(ClusterAdvice, ShortensLongNamesBetweenCharacters) {
  for (size_t pad = 50; pad < 60; ++pad) {
    const std::string name =
        std::string(pad, 'a') + "\u00e9\u20ac\U0001F600" + std::string(40, 'z');
    const ClusterAdvice a = advice_for(run_with(name, false, {2}));
    EXPECT_EQ(base::valid_utf8(a.fix), a.fix) << pad;
  }
}

}  // namespace
}  // namespace wasmsize::analysis
