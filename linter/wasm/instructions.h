// The instruction decoder: walks a function body or constant expression one
// instruction at a time, decoding every immediate, without allocating.
// Covers MVP, sign-ext, saturating truncation, bulk memory and table ops,
// reference types, SIMD and relaxed SIMD, threads/atomics, tail calls, both
// exception-handling encodings, typed function references, GC (0xFB),
// multi-value, multi-memory, memory64 and extended-const.
#pragma once

#include <cstdint>

#include "wasm/module.h"
#include "wasm/reader.h"

namespace wasmsize::wasm {

// What an instruction's immediates mean. Analyses that normalize bodies
// (duplicate detection) switch on this to know which operands are indices
// into which module-specific space.
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
  kHeapType,      // a = heap type (s33)
  kSelectT,       // a = number of types; raw = the vector
  kTryTable,      // a = block type, b = number of catch clauses; raw = the clauses
  kBrOnCast,      // a = label, raw = flags and both heap types
  kFence,         // a = fence flags byte
};

struct MemArg {
  uint32_t align = 0;  // log2 of the alignment
  uint32_t memory = 0;
  uint64_t offset = 0;
};

// Opcodes are numbered as one integer: a plain opcode byte, or for prefixed
// instructions (prefix << 16) | sub-opcode, e.g. 0xFC0008 for memory.init.
struct Instr {
  uint32_t op = 0;
  size_t offset = 0;  // absolute offset of the first opcode byte
  size_t size = 0;    // bytes, opcode and immediates
  Imm imm = Imm::kNone;
  int64_t a = 0;
  int64_t b = 0;
  MemArg mem;
  Bytes raw;
};

constexpr uint32_t kOpEnd = 0x0B;

// Decodes one instruction sequence: a function body's code or a constant
// expression. next() fails with a ParseError on an unknown opcode or a bad
// immediate; finished() becomes true after the `end` that closes the
// outermost block, and the caller checks that this is the last byte.
class InstrReader {
 public:
  InstrReader(Reader reader, const Module& module) : r_(reader), module_(module) {}

  bool next(Instr& out);
  bool finished() const { return finished_; }
  const Reader& reader() const { return r_; }

 private:
  void decode_prefixed(uint8_t prefix, Instr& in);
  void decode_fc(uint32_t sub, Instr& in);
  void decode_fd(uint32_t sub, Instr& in);
  void decode_fe(uint32_t sub, Instr& in);
  void decode_fb(uint32_t sub, Instr& in);
  void memarg(Instr& in);
  int64_t block_type();
  uint32_t index(const char* what) { return r_.u32(what); }

  Reader r_;
  const Module& module_;
  uint32_t depth_ = 1;  // the body is itself a block closed by `end`
  bool finished_ = false;
};

// Reads a constant expression (through its `end`) and returns its bytes.
Bytes read_const_expr(Reader& r, const Module& module);

// Decodes a whole function body's code; throws ParseError unless the code ends
// with the `end` of the outermost block exactly at its last byte.
void validate_code(Reader code, const Module& module);

}  // namespace wasmsize::wasm
