// The instruction decoder on hand-encoded bodies from every proposal the
// SPEC lists: immediates decoded, lengths exact, unknown opcodes rejected.
#include "wasm/instructions.h"

#include <gtest/gtest.h>

#include <random>

#include "support/skim_walk.h"
#include "support/wasm_builder.h"

namespace wasmsize::wasm {
namespace {

using test::Buf;
using test::cat;

std::vector<Instr> decode(const Buf& code, const Module& m = Module{}) {
  InstrReader ir(Reader(code), m);
  std::vector<Instr> out;
  Instr in;
  while (ir.next(in))
    out.push_back(in);
  EXPECT_TRUE(ir.finished());
  return out;
}

std::string error_of(const Buf& code, const Module& m = Module{}) {
  try {
    validate_code(Reader(code), m);
  } catch (const ParseError& e) {
    return e.what();
  }
  return "";
}

TEST(Instructions, MvpImmediates) {
  Buf code = cat({test::bytes({0x02, 0x40}),                    // block
                  test::bytes({0x41}), test::sleb(-5),          // i32.const -5
                  test::bytes({0x42}), test::sleb(1LL << 40),   // i64.const
                  test::bytes({0x43, 0, 0, 0x80, 0x3F}),        // f32.const 1
                  test::bytes({0x10, 0x07}),                    // call 7
                  test::bytes({0x11, 0x02, 0x00}),              // call_indirect type 2 table 0
                  test::bytes({0x0E, 0x02, 0x00, 0x01, 0x00}),  // br_table 0 1 default 0
                  test::bytes({0x28, 0x02, 0x10}),              // i32.load align=2 offset=16
                  test::bytes({0x23, 0x03}),                    // global.get 3
                  test::bytes({0x0B, 0x0B})});
  auto v = decode(code);
  ASSERT_EQ(v.size(), 11u);
  EXPECT_EQ(v[1].a, -5);
  EXPECT_EQ(v[2].a, 1LL << 40);
  EXPECT_EQ(v[3].imm, Imm::kF32);
  EXPECT_EQ(v[4].imm, Imm::kFunc);
  EXPECT_EQ(v[4].a, 7);
  EXPECT_EQ(v[5].a, 2);
  EXPECT_EQ(v[6].a, 2);
  EXPECT_EQ(v[6].raw.size(), 4u);
  EXPECT_EQ(v[7].mem.align, 2u);
  EXPECT_EQ(v[7].mem.offset, 16u);
  EXPECT_EQ(v[8].imm, Imm::kGlobal);
  EXPECT_EQ(v[7].offset, 26u);
  EXPECT_EQ(v[7].size, 3u);
}

TEST(Instructions, SimdRelaxedAndLanes) {
  Buf code = cat({test::bytes({0xFD, 0x0C}), Buf(16, 0xAB),     // v128.const
                  test::bytes({0xFD, 0x0D}), Buf(16, 0x01),     // i8x16.shuffle
                  test::bytes({0xFD, 0x15, 0x03}),              // i8x16.extract_lane_s 3
                  test::bytes({0xFD, 0x54, 0x00, 0x00, 0x05}),  // v128.load8_lane
                  test::bytes({0xFD, 0x80, 0x02}),        // relaxed: 0x100 i8x16.relaxed_swizzle
                  test::bytes({0xFD, 0x5C, 0x02, 0x00}),  // v128.load32_zero
                  test::bytes({0x0B})});
  auto v = decode(code);
  ASSERT_EQ(v.size(), 7u);
  EXPECT_EQ(v[0].op, 0xFD000Cu);
  EXPECT_EQ(v[0].raw.size(), 16u);
  EXPECT_EQ(v[2].a, 3);
  EXPECT_EQ(v[3].imm, Imm::kMemArgLane);
  EXPECT_EQ(v[3].a, 5);
  EXPECT_EQ(v[4].op, 0xFD0100u);
}

TEST(Instructions, BulkMemoryAtomicsAndMultiMemory) {
  Module m;
  m.data_count = 1;
  m.memories.resize(2);
  m.memories[1].is64 = true;
  Buf code = cat({test::bytes({0xFC, 0x08, 0x00, 0x00}),  // memory.init 0 0
                  test::bytes({0xFC, 0x0A, 0x00, 0x00}),  // memory.copy
                  test::bytes({0xFC, 0x0E, 0x01, 0x00}),  // table.copy 1 0
                  test::bytes({0xFE, 0x10, 0x02, 0x00}),  // i32.atomic.load
                  test::bytes({0xFE, 0x03, 0x00}),        // atomic.fence
                  test::bytes({0x28, 0x40 | 2, 0x01}),
                  test::uleb(1ULL << 40),     // i32.load mem 1, 64-bit offset
                  test::bytes({0xFC, 0x00}),  // i32.trunc_sat_f32_s
                  test::bytes({0x0B})});
  auto v = decode(code, m);
  ASSERT_EQ(v.size(), 8u);
  EXPECT_EQ(v[0].imm, Imm::kDataMemory);
  EXPECT_EQ(v[2].a, 1);
  EXPECT_EQ(v[3].imm, Imm::kMemArg);
  EXPECT_EQ(v[4].imm, Imm::kFence);
  EXPECT_EQ(v[5].mem.memory, 1u);
  EXPECT_EQ(v[5].mem.offset, 1ULL << 40);
}

TEST(Instructions, ExceptionHandlingBothEncodings) {
  // legacy: try (catch 0) (catch_all) end; try delegate 0
  Buf legacy = test::bytes({0x06, 0x40, 0x07, 0x00, 0x19, 0x0B, 0x06, 0x40, 0x18, 0x00, 0x0B});
  EXPECT_EQ(decode(legacy).size(), 7u);  // try catch catch_all end try delegate end
  // exnref: try_table (catch 0 0) (catch_all_ref 0) end; throw_ref
  Buf exnref = test::bytes({0x1F, 0x40, 0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x0B, 0x0A, 0x0B});
  auto v = decode(exnref);
  ASSERT_EQ(v.size(), 4u);
  EXPECT_EQ(v[0].imm, Imm::kTryTable);
  EXPECT_EQ(v[0].b, 2);
}

TEST(Instructions, TailCallsTypedRefsAndGc) {
  Buf code = test::bytes({0x12, 0x01,                          // return_call 1
                          0x14, 0x00,                          // call_ref 0
                          0xD0, 0x70,                          // ref.null func
                          0xD5, 0x00,                          // br_on_null 0
                          0xFB, 0x02, 0x00, 0x01,              // struct.get 0 1
                          0xFB, 0x08, 0x00, 0x03,              // array.new_fixed 0 3
                          0xFB, 0x18, 0x03, 0x00, 0x6E, 0x00,  // br_on_cast
                          0xFB, 0x1C,                          // ref.i31
                          0x1C, 0x01, 0x7F,                    // select (result i32)
                          0x0B});
  auto v = decode(code);
  ASSERT_EQ(v.size(), 10u);
  EXPECT_EQ(v[0].imm, Imm::kFunc);
  EXPECT_EQ(v[4].imm, Imm::kTypeField);
  EXPECT_EQ(v[4].b, 1);
  EXPECT_EQ(v[5].b, 3);
  EXPECT_EQ(v[6].imm, Imm::kBrOnCast);
  EXPECT_EQ(v[8].imm, Imm::kSelectT);
}

TEST(Instructions, TypedBlockTypes) {
  // block (type 3), if (result i32), loop (result (ref null func))
  Buf code = test::bytes({0x02, 0x03, 0x0B, 0x04, 0x7F, 0x0B, 0x03, 0x63, 0x70, 0x0B, 0x0B});
  auto v = decode(code);
  EXPECT_EQ(v[0].a, 3);
  EXPECT_EQ(v[2].a, -1);
}

TEST(Instructions, Rejections) {
  EXPECT_NE(error_of(test::bytes({0x16, 0x0B})).find("illegal opcode 16"), std::string::npos);
  EXPECT_NE(error_of(test::bytes({0xFC, 0x7F, 0x0B})).find("illegal opcode fc"), std::string::npos);
  EXPECT_NE(error_of(test::bytes({0xFC, 0x09, 0x00, 0x0B})).find("data count section required"),
            std::string::npos);
  EXPECT_NE(error_of(test::bytes({0x28, 0x80, 0x01, 0x00, 0x0B})).find("malformed memop flags"),
            std::string::npos);
  EXPECT_NE(error_of(test::bytes({0x41})).find("unexpected end"), std::string::npos);
}

using test::Recorder;

// A reader over `code` and what its skim() calls report.
struct Skimmer {
  Module m;
  InstrReader ir;
  Recorder r;
  explicit Skimmer(const Buf& code) : ir(Reader(code), m) {}
  size_t skim(const std::vector<uint32_t>& watched = {}) {
    r.watched = watched;
    return ir.skim(r);
  }
};

void expect_same_as_next(const Buf& code, const std::vector<uint32_t>& watched = {}) {
  Module m;
  m.data_count = 1;
  EXPECT_EQ(test::skim_disagreement(code, m, watched), "");
}

Buf padded_uleb(uint64_t v, size_t len) {  // linkers pad relocated LEBs
  Buf b;
  for (size_t i = 0; i < len; ++i, v >>= 7)
    b.push_back(static_cast<uint8_t>((v & 0x7F) | (i + 1 < len ? 0x80 : 0)));
  return b;
}

TEST(Skim, TakesARunAndReportsConstantsCallsAndBlocks) {
  Buf code = cat({test::bytes({0x20, 0x00}),                          // local.get 0
                  test::bytes({0x41}), test::sleb(-70000),            // i32.const -70000
                  test::bytes({0x6A}),                                // i32.add
                  test::bytes({0x41}), padded_uleb(5, 5),             // i32.const 5, as linkers pad
                  test::bytes({0x28, 0x02, 0x10, 0x21, 0x01}),        // i32.load; local.set 1
                  test::bytes({0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}),  // i32.const -1, padded
                  test::bytes({0x10}), padded_uleb(300, 5),           // call 300, padded
                  test::bytes({0x04, 0x7F, 0x41, 0x01, 0x0B}),        // if (result i32) ... end
                  test::bytes({0x23, 0x00, 0x0B})});                  // global.get 0; end
  Skimmer s(code);
  EXPECT_EQ(s.skim(), code.size() - 3);  // stops before the global.get
  EXPECT_EQ(s.r.seen,
            (std::vector<std::string>{"2 i32.const -70000", "7 i32.const 5", "18 i32.const -1",
                                      "24 call 300", "30 block4 -1", "32 i32.const 1"}));
  Instr in;
  ASSERT_TRUE(s.ir.next(in));
  EXPECT_EQ(in.imm, Imm::kGlobal);
}

TEST(Skim, LeavesAConstantThatMayStartAnAddressAndWatchedLocalsToNext) {
  // i32.const 8; global.get 0: the constant may be half of an address.
  Buf code = test::bytes({0x01, 0x41, 0x08, 0x23, 0x00, 0x0B});
  Skimmer s(code);
  EXPECT_EQ(s.skim(), 1u);
  EXPECT_TRUE(s.r.seen.empty());
  // local.get 2 stops the run when local 2 is watched, not otherwise.
  Buf locals = test::bytes({0x20, 0x01, 0x41, 0x03, 0x20, 0x02, 0x1A, 0x1A, 0x0B});
  Skimmer watched(locals), unwatched(locals);
  EXPECT_EQ(watched.skim({2}), 2u);
  EXPECT_TRUE(watched.r.seen.empty());
  EXPECT_EQ(unwatched.skim(), 8u);
}

TEST(Skim, TakesInnerEndsButNotTheFinalOne) {
  // block; nop; end; nop; end
  Buf code = test::bytes({0x02, 0x40, 0x01, 0x0B, 0x01, 0x0B});
  Skimmer s(code);
  EXPECT_EQ(s.skim(), 5u);
  Instr in;
  ASSERT_TRUE(s.ir.next(in));
  EXPECT_EQ(in.op, kOpEnd);
  EXPECT_TRUE(s.ir.finished());
  // Past the final `end`, an `end` is next()'s to reject.
  expect_same_as_next(test::bytes({0x0B, 0x01, 0x0B}));
}

TEST(Skim, LeavesLongEncodingsAndTheirErrorsToNext) {
  // A five-byte local index, a memarg with a memory index, an overlong LEB,
  // a cut-off constant, a typed block: each stops the run where next()
  // takes over.
  expect_same_as_next(cat({test::bytes({0x20}), padded_uleb(1, 5), test::bytes({0x1A, 0x0B})}));
  expect_same_as_next(test::bytes({0x28, 0x42, 0x01, 0x00, 0x1A, 0x0B}));
  expect_same_as_next(cat({test::bytes({0x0C}), padded_uleb(0, 6), test::bytes({0x0B})}));
  expect_same_as_next(test::bytes({0x01, 0x41, 0x80}));
  expect_same_as_next(test::bytes({0x02, 0x00, 0x0B, 0x0B}));
  // Five-byte immediates whose unused bits are not zero or the sign.
  expect_same_as_next(test::bytes({0x41, 0x80, 0x80, 0x80, 0x80, 0x10, 0x1A, 0x0B}));
  expect_same_as_next(test::bytes({0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x4F, 0x1A, 0x0B}));
  expect_same_as_next(test::bytes({0x10, 0x80, 0x80, 0x80, 0x80, 0x10, 0x0B}));
}

// Random bodies of common and other instructions, with padded LEBs, watched
// locals and the odd broken byte: skip_plain and next() agree on each.
TEST(Skim, AgreesWithNextOnRandomBodies) {
  std::mt19937 rng(7);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  const std::vector<Buf> others = {test::bytes({0x10, 0x01}),
                                   cat({test::bytes({0x10}), padded_uleb(70000, 5)}),
                                   test::bytes({0x23, 0x00}),
                                   test::bytes({0x02, 0x40}),
                                   test::bytes({0x03, 0x7F}),
                                   test::bytes({0x04, 0x01}),
                                   test::bytes({0x0B}),
                                   test::bytes({0xFC, 0x00}),
                                   test::bytes({0x1C, 0x01, 0x7F})};
  for (int round = 0; round < 2000; ++round) {
    Buf code;
    const size_t count = 1 + pick(40);
    for (size_t i = 0; i < count; ++i) {
      const uint64_t v = pick(4) == 0 ? rng() : pick(200);
      switch (pick(9)) {
        case 0:
          test::append(code, test::bytes({static_cast<uint8_t>(0x45 + pick(0x80))}));
          break;
        case 1:
          test::append(code, cat({test::bytes({static_cast<uint8_t>(0x20 + pick(3))}),
                                  padded_uleb(pick(4), 1 + pick(5))}));
          break;
        case 2:
          test::append(code, cat({test::bytes({0x41}), test::sleb(static_cast<int32_t>(v))}));
          break;
        case 3:
          test::append(code, cat({test::bytes({0x41}), padded_uleb(v & 0x3F, 1 + pick(5))}));
          if (pick(3) == 0) code.back() |= static_cast<uint8_t>(rng() & 0x78);
          break;
        case 4:
          test::append(code,
                       cat({test::bytes({static_cast<uint8_t>(0x28 + pick(0x17)),
                                         static_cast<uint8_t>(pick(5) == 0 ? 0x40 : pick(4))}),
                            test::uleb(v)}));
          break;
        case 5:
          test::append(code,
                       cat({test::bytes({0x42}), test::sleb(static_cast<int64_t>(v) << pick(40))}));
          break;
        case 6:
          test::append(code, cat({test::bytes({static_cast<uint8_t>(0x0C + pick(2))}),
                                  test::uleb(pick(3))}));
          break;
        case 7:
          test::append(code, others[pick(others.size())]);
          break;
        default:
          test::append(code, test::bytes({0x44, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F}));
          break;
      }
    }
    if (pick(10) == 0) code[pick(code.size())] = static_cast<uint8_t>(rng());
    if (pick(10) == 0) code.resize(pick(code.size() + 1));
    code.push_back(0x0B);
    SCOPED_TRACE(round);
    expect_same_as_next(code, pick(2) ? std::vector<uint32_t>{} : std::vector<uint32_t>{1});
  }
}

}  // namespace
}  // namespace wasmsize::wasm
