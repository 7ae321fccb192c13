// Measuring a parsed module: the parts add up to the size, even for a module
// cut short, and functions get their best-known names.
#include "analysis/measure.h"

#include <gtest/gtest.h>

#include "support/wasm_builder.h"

namespace wasmsize::analysis {
namespace {

using namespace wasmsize::test;

Buf sample() {
  return module({
      custom_section("dylink.0", subsection(1, cat({uleb(64), uleb(2), uleb(1), uleb(0)}))),
      section(1, vec({functype({}, {})})),
      section(2, vec({cat({name("env"), name("memory"), bytes({0x02, 0x00, 0x01})})})),
      section(3, vec({uleb(0), uleb(0)})),
      section(7, vec({cat({name("__wasm_apply_data_relocs"), bytes({0x00}), uleb(0)})})),
      section(10, vec({body({}, bytes({0x0B})), body({}, bytes({0x01, 0x01, 0x01, 0x0B}))})),
      section(11, vec({cat({uleb(1), name("hello")})})),
      custom_section("target_features", vec({cat({bytes({'+'}), name("sign-ext")})})),
      custom_section("name", subsection(1, vec({cat({uleb(1), name("big_one")})}))),
  });
}

TEST(Measure, PartsAddUpAndNamesAreFound) {
  const Buf b = sample();
  const auto r = measure_module(wasm::parse_module(b), b.size());
  EXPECT_FALSE(r.error);
  EXPECT_EQ(r.code_size + r.data_size + r.custom_size + r.other_size, b.size());
  EXPECT_EQ(r.data_size, 8u);  // count, flags, length, "hello"
  EXPECT_EQ(r.function_count, 2u);
  EXPECT_EQ(r.import_count, 1u);
  ASSERT_TRUE(r.largest_function);
  EXPECT_EQ(r.largest_function->name, "big_one");
  EXPECT_EQ(r.largest_function->size, 5u);
  EXPECT_EQ(r.apply_data_relocs_size, 2u);
  ASSERT_TRUE(r.dylink);
  EXPECT_EQ(r.dylink->mem_size, 64u);
  EXPECT_EQ(r.target_features, std::vector<std::string>{"+sign-ext"});
  uint64_t sections = 8;
  for (const auto& s : r.sections)
    sections += s.header_size + s.size;
  EXPECT_EQ(sections, b.size());
}

TEST(Measure, TruncatedModuleStillAddsUp) {
  Buf b = sample();
  b.resize(b.size() - 20);
  const auto r = measure_module(wasm::parse_module(b), b.size());
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.code_size + r.data_size + r.custom_size + r.other_size, b.size());
  EXPECT_EQ(r.function_count, 2u);  // what was read before the cut
}

}  // namespace
}  // namespace wasmsize::analysis
