// Names that survive a rebuild: demangled, without Rust's per-build hash.
#include "analysis/symbols.h"

#include <gtest/gtest.h>

namespace wasmsize::analysis {
namespace {

TEST(StableSymbol, RustLegacyHashIsDroppedAndEscapesDecoded) {
  EXPECT_EQ(stable_symbol("_ZN5pyxel5pyxel4init17hcec87fc9d7ec26d8E"), "pyxel::pyxel::init");
  EXPECT_EQ(stable_symbol("_ZN5pyxel8resource37_$LT$impl$u20$pyxel..pyxel..Pyxel$GT$"
                          "4load17h628b38cfe0fd013aE"),
            "pyxel::resource::<impl pyxel::pyxel::Pyxel>::load");
  // Two builds of one function: one name.
  EXPECT_EQ(stable_symbol("_ZN4core3fmt5write17h0123456789abcdefE"),
            stable_symbol("_ZN4core3fmt5write17hfedcba9876543210E"));
}

TEST(StableSymbol, CppIsDemangledAndOtherNamesKept) {
  EXPECT_EQ(stable_symbol("_ZN3foo3barEi"), "foo::bar(int)");
  EXPECT_EQ(stable_symbol("PyInit__multiarray_umath"), "PyInit__multiarray_umath");
  EXPECT_EQ(stable_symbol("_Znot a symbol"), "_Znot a symbol");
  EXPECT_EQ(stable_symbol(""), "");
  // A C++ function really named h + 16 hex digits keeps it (not at the end).
  EXPECT_EQ(stable_symbol("_ZN3foo17h0123456789abcdefEv"), "foo::h0123456789abcdef()");
}

}  // namespace
}  // namespace wasmsize::analysis
