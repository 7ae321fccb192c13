#include "sources/package.h"

#include <gtest/gtest.h>

namespace wasmsize::sources {
namespace {

TEST(ModuleName, DropsPlatformSuffixAndUsesDots) {
  EXPECT_EQ(module_name("sklearn/utils/_random.cpython-311-wasm32-emscripten.so"),
            "sklearn.utils._random");
  EXPECT_EQ(module_name("numpy/_core/_multiarray_umath.cpython-312-wasm32-emscripten.so"),
            "numpy._core._multiarray_umath");
  EXPECT_EQ(module_name("Crypto/Cipher/_raw_aes.abi3.so"), "Crypto.Cipher._raw_aes");
  EXPECT_EQ(module_name("pyxel/pyxel_wrapper.abi3.so"), "pyxel.pyxel_wrapper");
  EXPECT_EQ(module_name("lib/libopenblas.so"), "lib.libopenblas");
  EXPECT_EQ(module_name("xiplot/RDKit_minimal.wasm"), "xiplot.RDKit_minimal");
  EXPECT_EQ(module_name("plain.wasm"), "plain");
}

TEST(WheelName, ThreePlatformSpellings) {
  for (const char* tag :
       {"emscripten_3_1_58_wasm32", "pyodide_2024_0_wasm32", "pyemscripten_2025_0_wasm32"}) {
    const auto w = parse_wheel_name(std::string("Foo.Bar-1.2-cp312-cp312-") + tag + ".whl");
    ASSERT_TRUE(w) << tag;
    EXPECT_EQ(w->distribution, "foo_bar");
    EXPECT_EQ(w->version, "1.2");
    EXPECT_EQ(w->platform_tag, tag);
    EXPECT_TRUE(is_emscripten_platform(w->platform_tag));
  }
  EXPECT_FALSE(is_emscripten_platform("manylinux_2_17_x86_64"));
}

TEST(WheelName, BuildTagAndPaths) {
  const auto w = parse_wheel_name("dir/numpy-2.0.2-1-cp312-cp312-pyodide_2024_0_wasm32.whl");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->distribution, "numpy");
  EXPECT_EQ(w->python_tag, "cp312");
  EXPECT_FALSE(parse_wheel_name("not-a-wheel.zip"));
  EXPECT_FALSE(parse_wheel_name("too-few.whl"));
}

TEST(EntryPath, UnsafePaths) {
  EXPECT_TRUE(is_unsafe_entry_path("../evil.so"));
  EXPECT_TRUE(is_unsafe_entry_path("pkg/../../evil.so"));
  EXPECT_TRUE(is_unsafe_entry_path("/etc/passwd"));
  EXPECT_TRUE(is_unsafe_entry_path("C:\\windows\\x.so"));
  EXPECT_TRUE(is_unsafe_entry_path(""));
  EXPECT_FALSE(is_unsafe_entry_path("pkg/..hidden/x.so"));
  EXPECT_FALSE(is_unsafe_entry_path("pkg/mod.so"));
}

}  // namespace
}  // namespace wasmsize::sources
