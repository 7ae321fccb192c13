// InstrReader::skim() is a fast path beside next(): whatever it takes, next()
// would have decoded to the same instruction boundaries, reported values and
// errors. This walks a body both ways and says where they differ; the unit
// tests and the fingerprint fuzz target both ask it.
#pragma once

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "wasm/instructions.h"

namespace wasmsize::test {

// Every instruction skim() reports, or next() decodes of the same kinds, as
// "offset kind value".
struct Recorder {
  std::vector<std::string> seen;
  std::vector<uint32_t> watched;  // locals skim() must stop before
  bool local(uint8_t, size_t, size_t, uint32_t index) const {
    return std::find(watched.begin(), watched.end(), index) == watched.end();
  }
  void i32_const(size_t at, size_t, int32_t v) { add(at, "i32.const", v); }
  void call(size_t at, size_t, uint32_t f) { add(at, "call", f); }
  void block(size_t at, size_t, uint8_t op, int64_t type) {
    add(at, "block" + std::to_string(op), type);
  }
  void add(size_t at, const std::string& kind, int64_t v) {
    seen.push_back(std::to_string(at) + " " + kind + " " + std::to_string(v));
  }
};

struct Walk {
  std::set<size_t> boundaries;  // offsets where an instruction starts
  Recorder recorded;
  std::string error;  // "offset: message", or ""
};

inline Walk walk(wasm::Bytes code, const wasm::Module& m, bool fast,
                 const std::vector<uint32_t>& watched) {
  Walk w;
  w.recorded.watched = watched;
  wasm::InstrReader ir(wasm::Reader(code), m);
  wasm::Instr in;
  try {
    for (;;) {
      w.boundaries.insert(ir.reader().offset());
      if (fast && ir.skim(w.recorded) > 0) w.boundaries.insert(ir.reader().offset());
      if (!ir.next(in)) break;
      if (in.op == 0x41) w.recorded.i32_const(in.offset, in.size, static_cast<int32_t>(in.a));
      if (in.op == 0x10) w.recorded.call(in.offset, in.size, static_cast<uint32_t>(in.a));
      if (in.op >= 0x02 && in.op <= 0x04) w.recorded.block(in.offset, in.size, in.op, in.a);
    }
  } catch (const wasm::ParseError& e) {
    w.error = std::to_string(e.offset()) + ": " + e.what();
  }
  return w;
}

// "" when skim() and next() agree on `code`, else what differs.
inline std::string skim_disagreement(wasm::Bytes code, const wasm::Module& m,
                                     const std::vector<uint32_t>& watched = {}) {
  const Walk slow = walk(code, m, false, watched), fast = walk(code, m, true, watched);
  if (fast.error != slow.error) return "error: '" + fast.error + "' vs '" + slow.error + "'";
  if (fast.recorded.seen != slow.recorded.seen) {
    const size_t n = std::min(fast.recorded.seen.size(), slow.recorded.seen.size());
    size_t i = 0;
    while (i < n && fast.recorded.seen[i] == slow.recorded.seen[i])
      ++i;
    return "reported: '" + (i < fast.recorded.seen.size() ? fast.recorded.seen[i] : "") + "' vs '" +
           (i < slow.recorded.seen.size() ? slow.recorded.seen[i] : "") + "'";
  }
  for (size_t b : fast.boundaries) {
    if (!slow.boundaries.count(b))
      return "skim stopped inside an instruction at " + std::to_string(b);
  }
  return "";
}

}  // namespace wasmsize::test
