// The opcode table against the fingerprint: for every row whose immediates
// carry a module index (wasm/opcodes.h says which kinds do), the same bytes
// in two modules where the index names different things must not share a
// mergeable fingerprint, and where the table lets an index be resolved, a
// different index naming the same thing must. A kind added to the table
// without a body here, or without normalization there, fails.
#include <gtest/gtest.h>

#include "analysis/fingerprint.h"
#include "support/wasm_builder.h"
#include "wasm/opcodes.h"
#include "wasm/parser.h"

namespace wasmsize::analysis {
namespace {

using namespace wasmsize::test;
using wasm::Imm;

// Two of everything a module-specific index can name: types, imported
// functions, globals and tags, passive data and element segments. `swap`
// reverses each pair, so index 0 here is index 1 there.
Buf build(bool swap, const Buf& code) {
  auto pair = [&](Buf a, Buf b) { return swap ? vec({b, a}) : vec({a, b}); };
  const Buf types = pair(functype({}, {}), functype({kI32}, {}));
  auto imports = [&](const char* base, Buf desc0, Buf desc1) {
    const std::string n0 = std::string(base) + "0", n1 = std::string(base) + "1";
    Buf a = cat({name("env"), name(n0), desc0}), b = cat({name("env"), name(n1), desc1});
    return swap ? std::vector<Buf>{b, a} : std::vector<Buf>{a, b};
  };
  // Both functions, globals and tags use type 0 / i32 in their own module;
  // the import names tell them apart. The defined function is () -> () in
  // both (its own signature is part of what it means).
  std::vector<Buf> all;
  for (const auto& list : {imports("f", bytes({0x00, 0x00}), bytes({0x00, 0x00})),
                           imports("g", bytes({0x03, kI32, 0x00}), bytes({0x03, kI32, 0x00})),
                           imports("t", bytes({0x04, 0x00, 0x00}), bytes({0x04, 0x00, 0x00}))}) {
    all.insert(all.end(), list.begin(), list.end());
  }
  all.push_back(cat({name("env"), name("memory"), bytes({0x02, 0x00, 0x01})}));
  Buf import_section = uleb(all.size());
  for (const auto& i : all)
    append(import_section, i);
  const Buf elems = pair(cat({uleb(1), bytes({0x00}), uleb(1), uleb(0)}),
                         cat({uleb(1), bytes({0x00}), uleb(1), uleb(1)}));
  const Buf data = pair(cat({uleb(1), name("first segment")}), cat({uleb(1), name("second")}));
  return module({section(1, types), section(2, import_section),
                 section(3, vec({uleb(swap ? 1 : 0)})),
                 section(4, vec({bytes({kFuncRef, 0x00, 0x01})})), section(9, elems),
                 section(12, uleb(2)), section(10, vec({body({}, code)})), section(11, data)});
}

// The body of one instruction of `imm`'s kind with every module-specific
// index set to `i`, closed as a body; nullopt for a kind nobody wrote here.
std::optional<Buf> body_for(uint32_t op, Imm imm, uint8_t i) {
  Buf code;
  if (op > 0xFF) {
    code.push_back(static_cast<uint8_t>(op >> 16));
    append(code, uleb(op & 0xFFFF));
  } else {
    code.push_back(static_cast<uint8_t>(op));
  }
  switch (imm) {
    case Imm::kBlock:
      append(code, bytes({i, 0x0B}));  // a block of type i, closed
      break;
    case Imm::kFunc:
    case Imm::kType:
    case Imm::kGlobal:
    case Imm::kTag:
    case Imm::kData:
    case Imm::kElem:
    case Imm::kHeapType:
      code.push_back(i);
      break;
    case Imm::kCallIndirect:
    case Imm::kTypeField:
    case Imm::kTypeCount:
    case Imm::kDataMemory:
    case Imm::kElemTable:
      append(code, bytes({i, 0x00}));  // the second immediate is no module index
      break;
    case Imm::kTypeType:
    case Imm::kTypeData:
    case Imm::kTypeElem:
      append(code, bytes({i, i}));
      break;
    case Imm::kSelectT:
      append(code, bytes({0x01, 0x63, i}));  // one type: (ref null i)
      break;
    case Imm::kTryTable:
      append(code, bytes({0x40, 0x01, 0x00, i, 0x00, 0x0B}));  // catch tag i -> label 0
      break;
    case Imm::kBrOnCast:
      append(code, bytes({0x00, 0x00, i, i}));
      break;
    default:
      return std::nullopt;
  }
  code.push_back(0x0B);
  return code;
}

model::Digest mergeable(bool swap, const Buf& code) {
  const Buf b = build(swap, code);
  const auto parsed = wasm::parse_module(b);
  EXPECT_FALSE(parsed.error) << parsed.error->message;
  if (parsed.error) return {};
  return fingerprint_module(parsed.module, model::kMergeable).at(0).mergeable;
}

// Kinds whose index the fingerprint resolves to what it names (the others
// are kept module-specific, so they never merge across modules).
bool resolved(Imm imm) {
  return imm != Imm::kElem && imm != Imm::kElemTable && imm != Imm::kTypeElem &&
         imm != Imm::kSelectT && imm != Imm::kBrOnCast;
}

TEST(OpcodeTable, EveryModuleIndexIsNormalized) {
  size_t checked = 0;
  for (const wasm::OpRow& row : wasm::kOpRows) {
    if (!wasm::imm_info(row.imm).module_index) continue;
    for (uint32_t c = row.first; c <= row.last; ++c) {
      const uint32_t op = wasm::opcode(row.prefix, c);
      SCOPED_TRACE(::testing::Message() << row.name << " 0x" << std::hex << op);
      const auto at0 = body_for(op, row.imm, 0), at1 = body_for(op, row.imm, 1);
      ASSERT_TRUE(at0 && at1) << "no test body for immediate kind '" << wasm::imm_info(row.imm).name
                              << "'";
      // Same bytes, different meaning: never one fingerprint.
      EXPECT_NE(mergeable(false, *at0), mergeable(true, *at0));
      // Different bytes, same meaning: one fingerprint where resolvable.
      if (resolved(row.imm)) {
        EXPECT_EQ(mergeable(false, *at0), mergeable(true, *at1));
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 40u);
}

// Neutral kinds are the same in every module: the same bytes, one fingerprint.
TEST(OpcodeTable, NeutralInstructionsMergeAcrossModules) {
  const Buf code = bytes({0x20, 0x00, 0x41, 0x05, 0x6A, 0x1A, 0x3F, 0x00, 0x1A, 0x0B});
  EXPECT_EQ(mergeable(false, code), mergeable(true, code));
}

// The table's lookups agree with its rows, and the fast path takes only
// single-byte opcodes whose immediates it can measure.
TEST(OpcodeTable, LookupsMatchTheRows) {
  for (const wasm::OpRow& row : wasm::kOpRows) {
    for (uint32_t c = row.first; c <= row.last; ++c) {
      const wasm::OpInfo info = row.prefix ? wasm::prefixed_op(row.prefix, c) : wasm::kPlainOps[c];
      EXPECT_TRUE(info.valid) << row.name;
      EXPECT_EQ(info.imm, row.imm) << row.name;
      EXPECT_EQ(wasm::kOpRows[info.row].name, row.name);
      if (row.flags & wasm::kFast) {
        EXPECT_EQ(row.prefix, 0) << row.name;
      }
    }
  }
  EXPECT_FALSE(wasm::kPlainOps[0x27].valid);
  EXPECT_FALSE(wasm::prefixed_op(0xFC, 18).valid);
  EXPECT_FALSE(wasm::prefixed_op(0xFD, 0x114).valid);
}

}  // namespace
}  // namespace wasmsize::analysis
