// The instruction decoder: walks a function body or constant expression one
// instruction at a time, decoding every immediate, without allocating.
// Covers MVP, sign-ext, saturating truncation, bulk memory and table ops,
// reference types, SIMD and relaxed SIMD, threads/atomics, tail calls, both
// exception-handling encodings, typed function references, GC (0xFB),
// multi-value, multi-memory, memory64 and extended-const.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <span>

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
  // Skims a run of the commonest instructions faster than next() decodes
  // them one Instr at a time. Most are the same in every module (locals,
  // labels, memargs, constants, numeric ops, an inner block's `end`) and
  // analyses take them as bytes; the rest it takes are reported to
  // `consumer`:
  //   consumer.i32_const(offset, size, value)  // by value: linkers pad LEBs
  //   consumer.call(offset, size, function)
  //   consumer.block(offset, size, opcode, block_type)  // empty or value type
  // It stops before anything else, before the body's final `end`, before a
  // local.get/set/tee of a local in `watched`, and before any encoding it
  // does not take at a glance (a LEB128 longer than a padded u32 or s32,
  // multi-memory); next() decodes those, and raises the errors. A run never
  // ends with an i32.const before a global.get or a local op: such a
  // constant is left to next(), so a pattern such as `i32.const K;
  // global.get; i32.add` is always seen instruction by instruction.
  // Returns the bytes skimmed.
  template <typename Consumer>
  size_t skim(std::span<const uint32_t> watched, Consumer& consumer);
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

namespace skim {

// How skim() measures an instruction from its opcode byte: `fixed` bytes,
// plus a LEB128 at `leb_at` when nonzero. fixed == 0 marks what it leaves to
// next(). Four bytes, so the compiler reads an entry as one word.
enum Flag : uint8_t {
  kLocal = 1,   // local.get/set/tee: the LEB is the local's index
  kMemArg = 2,  // the byte after the opcode is a memarg's flags
  kS32 = 4,     // i32.const: may be padded to five bytes
  kU32 = 8,     // call: may be padded to five bytes
  kBlock = 16,  // block loop if: a one-byte block type follows
  kEnd = 32,    // closes a block
};
struct alignas(4) Shape {
  uint8_t fixed = 0;
  uint8_t leb_at = 0;
  uint8_t flags = 0;
};

constexpr std::array<Shape, 256> table() {
  std::array<Shape, 256> t{};
  for (uint8_t op : {0x00, 0x01, 0x05, 0x0F, 0x1A, 0x1B, 0xD1, 0xD3, 0xD4})
    t[op] = {.fixed = 1};
  for (int op = 0x45; op <= 0xC4; ++op)  // numeric, incl. sign-ext
    t[op] = {.fixed = 1};
  for (uint8_t op : {0x0C, 0x0D, 0x42})  // br br_if i64.const
    t[op] = {.fixed = 1, .leb_at = 1};
  for (uint8_t op : {0x20, 0x21, 0x22})
    t[op] = {.fixed = 1, .leb_at = 1, .flags = kLocal};
  for (int op = 0x28; op <= 0x3E; ++op)  // loads and stores: flags, offset
    t[op] = {.fixed = 2, .leb_at = 2, .flags = kMemArg};
  for (uint8_t op : {0x02, 0x03, 0x04})
    t[op] = {.fixed = 2, .flags = kBlock};
  t[0x0B] = {.fixed = 1, .flags = kEnd};
  t[0x10] = {.fixed = 1, .leb_at = 1, .flags = kU32};
  t[0x41] = {.fixed = 1, .leb_at = 1, .flags = kS32};
  t[0x43] = {.fixed = 5};
  t[0x44] = {.fixed = 9};
  return t;
}
inline constexpr std::array<Shape, 256> kTable = table();

// Enough for the longest instruction skim() takes and for the 8-byte load
// below.
constexpr size_t kWindow = 16;

// A LEB128 of up to five bytes, as read: no check.
inline uint64_t leb_bits(const uint8_t* p, size_t len) {
  uint64_t v = 0;
  for (size_t i = 0; i < len && i < 5; ++i)
    v |= uint64_t{p[i] & 0x7Fu} << (7 * i);
  return v;
}

inline int32_t s32_value(const uint8_t* p, size_t len) {
  if (len == 0 || len > 5) return 0;  // length() says 1 to 5
  const unsigned unused = 64 - 7 * static_cast<unsigned>(len);
  return static_cast<int32_t>(static_cast<int64_t>(leb_bits(p, len) << unused) >> unused);
}

// An empty block type (0x40) or a number or vector type, as an s33.
inline bool simple_block_type(uint8_t b) {
  return b == 0x40 || (b >= 0x7B && b <= 0x7F);
}

// The length of the instruction at p if skim() takes it, else 0.
inline size_t length(const uint8_t* p, std::span<const uint32_t> watched) {
  static_assert(std::endian::native == std::endian::little, "byte i of w is p[i]");
  const Shape s = kTable[p[0]];
  uint64_t w;
  std::memcpy(&w, p, 8);
  // Where the immediate's LEB ends: 1 to 4 bytes, or 5 when it does not end
  // within four. Four bytes are valid for any integer type (the spec's
  // limits start at the fifth). A five-byte u32 or s32 is valid when the
  // fifth byte ends it and its unused bits are zero, or copy the sign.
  const auto leb_bytes = static_cast<uint32_t>(w >> (8 * s.leb_at));
  const size_t leb = (std::countr_zero(~leb_bytes & 0x80808080u) >> 3) + 1;
  const auto fifth = static_cast<uint8_t>(w >> 40);  // of a LEB at byte 1
  const bool five_ok =
      ((s.flags & kU32) && fifth < 0x10) ||
      ((s.flags & kS32) && fifth < 0x80 && ((fifth & 0x78) == 0 || (fifth & 0x78) == 0x78));
  const bool stop = s.fixed == 0 || (s.leb_at != 0 && leb == 5 && !five_ok) ||
                    ((s.flags & kMemArg) && p[1] >= 64) ||
                    ((s.flags & kBlock) && !simple_block_type(p[1]));
  if (stop) return 0;
  if (!watched.empty() && (s.flags & kLocal) &&
      std::find(watched.begin(), watched.end(), leb_bits(p + 1, leb)) != watched.end()) {
    return 0;
  }
  return s.fixed + (s.leb_at != 0 ? leb : 0);
}

}  // namespace skim

template <typename Consumer>
size_t InstrReader::skim(std::span<const uint32_t> watched, Consumer& consumer) {
  const size_t start = r_.offset();
  // An i32.const is held back until what follows shows it starts no address.
  Reader held = r_;
  size_t held_size = 0;  // 0: none held
  int32_t held_value = 0;
  // The last bytes of a body are decoded from a zero-padded copy; a LEB that
  // runs into the padding ends past them and stops the run.
  std::array<uint8_t, skim::kWindow> tail{};
  while (!r_.at_end()) {
    Bytes w = r_.peek(skim::kWindow);
    if (w.empty()) {
      const Bytes rest = r_.peek(r_.remaining());
      std::fill(std::copy(rest.begin(), rest.end(), tail.begin()), tail.end(), uint8_t{0});
      w = Bytes(tail.data(), rest.size());
    }
    const size_t n = skim::length(w.data(), watched);
    if (n == 0 || n > w.size()) break;
    const uint8_t flags = skim::kTable[w[0]].flags;
    if (flags & skim::kEnd) {
      if (depth_ <= 1) break;  // the body's own `end`, or one too many: next()'s
      --depth_;
    }
    if (held_size > 0) consumer.i32_const(held.offset(), held_size, held_value);
    held_size = 0;
    if (flags & skim::kS32) {
      held = r_;
      held_size = n;
      held_value = skim::s32_value(w.data() + 1, n - 1);
    } else if (flags & skim::kU32) {
      consumer.call(r_.offset(), n, static_cast<uint32_t>(skim::leb_bits(w.data() + 1, n - 1)));
    } else if (flags & skim::kBlock) {
      ++depth_;
      consumer.block(r_.offset(), n, w[0], static_cast<int8_t>(w[1] << 1) >> 1);
    }
    r_.advance(n);
  }
  if (held_size > 0) {
    // `i32.const K; global.get`, or a local op the run stopped at, may be
    // half of an address: next() decodes the constant again.
    const Bytes stop = r_.peek(1);
    if (!stop.empty() && stop[0] >= 0x20 && stop[0] <= 0x23) {
      r_ = held;
    } else {
      consumer.i32_const(held.offset(), held_size, held_value);
    }
  }
  return r_.offset() - start;
}

// Reads a constant expression (through its `end`) and returns its bytes.
Bytes read_const_expr(Reader& r, const Module& module);

// Decodes a whole function body's code; throws ParseError unless the code ends
// with the `end` of the outermost block exactly at its last byte.
void validate_code(Reader code, const Module& module);

}  // namespace wasmsize::wasm
