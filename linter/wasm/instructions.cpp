#include "wasm/instructions.h"

#include <fmt/format.h>

#include "wasm/types.h"

// A kind added to the opcode table must be read here: no default case.
#pragma GCC diagnostic error "-Wswitch"

namespace wasmsize::wasm {

namespace {

[[noreturn]] void illegal(size_t at, uint32_t op) {
  if (op > 0xFF) {
    Reader::fail_at(at, fmt::format("illegal opcode {:02x} {}", op >> 16, op & 0xFFFF));
  }
  Reader::fail_at(at, fmt::format("illegal opcode {:02x}", op));
}

}  // namespace

int64_t InstrReader::block_type() {
  const size_t at = r_.offset();
  const int64_t bt = r_.s33("block type");
  if (bt >= 0 || bt == -64) return bt;  // type index, or empty (0x40)
  const auto code = static_cast<uint8_t>(bt & 0x7F);
  if (code == 0x63 || code == 0x64) {
    read_heap_type(r_);
    return bt;
  }
  if ((code >= 0x7B && code <= 0x7F) || is_abstract_heap_type(bt)) return bt;
  Reader::fail_at(at, fmt::format("malformed block type 0x{:02x}", code));
}

void InstrReader::memarg(Instr& in) {
  const size_t at = r_.offset();
  uint32_t flags = r_.u32("memarg alignment");
  // Multi-memory: bit 6 of the alignment field says a memory index follows.
  if (flags >= 128) Reader::fail_at(at, fmt::format("malformed memop flags 0x{:x}", flags));
  if (flags & 64) {
    in.mem.memory = r_.u32("memarg memory index");
    flags -= 64;
  } else {
    in.mem.memory = 0;
  }
  in.mem.align = flags;
  in.mem.offset =
      module_.memory_is64(in.mem.memory) ? r_.u64("memarg offset") : r_.u32("memarg offset");
}

bool InstrReader::next(Instr& in) {
  if (r_.at_end()) return false;
  in.offset = r_.offset();
  in.a = in.b = 0;
  in.raw = Bytes();
  const uint8_t byte = r_.u8("opcode");
  OpInfo op;
  if (is_prefix(byte)) {
    const uint32_t sub = r_.u32("prefixed opcode");
    in.op = opcode(byte, sub & 0xFFFF);
    if (sub > 0xFFFF) illegal(in.offset, opcode(byte, 0xFFFF));
    op = prefixed_op(byte, sub);
  } else {
    in.op = byte;
    op = kPlainOps[byte];
  }
  if (!op.valid) illegal(in.offset, in.op);
  if ((op.flags & kNeedsDataCount) && !module_.data_count) {
    Reader::fail_at(in.offset, "data count section required by memory.init / data.drop");
  }
  in.imm = op.imm;
  immediates(op.imm, in);
  if (op.flags & kOpensBlock) ++depth_;
  if (op.flags & kClosesBlock) {
    if (depth_ == 0) Reader::fail_at(in.offset, "unexpected `end` after the final one");
    if (--depth_ == 0) finished_ = true;
  }
  in.size = r_.offset() - in.offset;
  return true;
}

// Reads the immediates of one kind; the opcode table says which kind, and
// for kinds of plain indices, what to call them.
void InstrReader::immediates(Imm imm, Instr& in) {
  const ImmInfo& info = imm_info(imm);
  if (info.first) {
    in.a = index(info.first);
    if (info.second) in.b = index(info.second);
    return;
  }
  switch (imm) {
    case Imm::kNone:
      return;
    case Imm::kBlock:
      in.a = block_type();
      return;
    case Imm::kBrTable: {
      const size_t start = r_.offset();
      const uint32_t n = r_.count("br_table target count");
      for (uint32_t i = 0; i <= n; ++i)
        index("br_table target");
      in.a = n;
      in.raw = r_.consumed_since(start);
      return;
    }
    case Imm::kMemArg:
      return memarg(in);
    case Imm::kMemArgLane:
      memarg(in);
      in.a = r_.u8("lane index");
      return;
    case Imm::kLane:
      in.a = r_.u8("lane index");
      return;
    case Imm::kI32:
      in.a = r_.s32("i32 constant");
      return;
    case Imm::kI64:
      in.a = r_.s64("i64 constant");
      return;
    case Imm::kF32:
      in.raw = r_.bytes(4, "f32 constant");
      return;
    case Imm::kF64:
      in.raw = r_.bytes(8, "f64 constant");
      return;
    case Imm::kV128:
      in.raw = r_.bytes(16, in.op == opcode(0xFD, 0x0D) ? "shuffle lanes" : "v128 constant");
      return;
    case Imm::kHeapType:
      in.a = read_heap_type(r_);
      return;
    case Imm::kSelectT: {
      const size_t start = r_.offset();
      const uint32_t n = r_.count("select type count");
      for (uint32_t i = 0; i < n; ++i)
        read_valtype(r_, "select type");
      in.a = n;
      in.raw = r_.consumed_since(start);
      return;
    }
    case Imm::kTryTable: {
      in.a = block_type();
      const size_t start = r_.offset();
      const uint32_t n = r_.count("try_table catch count", 2);
      for (uint32_t i = 0; i < n; ++i) {
        const size_t at = r_.offset();
        const uint8_t kind = r_.u8("catch kind");
        if (kind > 3) Reader::fail_at(at, fmt::format("malformed catch kind {}", kind));
        if (kind < 2) index("catch tag index");
        index("catch label");
      }
      in.b = n;
      in.raw = r_.consumed_since(start);
      return;
    }
    case Imm::kBrOnCast: {
      const size_t at = r_.offset();
      const uint8_t flags = r_.u8("cast flags");
      if (flags > 3) Reader::fail_at(at, fmt::format("malformed cast flags 0x{:02x}", flags));
      in.a = index("label");
      read_heap_type(r_);
      read_heap_type(r_);
      in.raw = r_.consumed_since(at);
      return;
    }
    case Imm::kFence:
      in.a = r_.u8("atomic.fence flags");
      return;
    case Imm::kLabel:
    case Imm::kFunc:
    case Imm::kCallIndirect:
    case Imm::kType:
    case Imm::kTypeField:
    case Imm::kTypeType:
    case Imm::kTypeCount:
    case Imm::kTypeData:
    case Imm::kTypeElem:
    case Imm::kLocal:
    case Imm::kGlobal:
    case Imm::kTable:
    case Imm::kTablePair:
    case Imm::kMemory:
    case Imm::kMemoryPair:
    case Imm::kData:
    case Imm::kDataMemory:
    case Imm::kElem:
    case Imm::kElemTable:
    case Imm::kTag:
      return;  // plain indices, read above from the table's names
  }
}

Bytes read_const_expr(Reader& r, const Module& module) {
  const size_t start = r.offset();
  Reader rest = r;
  InstrReader ir(rest, module);
  Instr in;
  while (!ir.finished()) {
    if (!ir.next(in))
      Reader::fail_at(r.end_offset(), "unexpected end: constant expression has no `end`");
  }
  const size_t len = ir.reader().offset() - start;
  return r.bytes(len, "constant expression");
}

void validate_code(Reader code, const Module& module) {
  InstrReader ir(code, module);
  Instr in;
  struct {
    void i32_const(size_t, size_t, int32_t) {}
    void call(size_t, size_t, uint32_t) {}
    void block(size_t, size_t, uint8_t, int64_t) {}
    bool local(uint8_t, size_t, size_t, uint32_t) { return true; }
  } ignore;
  while (ir.skim(ignore), ir.next_in_body(in)) {
  }
  ir.finish();
}

}  // namespace wasmsize::wasm
