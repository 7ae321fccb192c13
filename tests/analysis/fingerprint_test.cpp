// The three fingerprint levels on side modules built byte by byte, where we
// control exactly which indices, addresses and data differ.
#include "analysis/fingerprint.h"

#include <gtest/gtest.h>

#include "analysis/duplicates.h"
#include "support/wasm_builder.h"
#include "wasm/parser.h"

namespace wasmsize::analysis {
namespace {

using namespace wasmsize::test;

// A side module: function imports env.<name> (type 0: () -> ()), then
// env.__memory_base (global 0) and env.__table_base (global 1), memory and
// table; one data segment at __memory_base + 0, one elem segment at
// __table_base + 0; defined functions of type 0 unless `types` says (type
// 1 is (i32) -> ()).
struct Spec {
  std::vector<std::string> imports;
  std::string data;
  std::vector<Buf> bodies;  // instructions, ending in 0x0B
  std::vector<uint32_t> table;
  std::vector<std::pair<std::string, uint32_t>> exports;
  std::vector<uint32_t> types = {};
};

Buf build(const Spec& s) {
  const Buf imports = side_module_imports(s.imports);
  Buf funcs = uleb(s.bodies.size()), code = uleb(s.bodies.size());
  for (size_t i = 0; i < s.bodies.size(); ++i) {
    append(funcs, uleb(i < s.types.size() ? s.types[i] : 0));
    append(code, body({}, s.bodies[i]));
  }
  Buf exports = uleb(s.exports.size());
  for (const auto& [n, i] : s.exports)
    append(exports, cat({name(n), bytes({0x00}), uleb(i)}));
  Buf elem = cat({uleb(1), uleb(0), bytes({0x23, 0x01, 0x0B}), uleb(s.table.size())});
  for (uint32_t f : s.table)
    append(elem, uleb(f));
  Buf data = cat({uleb(1), uleb(0), bytes({0x23, 0x00, 0x0B}), name(s.data)});
  return module({section(1, vec({functype({}, {}), functype({kI32}, {})})), section(2, imports),
                 section(3, funcs), section(7, exports), section(9, elem), section(10, code),
                 section(11, data)});
}

std::vector<model::FunctionPrint> prints(const Spec& s) {
  const Buf b = build(s);
  const auto parsed = wasm::parse_module(b);
  EXPECT_FALSE(parsed.error) << parsed.error->message;
  return fingerprint_module(parsed.module);
}

// Instruction helpers.
Buf call(uint32_t f) {
  return cat({bytes({0x10}), uleb(f)});
}
Buf data_addr(uint32_t offset) {  // global.get __memory_base; i32.const off; i32.add; drop
  return cat({bytes({0x23, 0x00, 0x41}), sleb(offset), bytes({0x6A, 0x1A})});
}
Buf constant(int32_t v) {
  return cat({bytes({0x41}), sleb(v), bytes({0x1A})});
}
const Buf kEnd = bytes({0x0B});

// The same helper in two modules: `puts` at import index 1 in A and 0 in B,
// "hello" at data offset 3 in A and 0 in B.
Spec helper_in_a() {
  return {{"other", "puts"},
          std::string("xx\0hello\0", 9),
          {cat({data_addr(3), call(1), kEnd})},
          {},
          {}};
}
Spec helper_in_b() {
  return {{"puts"}, std::string("hello\0", 6), {cat({data_addr(0), call(0), kEnd})}, {}, {}};
}

TEST(Fingerprint, OnlyTheLevelsAskedForAreComputed) {
  const Buf b = build(helper_in_a());
  const auto parsed = wasm::parse_module(b);
  const auto all = fingerprint_module(parsed.module);
  const model::Digest zero{};
  // A level needs the digests of the levels it nests in: exact is bytes,
  // mergeable and shape; mergeable is mergeable and shape.
  for (model::Levels levels : {model::kExact, model::kMergeable, model::kShape, model::kRaw}) {
    const auto some = fingerprint_module(parsed.module, levels);
    ASSERT_EQ(some.size(), all.size());
    const bool bytes = levels == model::kExact || levels == model::kRaw;
    const bool mergeable = levels == model::kExact || levels == model::kMergeable;
    EXPECT_EQ(some[0].bytes, bytes ? all[0].bytes : zero) << int(levels);
    EXPECT_EQ(some[0].mergeable, mergeable ? all[0].mergeable : zero) << int(levels);
    EXPECT_EQ(some[0].shape, levels != model::kRaw ? all[0].shape : zero) << int(levels);
  }
  EXPECT_NE(all[0].bytes, zero);
  EXPECT_NE(all[0].mergeable, zero);
  EXPECT_NE(all[0].shape, zero);
}

TEST(Fingerprint, SameHelperAtOtherIndicesAndAddresses) {
  const auto a = prints(helper_in_a()), b = prints(helper_in_b());
  EXPECT_NE(a[0].bytes, b[0].bytes);
  EXPECT_EQ(a[0].mergeable, b[0].mergeable);
  EXPECT_EQ(a[0].shape, b[0].shape);
  EXPECT_EQ(a[0].index, 2u);  // after two imports
}

TEST(Fingerprint, BaseAloneIsTheAddressOfOffsetZero) {
  // Compilers fold base + 0 into the base: both spell the same address.
  Spec a{{}, std::string("hi!\0", 4), {cat({bytes({0x23, 0x00, 0x1A}), kEnd})}, {}, {}};
  Spec b{{}, std::string("xyz\0hi!\0", 8), {cat({data_addr(4), kEnd})}, {}, {}};
  EXPECT_EQ(prints(a)[0].mergeable, prints(b)[0].mergeable);
  // Via a local that holds the base.
  Spec c{{},
         std::string("xyz\0hi!\0", 8),
         {cat({bytes({0x23, 0x00, 0x21, 0x00, 0x20, 0x00, 0x41, 0x04, 0x6A, 0x1A}), kEnd})},
         {},
         {}};
  EXPECT_NE(prints(c)[0].shape, prints(b)[0].shape);  // a different instruction sequence
  Spec d = c;
  d.data = std::string("hi!\0", 4);
  d.bodies = {cat({bytes({0x23, 0x00, 0x21, 0x00, 0x20, 0x00, 0x41, 0x00, 0x6A, 0x1A}), kEnd})};
  EXPECT_EQ(prints(c)[0].mergeable, prints(d)[0].mergeable);
}

TEST(Fingerprint, ChangedOpcodeConstantOrStringIsNotMergeable) {
  const auto a = prints(helper_in_a());
  Spec opcode = helper_in_b();
  opcode.bodies[0] = cat({data_addr(0), bytes({0x01}), call(0), kEnd});  // an extra nop
  Spec string = helper_in_b();
  string.data = std::string("hellp\0", 6);
  Spec import = helper_in_b();
  import.imports = {"printf"};
  for (const Spec& s : {opcode, string, import})
    EXPECT_NE(a[0].mergeable, prints(s)[0].mergeable);
  Spec k1 = helper_in_b(), k2 = helper_in_b();
  k1.bodies[0] = cat({constant(7), kEnd});
  k2.bodies[0] = cat({constant(8), kEnd});
  EXPECT_NE(prints(k1)[0].mergeable, prints(k2)[0].mergeable);
  EXPECT_NE(prints(k1)[0].shape, prints(k2)[0].shape);
}

// Linkers pad relocated immediates to five bytes; optimizers do not. Either
// way a constant, a callee and a block mean the same.
TEST(Fingerprint, PaddedImmediatesNormalizeAlike) {
  auto padded = [](uint32_t v) {
    Buf b;
    for (int i = 0; i < 5; ++i, v >>= 7)
      b.push_back(static_cast<uint8_t>((v & 0x7F) | (i < 4 ? 0x80 : 0)));
    return b;
  };
  auto helper = [&](bool pad, uint8_t block_type) {
    const Buf k = pad ? padded(100) : sleb(100);
    const Buf f = pad ? padded(0) : uleb(0);
    return Spec{{"puts"},
                "",
                {cat({bytes({0x02, block_type, 0x41}), k, bytes({0x1A, 0x10}), f,
                      bytes({0x0B, 0x01}), kEnd})},
                {},
                {}};
  };
  const auto small = prints(helper(false, 0x40)), big = prints(helper(true, 0x40));
  EXPECT_NE(small[0].bytes, big[0].bytes);
  EXPECT_EQ(small[0].mergeable, big[0].mergeable);
  EXPECT_EQ(small[0].shape, big[0].shape);
  EXPECT_NE(prints(helper(true, 0x7F))[0].mergeable, big[0].mergeable);
}

TEST(Fingerprint, TemplateLikeFunctionsShareShapeNotMeaning) {
  Spec s{{},
         std::string("abc\0xyz\0", 8),
         {cat({data_addr(0), kEnd}), cat({data_addr(4), kEnd})},
         {},
         {}};
  const auto p = prints(s);
  EXPECT_EQ(p[0].shape, p[1].shape);
  EXPECT_NE(p[0].mergeable, p[1].mergeable);
}

TEST(Fingerprint, BinaryDataStaysModuleSpecific) {
  // Not a C string: it may hold pointers that are relocated at load time.
  Spec a{{}, std::string("\x01\x00\x00\x00", 4), {cat({data_addr(0), kEnd})}, {}, {}};
  const auto x = prints(a), y = prints(a);
  EXPECT_NE(x[0].mergeable, y[0].mergeable);  // two modules, same bytes: still not merged
  EXPECT_EQ(x[0].shape, y[0].shape);
}

TEST(Fingerprint, CalleesByTheirOwnFingerprint) {
  // helper -> leaf; the leaves differ by a constant in B2.
  Spec a{{"x"}, "", {cat({call(2), kEnd}), cat({constant(1), kEnd})}, {}, {}};
  Spec b{{}, "", {cat({constant(1), kEnd}), cat({call(0), kEnd})}, {}, {}};
  Spec b2 = b;
  b2.bodies[0] = cat({constant(2), kEnd});
  const auto pa = prints(a), pb = prints(b), pb2 = prints(b2);
  EXPECT_EQ(pa[0].mergeable, pb[1].mergeable);
  EXPECT_NE(pa[0].mergeable, pb2[1].mergeable);
  EXPECT_EQ(pa[0].shape, pb2[1].shape);  // shape ignores what is called
}

// Two copies of a library export one name over different bodies (each
// with its own private state): callers are mergeable only when the callees
// are. An export's name says nothing of what the callee does.
TEST(Fingerprint, ExportedCalleesByTheirBody) {
  Spec a{{}, "", {cat({call(1), kEnd}), cat({constant(1), kEnd})}, {}, {{"api", 1}}};
  Spec b{{}, "", {cat({call(1), kEnd}), cat({constant(2), kEnd})}, {}, {{"api", 1}}};
  EXPECT_NE(prints(a)[0].mergeable, prints(b)[0].mergeable);
  Spec c{{"x"}, "", {cat({call(2), kEnd}), cat({constant(1), kEnd})}, {}, {{"other", 2}}};
  EXPECT_EQ(prints(a)[0].mergeable, prints(c)[0].mergeable);
}

// The same body under another signature does something else.
TEST(Fingerprint, OwnSignatureIsInEveryLevel) {
  Spec a{{}, "", {kEnd, kEnd}, {}, {}, {0, 1}};
  const auto p = prints(a);
  EXPECT_EQ(p[0].bytes, p[1].bytes);
  EXPECT_NE(p[0].mergeable, p[1].mergeable);
  EXPECT_NE(p[0].shape, p[1].shape);
}

// `global.get __memory_base; local.tee L; i32.const K; i32.add` is an
// address too: the same string at other offsets merges, and other strings
// at one offset do not.
TEST(Fingerprint, TeeOfTheBaseIsAnAddress) {
  auto tee_addr = [](uint32_t k) {
    return cat({bytes({0x23, 0x00, 0x22, 0x00, 0x41}), sleb(k), bytes({0x6A, 0x1A}), kEnd});
  };
  Spec a{{}, std::string("xx\0hello\0", 9), {tee_addr(3)}, {}, {}};
  Spec b{{}, std::string("hello\0", 6), {tee_addr(0)}, {}, {}};
  Spec c{{}, std::string("world\0", 6), {tee_addr(0)}, {}, {}};
  EXPECT_EQ(prints(a)[0].mergeable, prints(b)[0].mergeable);
  EXPECT_NE(prints(b)[0].mergeable, prints(c)[0].mergeable);
  EXPECT_EQ(prints(b)[0].shape, prints(c)[0].shape);
}

// What a local holds is decided over the whole body, not in reading order.
TEST(Fingerprint, LocalsHoldingABaseAlongControlFlow) {
  // loop { local.get 0; i32.const 4; i32.add; drop; global.get base;
  // local.set 0; br_if 0 }: from the second round on the get reads base + 4.
  auto looped = [](const std::string& data) {
    return Spec{{},
                data,
                {cat({bytes({0x03, 0x40, 0x20, 0x00, 0x41, 0x04, 0x6A, 0x1A, 0x23, 0x00, 0x21, 0x00,
                             0x41, 0x00, 0x0D, 0x00, 0x0B}),
                      kEnd})},
                {},
                {}};
  };
  const auto hi = prints(looped(std::string("xyz\0hi!\0", 8)));
  const auto ho = prints(looped(std::string("xyz\0ho!\0", 8)));
  EXPECT_NE(hi[0].mergeable, ho[0].mergeable);
  // A parameter that one branch overwrites with the base: a read after the
  // branch may be either, so it stays this module's.
  auto param = [](const std::string& data) {
    return Spec{{},
                data,
                {cat({bytes({0x41, 0x01, 0x04, 0x40, 0x23, 0x00, 0x21, 0x00, 0x0B, 0x20, 0x00, 0x41,
                             0x04, 0x6A, 0x1A}),
                      kEnd})},
                {},
                {},
                {1}};
  };
  const auto p1 = prints(param(std::string("xyz\0hi!\0", 8)));
  const auto p2 = prints(param(std::string("xyz\0hi!\0", 8)));
  EXPECT_NE(p1[0].mergeable, p2[0].mergeable);
  // A copy of a local that holds the base holds it too.
  auto copied = [](const std::string& data) {
    return Spec{{},
                data,
                {cat({bytes({0x23, 0x00, 0x21, 0x00, 0x20, 0x00, 0x21, 0x01, 0x20, 0x01, 0x41, 0x04,
                             0x6A, 0x1A}),
                      kEnd})},
                {},
                {}};
  };
  const auto c1 = prints(copied(std::string("xyz\0hi!\0", 8)));
  const auto c2 = prints(copied(std::string("xyz\0ho!\0", 8)));
  const auto c3 = prints(copied(std::string("abc\0hi!\0", 8)));
  EXPECT_NE(c1[0].mergeable, c2[0].mergeable);
  EXPECT_EQ(c1[0].mergeable, c3[0].mergeable);
}

// A string the linker merged into the tail of a longer one is still its
// bytes; data that is not well-formed text is not a string, even when a
// zero byte ends it early.
TEST(Fingerprint, TailMergedStringsAndBinaryData) {
  Spec tail{{}, std::string("barfoo\0", 7), {cat({data_addr(3), kEnd})}, {}, {}};
  Spec own{{}, std::string("foo\0", 4), {cat({data_addr(0), kEnd})}, {}, {}};
  EXPECT_EQ(prints(tail)[0].mergeable, prints(own)[0].mergeable);
  Spec limb{{}, std::string("\xa0\xc1\x00\x00", 4), {cat({data_addr(0), kEnd})}, {}, {}};
  EXPECT_NE(prints(limb)[0].mergeable, prints(limb)[0].mergeable);
  Spec utf8{{}, std::string("caf\xc3\xa9\0", 6), {cat({data_addr(0), kEnd})}, {}, {}};
  EXPECT_EQ(prints(utf8)[0].mergeable, prints(utf8)[0].mergeable);
}

TEST(Fingerprint, RecursionConverges) {
  // Self-recursion at different indices.
  Spec a{{"x", "y"}, "", {cat({call(2), kEnd})}, {}, {}};
  Spec b{{}, "", {cat({call(0), kEnd})}, {}, {}};
  EXPECT_EQ(prints(a)[0].mergeable, prints(b)[0].mergeable);
  // Mutual recursion f <-> g, in either order.
  Spec m1{{}, "", {cat({constant(1), call(1), kEnd}), cat({constant(2), call(0), kEnd})}, {}, {}};
  Spec m2{
      {"z"}, "", {cat({constant(2), call(2), kEnd}), cat({constant(1), call(1), kEnd})}, {}, {}};
  const auto p1 = prints(m1), p2 = prints(m2);
  EXPECT_EQ(p1[0].mergeable, p2[1].mergeable);
  EXPECT_EQ(p1[1].mergeable, p2[0].mergeable);
  EXPECT_NE(p1[0].mergeable, p1[1].mergeable);
  // A difference one hop away in the cycle reaches f.
  Spec m3 = m1;
  m3.bodies[1] = cat({constant(3), call(0), kEnd});
  EXPECT_NE(prints(m3)[0].mergeable, p1[0].mergeable);
}

TEST(Fingerprint, TableSlotsByTheFunctionTheyHold) {
  auto indirect = [](uint32_t slot) {
    return cat({bytes({0x23, 0x01, 0x41}), sleb(slot), bytes({0x6A, 0x11, 0x00, 0x00}), kEnd});
  };
  Spec a{{}, "", {indirect(1), cat({constant(5), kEnd}), cat({constant(6), kEnd})}, {1, 2}, {}};
  // A's slot 1 and B's slot 0 both hold `i32.const 6`.
  Spec b{{"q"}, "", {cat({constant(6), kEnd}), indirect(0), cat({constant(5), kEnd})}, {1, 3}, {}};
  EXPECT_EQ(prints(a)[0].mergeable, prints(b)[1].mergeable);
  Spec c = b;
  c.table = {3, 1};  // the slot now holds `i32.const 5`
  EXPECT_NE(prints(a)[0].mergeable, prints(c)[1].mergeable);
}

TEST(Fingerprint, BodyThatDoesNotEndAtItsBoundaryThrowsWithOffset) {
  Spec s{{}, "", {bytes({0x0B, 0x01})}, {}, {}};
  const Buf b = build(s);
  const auto parsed = wasm::parse_module(b, {.validate_code = false});
  ASSERT_FALSE(parsed.error);
  try {
    fingerprint_module(parsed.module);
    FAIL() << "expected a ParseError";
  } catch (const wasm::ParseError& e) {
    EXPECT_EQ(e.offset(), parsed.module.bodies[0].code_offset + 1);
  }
}

TEST(Duplicates, ClustersSplitByScopeAndWasteAddsUp) {
  model::Run run;
  for (int art = 0; art < 2; ++art) {
    model::ArtifactReport a;
    a.path = "a" + std::to_string(art) + ".whl";
    for (int mod = 0; mod < 2; ++mod) {
      model::ModuleReport m;
      m.name = "m" + std::to_string(mod);
      for (const auto& p : prints(art == 0 ? helper_in_a() : helper_in_b()))
        m.prints.push_back(p);
      m.prints.front().size = 100;
      a.modules.push_back(m);
    }
    run.artifacts.push_back(a);
  }
  run.artifacts[0].modules[0].prints.push_back(
      run.artifacts[0].modules[0].prints[0]);  // twice in one module
  const auto d = find_duplicates(run, 32);
  ASSERT_EQ(d.mergeable->clusters.size(), 1u);
  const auto& l = *d.mergeable;
  EXPECT_EQ(l.clusters[0].copies.size(), 5u);
  EXPECT_EQ(l.wasted, 400u);
  EXPECT_EQ(l.within_module, 100u);
  EXPECT_EQ(l.cross_module, 200u);
  EXPECT_EQ(l.cross_artifact, 100u);
  EXPECT_EQ(l.within_module + l.cross_module + l.cross_artifact, l.wasted);
  // Raw bytes differ between the artifacts: exact sees two smaller clusters.
  EXPECT_EQ(d.exact->wasted, 300u);
  EXPECT_EQ(find_duplicates(run, 101).mergeable->clusters.size(), 0u);
}

}  // namespace
}  // namespace wasmsize::analysis
