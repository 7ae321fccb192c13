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
  // Skips a run of instructions whose immediates are no index into a module
  // space and that open no block: most of any body (locals, loads and
  // stores, arithmetic, branches, constants, the `end` of an inner block).
  // Analyses that need such runs only as bytes avoid decoding them one Instr
  // at a time.
  //
  // It stops before anything else, before the body's final `end`, before a
  // local.get/set/tee of a local in
  // `watched`, and before any encoding it does not take at a glance (a LEB128
  // of five bytes or more, multi-memory); next() decodes those, and raises
  // the errors. Every i32.const inside the run is passed to
  // on_i32_const(offset, size, value), because its value, not its encoding,
  // is what matters (linkers pad LEBs). A run never ends with an i32.const
  // before a global.get or a local op: such a constant is left to next(), so
  // a pattern such as `i32.const K; global.get; i32.add` is always seen
  // instruction by instruction. Returns the bytes skipped.
  template <typename OnI32Const>
  size_t skip_plain(std::span<const uint32_t> watched, OnI32Const&& on_i32_const);
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

namespace plain {

// How skip_plain() measures an instruction from its opcode byte, without a
// branch per kind: `fixed` bytes, plus a LEB128 at `leb_at` when nonzero.
// fixed == 0 marks what it leaves to next(). Four bytes, read as one word.
enum Flag : uint8_t {
  kLocal = 1,   // local.get/set/tee: the LEB is the local's index
  kMemArg = 2,  // the byte after the opcode is a memarg's flags
  kS32 = 4,     // i32.const: a padded five-byte LEB is common
  kEnd = 8,     // closes a block
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
  t[0x41] = {.fixed = 1, .leb_at = 1, .flags = kS32};
  for (uint8_t op : {0x20, 0x21, 0x22})
    t[op] = {.fixed = 1, .leb_at = 1, .flags = kLocal};
  for (int op = 0x28; op <= 0x3E; ++op)  // loads and stores: flags, offset
    t[op] = {.fixed = 2, .leb_at = 2, .flags = kMemArg};
  t[0x0B] = {.fixed = 1, .flags = kEnd};
  t[0x43] = {.fixed = 5};
  t[0x44] = {.fixed = 9};
  return t;
}
inline constexpr std::array<Shape, 256> kTable = table();

// Enough for the longest instruction skip_plain() takes and for the 4-byte
// loads below.
constexpr size_t kWindow = 16;

// The length of a LEB128 number that ends within p's first four bytes, or 0.
// Such a number is valid as u32, s32, u64 and s64 alike (the spec's limits
// start at the fifth byte), so no other check is needed.
inline size_t short_leb(const uint8_t* p) {
  static_assert(std::endian::native == std::endian::little, "byte i of w is p[i]");
  uint32_t w;
  std::memcpy(&w, p, 4);
  const uint32_t ends = ~w & 0x80808080u;
  return ends ? static_cast<size_t>(std::countr_zero(ends) >> 3) + 1 : 0;
}

inline uint32_t short_leb_value(const uint8_t* p, size_t len) {
  uint32_t v = 0;
  for (size_t i = 0; i < len; ++i)
    v |= uint32_t{p[i] & 0x7Fu} << (7 * i);
  return v;
}

inline int32_t s32_value(const uint8_t* p, size_t len) {
  if (len == 0 || len > 5) return 0;  // length() says 1 to 5
  uint64_t v = 0;
  for (size_t i = 0; i < len; ++i)
    v |= uint64_t{p[i] & 0x7Fu} << (7 * i);
  const unsigned unused = 64 - 7 * static_cast<unsigned>(len);
  return static_cast<int32_t>(static_cast<int64_t>(v << unused) >> unused);
}

// The length of the plain instruction at p, or 0 to stop before it. Written
// to compile to conditional moves: which kind comes next is data, and a
// mispredicted branch per instruction would cost more than the decoding.
inline size_t length(const uint8_t* p, std::span<const uint32_t> watched) {
  static_assert(std::endian::native == std::endian::little, "byte i of w is p[i]");
  const Shape s = kTable[p[0]];
  uint64_t w;
  std::memcpy(&w, p, 8);
  // Where the immediate's LEB ends: 1 to 4 bytes, or 5 when it does not
  // end within four. A five-byte s32 (linkers pad relocated constants) is
  // valid when the fifth byte ends it and its unused bits copy the sign bit.
  const auto leb_bytes = static_cast<uint32_t>(w >> (8 * s.leb_at));
  const size_t leb = (std::countr_zero(~leb_bytes & 0x80808080u) >> 3) + 1;
  const auto fifth = static_cast<uint8_t>(w >> 40);  // only read for i32.const
  const bool s32_ok =
      (s.flags & kS32) && fifth < 0x80 && ((fifth & 0x78) == 0 || (fifth & 0x78) == 0x78);
  const bool stop =
      s.fixed == 0 || (s.leb_at != 0 && leb == 5 && !s32_ok) || ((s.flags & kMemArg) && p[1] >= 64);
  if (stop) return 0;
  if (!watched.empty() && (s.flags & kLocal) &&
      std::find(watched.begin(), watched.end(), short_leb_value(p + 1, leb)) != watched.end()) {
    return 0;
  }
  return s.fixed + (s.leb_at != 0 ? leb : 0);
}

}  // namespace plain

template <typename OnI32Const>
size_t InstrReader::skip_plain(std::span<const uint32_t> watched, OnI32Const&& on_i32_const) {
  const size_t start = r_.offset();
  // An i32.const is held back until what follows shows it starts no address.
  Reader held = r_;
  size_t held_size = 0;  // 0: none held
  int32_t held_value = 0;
  // The last bytes of a body are decoded from a zero-padded copy; a LEB that
  // runs into the padding ends past them and stops the run.
  std::array<uint8_t, plain::kWindow> tail{};
  while (!r_.at_end()) {
    Bytes w = r_.peek(plain::kWindow);
    if (w.empty()) {
      const Bytes rest = r_.peek(r_.remaining());
      std::fill(std::copy(rest.begin(), rest.end(), tail.begin()), tail.end(), uint8_t{0});
      w = Bytes(tail.data(), rest.size());
    }
    const size_t n = plain::length(w.data(), watched);
    if (n == 0 || n > w.size()) break;
    if (plain::kTable[w[0]].flags & plain::kEnd) {
      if (depth_ <= 1) break;  // the body's own `end`, or one too many: next()'s
      --depth_;
    }
    if (held_size > 0) on_i32_const(held.offset(), held_size, held_value);
    held_size = 0;
    if (w[0] == 0x41) {
      held = r_;
      held_size = n;
      held_value = plain::s32_value(w.data() + 1, n - 1);
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
      on_i32_const(held.offset(), held_size, held_value);
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
