#include "wasm/instructions.h"

#include <fmt/format.h>

#include "wasm/types.h"

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
  in.imm = Imm::kNone;
  in.a = in.b = 0;
  in.raw = Bytes();
  const uint8_t byte = r_.u8("opcode");
  in.op = byte;
  switch (byte) {
    case 0x00:
    case 0x01:
    case 0x0A:
    case 0x0F:
    case 0x19:
    case 0x1A:
    case 0x1B:
    case 0xD1:
    case 0xD3:
    case 0xD4:
      break;
    case 0x02:
    case 0x03:
    case 0x04:
    case 0x06:  // block loop if try
      in.imm = Imm::kBlock;
      in.a = block_type();
      ++depth_;
      break;
    case 0x05:  // else
      break;
    case 0x07:
    case 0x08:  // catch, throw
      in.imm = Imm::kTag;
      in.a = index("tag index");
      break;
    case 0x09:
    case 0x0C:
    case 0x0D:
    case 0xD5:
    case 0xD6:  // rethrow br br_if br_on_(non_)null
      in.imm = Imm::kLabel;
      in.a = index("label");
      break;
    case 0x18:  // delegate closes a legacy try
      in.imm = Imm::kLabel;
      in.a = index("label");
      if (--depth_ == 0) finished_ = true;
      break;
    case 0x0B:  // end
      if (depth_ == 0) Reader::fail_at(in.offset, "unexpected `end` after the final one");
      if (--depth_ == 0) finished_ = true;
      break;
    case 0x0E: {  // br_table
      in.imm = Imm::kBrTable;
      const size_t start = r_.offset();
      const uint32_t n = r_.count("br_table target count");
      for (uint32_t i = 0; i <= n; ++i)
        index("br_table target");
      in.a = n;
      in.raw = r_.consumed_since(start);
      break;
    }
    case 0x10:
    case 0x12:
    case 0xD2:  // call return_call ref.func
      in.imm = Imm::kFunc;
      in.a = index("function index");
      break;
    case 0x11:
    case 0x13:  // call_indirect return_call_indirect
      in.imm = Imm::kCallIndirect;
      in.a = index("type index");
      in.b = index("table index");
      break;
    case 0x14:
    case 0x15:  // call_ref return_call_ref
      in.imm = Imm::kType;
      in.a = index("type index");
      break;
    case 0x1C: {  // select t*
      in.imm = Imm::kSelectT;
      const size_t start = r_.offset();
      const uint32_t n = r_.count("select type count");
      for (uint32_t i = 0; i < n; ++i)
        read_valtype(r_, "select type");
      in.a = n;
      in.raw = r_.consumed_since(start);
      break;
    }
    case 0x1F: {  // try_table
      in.imm = Imm::kTryTable;
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
      ++depth_;
      break;
    }
    case 0x20:
    case 0x21:
    case 0x22:
      in.imm = Imm::kLocal;
      in.a = index("local index");
      break;
    case 0x23:
    case 0x24:
      in.imm = Imm::kGlobal;
      in.a = index("global index");
      break;
    case 0x25:
    case 0x26:
      in.imm = Imm::kTable;
      in.a = index("table index");
      break;
    case 0x3F:
    case 0x40:  // memory.size memory.grow
      in.imm = Imm::kMemory;
      in.a = index("memory index");
      break;
    case 0x41:
      in.imm = Imm::kI32;
      in.a = r_.s32("i32 constant");
      break;
    case 0x42:
      in.imm = Imm::kI64;
      in.a = r_.s64("i64 constant");
      break;
    case 0x43:
      in.imm = Imm::kF32;
      in.raw = r_.bytes(4, "f32 constant");
      break;
    case 0x44:
      in.imm = Imm::kF64;
      in.raw = r_.bytes(8, "f64 constant");
      break;
    case 0xD0:
      in.imm = Imm::kHeapType;
      in.a = read_heap_type(r_);
      break;
    case 0xFB:
    case 0xFC:
    case 0xFD:
    case 0xFE:
      decode_prefixed(byte, in);
      break;
    default:
      if ((byte >= 0x28 && byte <= 0x3E)) {  // loads and stores
        in.imm = Imm::kMemArg;
        memarg(in);
      } else if (byte >= 0x45 && byte <= 0xC4) {  // numeric, incl. sign-ext
      } else {
        illegal(in.offset, byte);
      }
  }
  in.size = r_.offset() - in.offset;
  return true;
}

void InstrReader::decode_prefixed(uint8_t prefix, Instr& in) {
  const uint32_t sub = r_.u32("prefixed opcode");
  in.op = (uint32_t{prefix} << 16) | (sub & 0xFFFF);
  if (sub > 0xFFFF) illegal(in.offset, (uint32_t{prefix} << 16) | 0xFFFF);
  switch (prefix) {
    case 0xFB:
      decode_fb(sub, in);
      break;
    case 0xFC:
      decode_fc(sub, in);
      break;
    case 0xFD:
      decode_fd(sub, in);
      break;
    default:
      decode_fe(sub, in);
      break;
  }
}

void InstrReader::decode_fc(uint32_t sub, Instr& in) {
  switch (sub) {
    case 0:
    case 1:
    case 2:
    case 3:
    case 4:
    case 5:
    case 6:
    case 7:  // trunc_sat
      break;
    case 8:  // memory.init
    case 9:  // data.drop
      if (!module_.data_count) {
        Reader::fail_at(in.offset, "data count section required by memory.init / data.drop");
      }
      in.a = index("data index");
      if (sub == 8) {
        in.imm = Imm::kDataMemory;
        in.b = index("memory index");
      } else {
        in.imm = Imm::kData;
      }
      break;
    case 10:
      in.imm = Imm::kMemoryPair;
      in.a = index("memory index");
      in.b = index("memory index");
      break;
    case 11:
      in.imm = Imm::kMemory;
      in.a = index("memory index");
      break;
    case 12:
      in.imm = Imm::kElemTable;
      in.a = index("elem index");
      in.b = index("table index");
      break;
    case 13:
      in.imm = Imm::kElem;
      in.a = index("elem index");
      break;
    case 14:
      in.imm = Imm::kTablePair;
      in.a = index("table index");
      in.b = index("table index");
      break;
    case 15:
    case 16:
    case 17:
      in.imm = Imm::kTable;
      in.a = index("table index");
      break;
    default:
      illegal(in.offset, in.op);
  }
}

void InstrReader::decode_fd(uint32_t sub, Instr& in) {
  if (sub <= 0x0B || sub == 0x5C || sub == 0x5D) {  // loads, store, load_zero
    in.imm = Imm::kMemArg;
    memarg(in);
  } else if (sub == 0x0C || sub == 0x0D) {  // v128.const, i8x16.shuffle
    in.imm = Imm::kV128;
    in.raw = r_.bytes(16, sub == 0x0C ? "v128 constant" : "shuffle lanes");
  } else if (sub >= 0x15 && sub <= 0x22) {  // extract/replace lane
    in.imm = Imm::kLane;
    in.a = r_.u8("lane index");
  } else if (sub >= 0x54 && sub <= 0x5B) {  // load/store lane
    in.imm = Imm::kMemArgLane;
    memarg(in);
    in.a = r_.u8("lane index");
  } else if (sub <= 0xFF || (sub >= 0x100 && sub <= 0x113)) {  // plain and relaxed SIMD
  } else {
    illegal(in.offset, in.op);
  }
}

void InstrReader::decode_fe(uint32_t sub, Instr& in) {
  if (sub <= 0x02 || (sub >= 0x10 && sub <= 0x4E)) {
    in.imm = Imm::kMemArg;
    memarg(in);
  } else if (sub == 0x03) {  // atomic.fence
    in.imm = Imm::kFence;
    in.a = r_.u8("atomic.fence flags");
  } else {
    illegal(in.offset, in.op);
  }
}

void InstrReader::decode_fb(uint32_t sub, Instr& in) {
  switch (sub) {
    case 0:
    case 1:
    case 6:
    case 7:
    case 11:
    case 12:
    case 13:
    case 14:
    case 16:
      in.imm = Imm::kType;
      in.a = index("type index");
      break;
    case 2:
    case 3:
    case 4:
    case 5:  // struct.get* struct.set
      in.imm = Imm::kTypeField;
      in.a = index("type index");
      in.b = index("field index");
      break;
    case 8:
      in.imm = Imm::kTypeCount;
      in.a = index("type index");
      in.b = index("array length");
      break;
    case 9:
    case 18:
      in.imm = Imm::kTypeData;
      in.a = index("type index");
      in.b = index("data index");
      break;
    case 10:
    case 19:
      in.imm = Imm::kTypeElem;
      in.a = index("type index");
      in.b = index("elem index");
      break;
    case 15:
    case 26:
    case 27:
    case 28:
    case 29:
    case 30:
      break;
    case 17:
      in.imm = Imm::kTypeType;
      in.a = index("type index");
      in.b = index("type index");
      break;
    case 20:
    case 21:
    case 22:
    case 23:  // ref.test ref.cast
      in.imm = Imm::kHeapType;
      in.a = read_heap_type(r_);
      break;
    case 24:
    case 25: {  // br_on_cast br_on_cast_fail
      in.imm = Imm::kBrOnCast;
      const size_t at = r_.offset();
      const uint8_t flags = r_.u8("cast flags");
      if (flags > 3) Reader::fail_at(at, fmt::format("malformed cast flags 0x{:02x}", flags));
      in.a = index("label");
      read_heap_type(r_);
      read_heap_type(r_);
      in.raw = r_.consumed_since(at);
      break;
    }
    default:
      illegal(in.offset, in.op);
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
  } ignore;
  while (ir.skim({}, ignore), ir.next(in)) {
    if (ir.finished() && !ir.reader().at_end()) {
      Reader::fail_at(ir.reader().offset(), "unexpected content after the function's final `end`");
    }
  }
  if (!ir.finished()) {
    Reader::fail_at(code.end_offset(), "END opcode expected: function body ends inside a block");
  }
}

}  // namespace wasmsize::wasm
