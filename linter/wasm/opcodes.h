// The one opcode table. Every instruction the decoder knows is a row here:
// prefix, opcode (or a range of them), name, immediate kind, what it does to
// block depth, and whether the fast path (InstrReader::skim) may take it.
// The decoder, the fast path's shapes and the fingerprint's normalization
// are all derived from these rows and from the immediate kinds' table below,
// so a new proposal's opcodes are new rows and nothing else; an immediate
// kind that carries a module index must be normalized by the fingerprint,
// and tests/analysis/opcode_table_test.cpp fails for any that is not.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace wasmsize::wasm {

// What an instruction's immediates are.
enum class Imm : uint8_t {
  kNone,
  kBlock,         // a = block type (s33: type index >= 0, or negative value type code)
  kLabel,         // a = label depth
  kBrTable,       // a = number of targets (excluding the default); raw = the vector
  kFunc,          // a = function index
  kCallIndirect,  // a = type index, b = table index
  kType,          // a = type index (call_ref, struct.new, ...)
  kTypeField,     // a = type index, b = field index
  kTypeType,      // a, b = type indices (array.copy)
  kTypeCount,     // a = type index, b = count (array.new_fixed)
  kTypeData,      // a = type index, b = data index
  kTypeElem,      // a = type index, b = elem index
  kLocal,         // a = local index
  kGlobal,        // a = global index
  kTable,         // a = table index
  kTablePair,     // a = destination table, b = source table
  kMemory,        // a = memory index
  kMemoryPair,    // a = destination memory, b = source memory
  kMemArg,        // mem
  kMemArgLane,    // mem, a = lane
  kLane,          // a = lane
  kI32,           // a = value (sign-extended into 64 bits)
  kI64,           // a = value
  kF32,           // raw = 4 bytes
  kF64,           // raw = 8 bytes
  kV128,          // raw = 16 bytes (v128.const, i8x16.shuffle)
  kData,          // a = data index
  kDataMemory,    // a = data index, b = memory index
  kElem,          // a = elem index
  kElemTable,     // a = elem index, b = table index
  kTag,           // a = tag index
  kHeapType,      // a = heap type (s33: a type index when >= 0)
  kSelectT,       // a = number of types; raw = the vector
  kTryTable,      // a = block type, b = number of catch clauses; raw = the clauses
  kBrOnCast,      // a = label, raw = flags and both heap types
  kFence,         // a = fence flags byte
};
inline constexpr size_t kImmKinds = static_cast<size_t>(Imm::kFence) + 1;

// Whether an immediate kind names something in the module's own index
// spaces (functions, types, globals, tags, data and element segments), so
// equal bytes in two modules may mean different things. Memory and table
// indices are not: Emscripten's modules share one linear memory and one
// function table (side modules import them as env.memory and
// env.__indirect_function_table), so index N is the same thing everywhere.
// Locals, labels, lanes and constants mean the same in any module.
// Kinds made of one or two plain u32 LEB128 indices name them (`first`,
// `second`, as errors say them), and the decoder reads those from here.
struct ImmInfo {
  Imm imm;
  std::string_view name;
  bool module_index;
  const char* first = nullptr;
  const char* second = nullptr;
};
inline constexpr std::array<ImmInfo, kImmKinds> kImmTable = {{
    {Imm::kNone, "none", false},
    {Imm::kBlock, "block type", true},
    {Imm::kLabel, "label", false, "label"},
    {Imm::kBrTable, "br_table", false},
    {Imm::kFunc, "function", true, "function index"},
    {Imm::kCallIndirect, "type, table", true, "type index", "table index"},
    {Imm::kType, "type", true, "type index"},
    {Imm::kTypeField, "type, field", true, "type index", "field index"},
    {Imm::kTypeType, "type, type", true, "type index", "type index"},
    {Imm::kTypeCount, "type, count", true, "type index", "array length"},
    {Imm::kTypeData, "type, data", true, "type index", "data index"},
    {Imm::kTypeElem, "type, elem", true, "type index", "elem index"},
    {Imm::kLocal, "local", false, "local index"},
    {Imm::kGlobal, "global", true, "global index"},
    {Imm::kTable, "table", false, "table index"},
    {Imm::kTablePair, "table, table", false, "table index", "table index"},
    {Imm::kMemory, "memory", false, "memory index"},
    {Imm::kMemoryPair, "memory, memory", false, "memory index", "memory index"},
    {Imm::kMemArg, "memarg", false},
    {Imm::kMemArgLane, "memarg, lane", false},
    {Imm::kLane, "lane", false},
    {Imm::kI32, "i32", false},
    {Imm::kI64, "i64", false},
    {Imm::kF32, "f32", false},
    {Imm::kF64, "f64", false},
    {Imm::kV128, "v128", false},
    {Imm::kData, "data", true, "data index"},
    {Imm::kDataMemory, "data, memory", true, "data index", "memory index"},
    {Imm::kElem, "elem", true, "elem index"},
    {Imm::kElemTable, "elem, table", true, "elem index", "table index"},
    {Imm::kTag, "tag", true, "tag index"},
    {Imm::kHeapType, "heap type", true},
    {Imm::kSelectT, "value types", true},
    {Imm::kTryTable, "block type, catches", true},
    {Imm::kBrOnCast, "label, heap types", true},
    {Imm::kFence, "fence flags", false},
}};
constexpr const ImmInfo& imm_info(Imm imm) {
  return kImmTable[static_cast<size_t>(imm)];
}

// Opcodes are numbered as one integer: a plain opcode byte, or for prefixed
// instructions (prefix << 16) | sub-opcode, e.g. 0xFC0008 for memory.init.
constexpr uint32_t opcode(uint8_t prefix, uint32_t code) {
  return prefix ? (uint32_t{prefix} << 16) | code : code;
}

enum OpFlag : uint8_t {
  kFast = 1,           // the fast path may take it (single-byte opcodes only)
  kOpensBlock = 2,     // block loop if try try_table
  kClosesBlock = 4,    // end delegate
  kNeedsDataCount = 8  // memory.init data.drop: the data count section must exist
};

// One row: opcodes first..last (most rows are one opcode) under a prefix
// (0 for none), their name (a family name for a range) and immediates.
struct OpRow {
  uint8_t prefix;
  uint32_t first, last;
  std::string_view name;
  Imm imm;
  uint8_t flags = 0;
};

// clang-format off
inline constexpr OpRow kOpRows[] = {
    // Control (MVP, exceptions in both encodings, tail calls, typed references).
    {0, 0x00, 0x00, "unreachable", Imm::kNone, kFast},
    {0, 0x01, 0x01, "nop", Imm::kNone, kFast},
    {0, 0x02, 0x02, "block", Imm::kBlock, kFast | kOpensBlock},
    {0, 0x03, 0x03, "loop", Imm::kBlock, kFast | kOpensBlock},
    {0, 0x04, 0x04, "if", Imm::kBlock, kFast | kOpensBlock},
    {0, 0x05, 0x05, "else", Imm::kNone, kFast},
    {0, 0x06, 0x06, "try", Imm::kBlock, kOpensBlock},
    {0, 0x07, 0x07, "catch", Imm::kTag},
    {0, 0x08, 0x08, "throw", Imm::kTag},
    {0, 0x09, 0x09, "rethrow", Imm::kLabel},
    {0, 0x0A, 0x0A, "throw_ref", Imm::kNone},
    {0, 0x0B, 0x0B, "end", Imm::kNone, kFast | kClosesBlock},
    {0, 0x0C, 0x0C, "br", Imm::kLabel, kFast},
    {0, 0x0D, 0x0D, "br_if", Imm::kLabel, kFast},
    {0, 0x0E, 0x0E, "br_table", Imm::kBrTable},
    {0, 0x0F, 0x0F, "return", Imm::kNone, kFast},
    {0, 0x10, 0x10, "call", Imm::kFunc, kFast},
    {0, 0x11, 0x11, "call_indirect", Imm::kCallIndirect},
    {0, 0x12, 0x12, "return_call", Imm::kFunc},
    {0, 0x13, 0x13, "return_call_indirect", Imm::kCallIndirect},
    {0, 0x14, 0x14, "call_ref", Imm::kType},
    {0, 0x15, 0x15, "return_call_ref", Imm::kType},
    {0, 0x18, 0x18, "delegate", Imm::kLabel, kClosesBlock},
    {0, 0x19, 0x19, "catch_all", Imm::kNone},
    // Parametric.
    {0, 0x1A, 0x1A, "drop", Imm::kNone, kFast},
    {0, 0x1B, 0x1B, "select", Imm::kNone, kFast},
    {0, 0x1C, 0x1C, "select_t", Imm::kSelectT},
    {0, 0x1F, 0x1F, "try_table", Imm::kTryTable, kOpensBlock},
    // Variables and tables.
    {0, 0x20, 0x20, "local.get", Imm::kLocal, kFast},
    {0, 0x21, 0x21, "local.set", Imm::kLocal, kFast},
    {0, 0x22, 0x22, "local.tee", Imm::kLocal, kFast},
    {0, 0x23, 0x23, "global.get", Imm::kGlobal},
    {0, 0x24, 0x24, "global.set", Imm::kGlobal},
    {0, 0x25, 0x25, "table.get", Imm::kTable},
    {0, 0x26, 0x26, "table.set", Imm::kTable},
    // Memory.
    {0, 0x28, 0x3E, "load/store", Imm::kMemArg, kFast},
    {0, 0x3F, 0x3F, "memory.size", Imm::kMemory},
    {0, 0x40, 0x40, "memory.grow", Imm::kMemory},
    // Constants and numeric instructions (with sign extension).
    {0, 0x41, 0x41, "i32.const", Imm::kI32, kFast},
    {0, 0x42, 0x42, "i64.const", Imm::kI64, kFast},
    {0, 0x43, 0x43, "f32.const", Imm::kF32, kFast},
    {0, 0x44, 0x44, "f64.const", Imm::kF64, kFast},
    {0, 0x45, 0xC4, "numeric", Imm::kNone, kFast},
    // Reference types and typed function references.
    {0, 0xD0, 0xD0, "ref.null", Imm::kHeapType},
    {0, 0xD1, 0xD1, "ref.is_null", Imm::kNone, kFast},
    {0, 0xD2, 0xD2, "ref.func", Imm::kFunc},
    {0, 0xD3, 0xD3, "ref.eq", Imm::kNone, kFast},
    {0, 0xD4, 0xD4, "ref.as_non_null", Imm::kNone, kFast},
    {0, 0xD5, 0xD5, "br_on_null", Imm::kLabel},
    {0, 0xD6, 0xD6, "br_on_non_null", Imm::kLabel},
    // 0xFB: GC.
    {0xFB, 0, 1, "struct.new", Imm::kType},
    {0xFB, 2, 5, "struct.get/set", Imm::kTypeField},
    {0xFB, 6, 7, "array.new", Imm::kType},
    {0xFB, 8, 8, "array.new_fixed", Imm::kTypeCount},
    {0xFB, 9, 9, "array.new_data", Imm::kTypeData},
    {0xFB, 10, 10, "array.new_elem", Imm::kTypeElem},
    {0xFB, 11, 14, "array.get/set", Imm::kType},
    {0xFB, 15, 15, "array.len", Imm::kNone},
    {0xFB, 16, 16, "array.fill", Imm::kType},
    {0xFB, 17, 17, "array.copy", Imm::kTypeType},
    {0xFB, 18, 18, "array.init_data", Imm::kTypeData},
    {0xFB, 19, 19, "array.init_elem", Imm::kTypeElem},
    {0xFB, 20, 23, "ref.test/cast", Imm::kHeapType},
    {0xFB, 24, 25, "br_on_cast", Imm::kBrOnCast},
    {0xFB, 26, 30, "extern/i31", Imm::kNone},
    // 0xFC: saturating truncation, bulk memory and table instructions.
    {0xFC, 0, 7, "trunc_sat", Imm::kNone},
    {0xFC, 8, 8, "memory.init", Imm::kDataMemory, kNeedsDataCount},
    {0xFC, 9, 9, "data.drop", Imm::kData, kNeedsDataCount},
    {0xFC, 10, 10, "memory.copy", Imm::kMemoryPair},
    {0xFC, 11, 11, "memory.fill", Imm::kMemory},
    {0xFC, 12, 12, "table.init", Imm::kElemTable},
    {0xFC, 13, 13, "elem.drop", Imm::kElem},
    {0xFC, 14, 14, "table.copy", Imm::kTablePair},
    {0xFC, 15, 17, "table.grow/size/fill", Imm::kTable},
    // 0xFD: SIMD and relaxed SIMD.
    {0xFD, 0x00, 0x0B, "v128.load/store", Imm::kMemArg},
    {0xFD, 0x0C, 0x0C, "v128.const", Imm::kV128},
    {0xFD, 0x0D, 0x0D, "i8x16.shuffle", Imm::kV128},
    {0xFD, 0x0E, 0x14, "swizzle/splat", Imm::kNone},
    {0xFD, 0x15, 0x22, "extract/replace_lane", Imm::kLane},
    {0xFD, 0x23, 0x53, "simd", Imm::kNone},
    {0xFD, 0x54, 0x5B, "v128.load/store_lane", Imm::kMemArgLane},
    {0xFD, 0x5C, 0x5D, "v128.load_zero", Imm::kMemArg},
    {0xFD, 0x5E, 0xFF, "simd", Imm::kNone},
    {0xFD, 0x100, 0x113, "relaxed simd", Imm::kNone},
    // 0xFE: threads.
    {0xFE, 0x00, 0x02, "atomic.notify/wait", Imm::kMemArg},
    {0xFE, 0x03, 0x03, "atomic.fence", Imm::kFence},
    {0xFE, 0x10, 0x4E, "atomic rmw", Imm::kMemArg},
};
// clang-format on

// An opcode's row, looked up in O(1): `valid` false for an illegal opcode.
struct OpInfo {
  bool valid = false;
  Imm imm = Imm::kNone;
  uint8_t flags = 0;
  uint16_t row = 0;  // into kOpRows, for the name
};

namespace detail {

template <size_t N>
constexpr std::array<OpInfo, N> lookup(uint8_t prefix) {
  std::array<OpInfo, N> t{};
  for (size_t r = 0; r < std::size(kOpRows); ++r) {
    const OpRow& row = kOpRows[r];
    if (row.prefix != prefix) continue;
    for (uint32_t c = row.first; c <= row.last && c < N; ++c)
      t[c] = {.valid = true, .imm = row.imm, .flags = row.flags, .row = static_cast<uint16_t>(r)};
  }
  return t;
}

}  // namespace detail

inline constexpr auto kPlainOps = detail::lookup<256>(0);
inline constexpr auto kGcOps = detail::lookup<32>(0xFB);
inline constexpr auto kMiscOps = detail::lookup<32>(0xFC);
inline constexpr auto kSimdOps = detail::lookup<0x114>(0xFD);
inline constexpr auto kAtomicOps = detail::lookup<0x50>(0xFE);

constexpr bool is_prefix(uint8_t byte) {
  return byte >= 0xFB && byte <= 0xFE;
}

// The row of a prefixed instruction (an invalid OpInfo past the table).
constexpr OpInfo prefixed_op(uint8_t prefix, uint32_t sub) {
  auto at = [&](const auto& t) { return sub < t.size() ? t[sub] : OpInfo{}; };
  switch (prefix) {
    case 0xFB:
      return at(kGcOps);
    case 0xFC:
      return at(kMiscOps);
    case 0xFD:
      return at(kSimdOps);
    default:
      return at(kAtomicOps);
  }
}

inline constexpr uint32_t kOpEnd = 0x0B;
inline constexpr uint32_t kOpLocalGet = 0x20, kOpLocalSet = 0x21, kOpLocalTee = 0x22;
inline constexpr uint32_t kOpGlobalGet = 0x23;
inline constexpr uint32_t kOpI32Const = 0x41, kOpI32Add = 0x6A;
inline constexpr uint32_t kOpCall = 0x10;

}  // namespace wasmsize::wasm
