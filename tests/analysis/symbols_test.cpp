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

// f(a<int,int>, b<S,S>, c<S',S'>, ...): each parameter a template of the
// one before, twice. Demangled, every one doubles the text: 130 bytes of
// name became 139 kB, 170 bytes 2.2 MB, and a few more bytes gigabytes.
std::string doubling_name(int n) {
  const std::string ids = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::string name = "_Z1f1aIiiE";
  for (int k = 0; k < n; ++k) {
    const std::string ref = "S" + std::string(1, ids[2 * k]) + "_";
    name += "1" + std::string(1, char('b' + k)) + "I" + ref + ref + "E";
  }
  return name;
}

TEST(StableSymbol, ANameWhoseDemanglingDoublesIsKeptMangled) {
  for (int n : {12, 17}) {
    const std::string name = doubling_name(n);
    const std::string out = stable_symbol(name);
    EXPECT_LE(out.size(), size_t{1} << 20) << n;
    EXPECT_EQ(out, name) << n;
  }
  // Ordinary C++ names with a few back-references still demangle.
  EXPECT_EQ(
      stable_symbol("_ZNSt3__212basic_stringIcNS_11char_traitsIcEENS_9allocatorIcEEE6appendEPKcm"),
      "std::__2::basic_string<char, std::__2::char_traits<char>, std::__2::allocator<char> "
      ">::append(char const*, unsigned long)");
}

}  // namespace
}  // namespace wasmsize::analysis
