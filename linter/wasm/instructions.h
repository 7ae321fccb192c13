// The instruction decoder: walks a function body or constant expression one
// instruction at a time, decoding every immediate, without allocating. What
// each opcode is and which immediates it has comes from the opcode table
// (wasm/opcodes.h); this file knows how to read each kind of immediate.
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
#include "wasm/opcodes.h"
#include "wasm/reader.h"

namespace wasmsize::wasm {

struct MemArg {
  uint32_t align = 0;  // log2 of the alignment
  uint32_t memory = 0;
  uint64_t offset = 0;
};

// One decoded instruction; `op` as opcode() numbers it.
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

// Decodes one instruction sequence: a function body's code or a constant
// expression. next() fails with a ParseError on an unknown opcode or a bad
// immediate; finished() becomes true after the `end` that closes the
// outermost block, and the caller checks that this is the last byte.
class InstrReader {
 public:
  InstrReader(Reader reader, const Module& module) : r_(reader), module_(module) {}

  bool next(Instr& out);
  // next() inside a function body: also fails on anything after the body's
  // final `end`. With finish() below, the one place a body's extent is
  // validated, for every pass that decodes bodies.
  bool next_in_body(Instr& out) {
    if (!next(out)) return false;
    if (finished_ && !r_.at_end()) {
      Reader::fail_at(r_.offset(), "unexpected content after the function's final `end`");
    }
    return true;
  }
  // After the last instruction: fails unless the body's final `end` was read.
  void finish() const {
    if (!finished_) {
      Reader::fail_at(r_.end_offset(), "END opcode expected: function body ends inside a block");
    }
  }
  // Skims a run of the commonest instructions faster than next() decodes
  // them one Instr at a time: the opcodes the table marks kFast. Most are
  // the same in every module (locals, labels, memargs, constants, numeric
  // ops, an inner block's `end`) and analyses take them as bytes; the rest
  // it takes are reported to `consumer`:
  //   consumer.i32_const(offset, size, value)  // by value: linkers pad LEBs
  //   consumer.call(offset, size, function)
  //   consumer.block(offset, size, opcode, block_type)  // empty or value type
  //   consumer.local(opcode, offset, size, index) -> bool  // false: stop before it
  // It stops before anything else, before the body's final `end`, before a
  // local op the consumer declines, and before any encoding it does not
  // take at a glance (a LEB128 longer than a padded u32 or s32,
  // multi-memory); next() decodes those, and raises the errors. A run never
  // ends with an i32.const before a global.get or a local op: such a
  // constant is left to next(), so a pattern such as `i32.const K;
  // global.get; i32.add` is always seen instruction by instruction.
  // Returns the bytes skimmed.
  template <typename Consumer>
  size_t skim(Consumer& consumer);
  bool finished() const { return finished_; }
  const Reader& reader() const { return r_; }

 private:
  void immediates(Imm imm, Instr& in);
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

// A fast opcode's shape, from its immediate kind in the opcode table.
constexpr Shape shape_of(const OpInfo& op) {
  if (!op.valid || !(op.flags & kFast)) return {};
  switch (op.imm) {
    case Imm::kNone:
      return {.fixed = 1, .flags = uint8_t((op.flags & kClosesBlock) ? kEnd : 0)};
    case Imm::kBlock:
      return {.fixed = 2, .flags = kBlock};
    case Imm::kLabel:
    case Imm::kI64:
      return {.fixed = 1, .leb_at = 1};
    case Imm::kLocal:
      return {.fixed = 1, .leb_at = 1, .flags = kLocal};
    case Imm::kMemArg:
      return {.fixed = 2, .leb_at = 2, .flags = kMemArg};
    case Imm::kFunc:
      return {.fixed = 1, .leb_at = 1, .flags = kU32};
    case Imm::kI32:
      return {.fixed = 1, .leb_at = 1, .flags = kS32};
    case Imm::kF32:
      return {.fixed = 5};
    case Imm::kF64:
      return {.fixed = 9};
    default:
      return {};  // an immediate the fast path does not read: next()'s
  }
}

constexpr std::array<Shape, 256> table() {
  std::array<Shape, 256> t{};
  for (size_t op = 0; op < t.size(); ++op)
    t[op] = shape_of(kPlainOps[op]);
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
inline size_t length(const uint8_t* p) {
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
  return s.fixed + (s.leb_at != 0 ? leb : 0);
}

}  // namespace skim

template <typename Consumer>
size_t InstrReader::skim(Consumer& consumer) {
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
    const size_t n = skim::length(w.data());
    if (n == 0 || n > w.size()) break;
    const uint8_t flags = skim::kTable[w[0]].flags;
    if ((flags & skim::kLocal) &&
        !consumer.local(w[0], r_.offset(), n,
                        static_cast<uint32_t>(skim::leb_bits(w.data() + 1, n - 1))))
      break;
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
