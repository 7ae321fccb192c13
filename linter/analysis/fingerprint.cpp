#include "analysis/fingerprint.h"

#include <openssl/evp.h>
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <span>
#include <unordered_map>

#include "wasm/instructions.h"
#include "wasm/types.h"

// Every immediate kind must be handled where the normalizer switches on it:
// a kind added to the opcode table without a case here fails the build.
#pragma GCC diagnostic error "-Wswitch"

namespace wasmsize::analysis {

namespace {

using model::Digest;
using wasm::Imm;
using wasm::Instr;
using wasm::kOpCall, wasm::kOpGlobalGet, wasm::kOpI32Add, wasm::kOpI32Const;
using wasm::kOpLocalGet, wasm::kOpLocalSet, wasm::kOpLocalTee;

// SHA-256 with the algorithm fetched once and a context per thread: the
// one-shot EVP_Digest looks the algorithm up (under a lock) on every call.
Digest sha256(std::string_view bytes) {
  struct Ctx {
    EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Ctx() {
      EVP_MD_CTX_free(ctx);
      EVP_MD_free(md);
    }
  };
  thread_local Ctx c;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_DigestInit_ex(c.ctx, c.md, nullptr);
  EVP_DigestUpdate(c.ctx, bytes.data(), bytes.size());
  EVP_DigestFinal_ex(c.ctx, md, &n);
  Digest d;
  std::copy_n(md, d.size(), d.begin());
  return d;
}

// Internal grouping of normalized streams: XXH3-128, an order of magnitude
// faster than SHA-256 on the many small inputs, and as collision-resistant as
// needed for grouping (not for adversaries: a forged collision could only
// make two functions look alike in a report).
Digest digest(std::string_view bytes) {
  const XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
  Digest d;
  std::memcpy(d.data(), &h.low64, 8);
  std::memcpy(d.data() + 8, &h.high64, 8);
  return d;
}

// An append-only byte buffer, reused across functions (it keeps its
// capacity): an append is a bounds check and a memcpy, which matters when
// every instruction appends to two of them.
class ByteSink {
 public:
  // A disabled sink, for a level nobody asked for, ignores every append.
  void enable(bool on) { enabled_ = on; }
  void clear() { size_ = 0; }
  void append(const void* p, size_t n) {
    // An empty view may hold a null pointer, which memcpy must not see.
    if (n == 0 || !enabled_) return;
    if (size_ + n > buf_.size()) buf_.resize(std::max(buf_.size() * 2, size_ + n + 4096));
    std::memcpy(buf_.data() + size_, p, n);
    size_ += n;
    appended_ += n;
  }
  uint64_t appended() const { return appended_; }  // since construction, for FingerprintStats
  void append(std::string_view s) { append(s.data(), s.size()); }
  std::string_view view() const { return {buf_.data(), size_}; }

 private:
  std::vector<char> buf_;
  size_t size_ = 0;
  uint64_t appended_ = 0;
  bool enabled_ = true;
};

void put_u64(ByteSink& s, uint64_t v) {
  s.append(&v, sizeof v);
}

void put_token(ByteSink& s, std::string_view t) {
  put_u64(s, t.size());
  s.append(t);
}

void put_digest(ByteSink& s, const Digest& d) {
  s.append(d.data(), d.size());
}

// Where an active segment starts relative to a base global: `global.get base`,
// or `global.get base; i32.const K; i32.add` (extended-const).
std::optional<uint64_t> base_relative_offset(wasm::Bytes expr, int64_t base) {
  if (base < 0 || expr.empty()) return std::nullopt;
  wasm::Module none;
  wasm::InstrReader ir{wasm::Reader(expr), none};
  Instr in;
  std::vector<Instr> v;
  while (ir.next(in) && v.size() < 5)
    v.push_back(in);
  if (v.size() == 2 && v[0].op == kOpGlobalGet && v[0].a == base) return 0;
  if (v.size() == 4 && v[0].op == kOpGlobalGet && v[0].a == base && v[1].op == kOpI32Const &&
      v[2].op == kOpI32Add) {
    return static_cast<uint32_t>(v[1].a);
  }
  return std::nullopt;
}

// What this module's indices and base-relative addresses mean.
class Context {
 public:
  explicit Context(const wasm::Module& m);

  const wasm::Module& m;
  // Imported functions' tokens by index. A defined function, exported or
  // not, is represented by its body (an export's name says nothing of what
  // the callee does: two copies of a library may export one name over
  // private state each).
  std::vector<std::string> import_token;
  std::string_view func_token(uint32_t func) const {
    return func < import_token.size() ? std::string_view(import_token[func]) : std::string_view();
  }
  std::vector<std::string> global_token;
  std::vector<std::string> type_token;
  std::vector<std::string> tag_token;
  std::vector<std::string> data_token;  // a segment by its bytes
  int64_t memory_base = -1, table_base = -1;

  // Writes what a base-relative data address means: its C string, or a
  // token no other module produces.
  void put_data(ByteSink& out, uint64_t rel) const;
  void put_module_specific(ByteSink& out, char kind, uint64_t v) const {
    out.append(&kind, 1);
    put_u64(out, salt_);
    put_u64(out, v);
  }
  int64_t slot_function(uint64_t rel) const {
    auto it = slots_.find(rel);
    return it == slots_.end() ? -1 : it->second;
  }

 private:
  struct Segment {
    uint64_t offset;
    wasm::Bytes data;
  };
  std::vector<Segment> segments_;
  std::unordered_map<uint64_t, int64_t> slots_;
  // Makes module-specific tokens differ between modules. Digests are never
  // printed, so a run-local counter keeps output deterministic.
  uint64_t salt_ = next_salt++;
  static inline std::atomic<uint64_t> next_salt{0};
};

Context::Context(const wasm::Module& mod) : m(mod) {
  for (const auto& t : m.types) {
    type_token.push_back(t.kind == wasm::TypeEntry::kFunc     ? wasm::signature(t.func)
                         : t.kind == wasm::TypeEntry::kStruct ? "struct"
                                                              : "array");
  }
  import_token.assign(std::min<size_t>(m.imported_funcs, m.func_types.size()), "");
  global_token.assign(m.global_types.size(), "");
  tag_token.assign(m.tag_types.size(), "");
  uint32_t f = 0, g = 0, t = 0;
  for (const auto& imp : m.imports) {
    const std::string name = "I:" + std::string(imp.module) + "." + std::string(imp.field);
    if (imp.kind == wasm::ExternKind::kFunc && f < import_token.size()) import_token[f++] = name;
    if (imp.kind == wasm::ExternKind::kTag) tag_token[t++] = name;
    if (imp.kind == wasm::ExternKind::kGlobal) {
      if (imp.module == "env" && imp.field == "__memory_base") memory_base = g;
      if (imp.module == "env" && imp.field == "__table_base") table_base = g;
      global_token[g++] = name;
    }
  }
  // Defined globals: a constant by its type and initializer; a mutable one
  // is state this module owns, which a shared body could not reach.
  for (size_t i = 0; i < m.globals.size(); ++i) {
    const auto& gl = m.globals[i];
    global_token[m.imported_globals + i] =
        gl.type.mut
            ? "M:" + std::to_string(salt_) + ":" + std::to_string(i)
            : "G:" + wasm::valtype_name(gl.type.type) +
                  std::string(reinterpret_cast<const char*>(gl.init.data()), gl.init.size());
  }
  for (; t < tag_token.size(); ++t) {
    const uint32_t ty = m.tag_types[t];
    tag_token[t] = "T:" + (ty < type_token.size() ? type_token[ty] : "?");
  }
  for (const auto& d : m.data) {
    // memory.init / data.drop name a segment: what it holds is what they mean.
    const Digest bytes = digest({reinterpret_cast<const char*>(d.data.data()), d.data.size()});
    data_token.emplace_back("P:" + std::string(reinterpret_cast<const char*>(bytes.data()), 16));
    if (auto off = d.active ? base_relative_offset(d.offset_expr, memory_base) : std::nullopt) {
      segments_.push_back({*off, d.data});
    }
  }
  std::sort(segments_.begin(), segments_.end(),
            [](const Segment& a, const Segment& b) { return a.offset < b.offset; });
  // A token goes into the stream at every reference: an import name of
  // 100 kB called 5,000 times must not become 500 MB of stream. Each is kept
  // as its 16-byte digest, so a reference costs the same whatever it names.
  for (auto* table : {&import_token, &global_token, &type_token, &tag_token, &data_token}) {
    for (std::string& t : *table) {
      if (t.empty()) continue;  // an internal function: resolved by its body
      const Digest d = digest(t);
      t.assign(reinterpret_cast<const char*>(d.data()), d.size());
    }
  }
  for (const auto& e : m.elements) {
    if (e.mode != wasm::Element::kActive) continue;
    if (auto off = base_relative_offset(e.offset_expr, table_base)) {
      for (size_t k = 0; k < e.funcs.size(); ++k)
        slots_[*off + k] = e.funcs[k];
    }
  }
}

// The length of the C string at the start of `bytes`: text (well-formed
// UTF-8, no control characters but tab and newlines) ended by a NUL within
// the view, at least two characters long. Anything else, such as GMP's
// 4-byte limb a0 c1 00 00 (0xC1 starts no UTF-8 sequence), is not a string.
std::optional<size_t> c_string_length(wasm::Bytes bytes) {
  size_t i = 0;
  while (i < bytes.size() && bytes[i] != 0) {
    const uint8_t c = bytes[i];
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return std::nullopt;
      if (c == 0x7F) return std::nullopt;
      ++i;
      continue;
    }
    // A lead byte and its continuations; overlong forms (C0, C1, E0 80..9F,
    // F0 80..8F) and code points past U+10FFFF are not text.
    const size_t n = c >= 0xC2 && c <= 0xDF   ? 2
                     : c >= 0xE0 && c <= 0xEF ? 3
                     : c >= 0xF0 && c <= 0xF4 ? 4
                                              : 0;
    if (n == 0 || i + n > bytes.size()) return std::nullopt;
    for (size_t k = 1; k < n; ++k) {
      if ((bytes[i + k] & 0xC0) != 0x80) return std::nullopt;
    }
    if ((c == 0xE0 && bytes[i + 1] < 0xA0) || (c == 0xF0 && bytes[i + 1] < 0x90) ||
        (c == 0xF4 && bytes[i + 1] > 0x8F)) {
      return std::nullopt;
    }
    i += n;
  }
  if (i == bytes.size() || i < 2) return std::nullopt;
  return i;
}

// What a base-relative data address means. A C string is its text, through
// its NUL: code that differs only in where the linker placed the same string
// can share a body. The address may point into a longer string whose tail
// the linker merged with it ("foo" inside "barfoo"); what the code reads is
// still the bytes from the address to the NUL. Anything else may be a struct
// whose pointers __wasm_apply_data_relocs fills in at load time, invisible in
// the segment bytes, or state the module writes: it stays module-specific
// ("B:module:offset") and never merges across modules.
void Context::put_data(ByteSink& out, uint64_t rel) const {
  constexpr size_t kMaxString = 4096;
  auto it = std::upper_bound(segments_.begin(), segments_.end(), rel,
                             [](uint64_t r, const Segment& s) { return r < s.offset; });
  if (it != segments_.begin()) {
    --it;
    const uint64_t at = rel - it->offset;
    // Not after binary data: an address inside a struct is not a string's.
    const bool after_text =
        at < it->data.size() && (at == 0 || it->data[at - 1] == 0 || it->data[at - 1] >= 0x20);
    if (after_text) {
      const auto rest = it->data.subspan(at, std::min<size_t>(it->data.size() - at, kMaxString));
      if (const auto len = c_string_length(rest)) {
        // By its digest: a 4 kB string at every reference would amplify.
        const Digest d = digest({reinterpret_cast<const char*>(rest.data()), *len + 1});
        put_token(out, "D");
        put_token(out, {reinterpret_cast<const char*>(d.data()), d.size()});
        return;
      }
    }
  }
  put_module_specific(out, 'B', rel);
}

// A view of a context token by index ("?" out of range): no string is
// copied per instruction.
std::string_view token_at(const std::vector<std::string>& table, int64_t i) {
  return i >= 0 && i < int64_t(table.size()) ? std::string_view(table[i]) : "?";
}

// One function's normalized streams, before callees are resolved.
struct Pending {
  Digest bytes{}, shape{}, static_part{};  // zero for a level not computed
};

// Calls between defined functions (numbered from 0, imports left out), as
// one array of callees and where each function's start: a vector per
// function cost 24 bytes and a heap block each, for millions of functions.
struct CallGraph {
  std::vector<uint32_t> start{0};  // function f calls to[start[f] .. start[f + 1])
  std::vector<uint32_t> to;
  uint32_t size() const { return static_cast<uint32_t>(start.size() - 1); }
  std::span<const uint32_t> callees(uint32_t f) const {
    return std::span(to).subspan(start[f], start[f + 1] - start[f]);
  }
};

class Normalizer {
 public:
  Normalizer(const Context& cx, model::Levels levels) : cx_(cx), levels_(levels) {
    merge_.enable(levels & model::kMergeable);
    shape_.enable(levels & model::kShape);
  }

  // One defined function of type `type`.
  Pending function(const wasm::FunctionBody& body, uint32_t type);
  const CallGraph& calls() const { return calls_; }
  uint64_t stream_bytes() const { return merge_.appended() + shape_.appended(); }
  uint64_t local_lookups() const { return base_locals_.lookups; }
  uint64_t local_probes() const { return base_locals_.probes; }
  uint64_t rereads() const { return rereads_; }
  uint64_t local_joins() const { return local_joins_; }

 private:
  // What a value or a local holds: a base, or, for a local, kMixed: a base
  // on some paths and something else on others (a parameter, another
  // value), so reading it means something only this module knows.
  enum class Base { kNone, kMemory, kTable, kMixed };
  Base base_of(const Instr& in) const;
  Base held(uint32_t local) const {
    return base_locals_.empty() ? Base::kNone : base_locals_.find(local);
  }
  bool pass(const wasm::FunctionBody& body, uint32_t type);
  void classify_locals(const wasm::FunctionBody& body);
  void track_base_locals(size_t k);
  bool waits(size_t k) const;
  void step(size_t k);
  void skim(wasm::InstrReader& ir);
  struct Skimmed;
  void instruction(size_t k);
  bool address(size_t k);
  // A call or reference: an import or export by its token, a defined function
  // by its body (an edge of the call graph, resolved later).
  void function_ref(uint32_t func, bool shape_too = true);

  // Most instructions mean the same in every module and are hashed as
  // encoded; a run of them is appended at once when something else comes.
  void neutral(const Instr& in) { neutral(in.offset, in.offset + in.size); }
  void neutral(size_t begin, size_t end);
  void put_tokens(std::string_view t);  // to both streams
  void put_op(uint32_t op);
  void put_value(int64_t v);
  void put_block_type(int64_t type);
  void put_type(int64_t type);
  void put_heap_type(int64_t heap_type);
  void put_catches(wasm::Bytes clauses);
  void put_module_specific(char kind, uint64_t v);
  void flush();

  const Context& cx_;
  CallGraph calls_;
  model::Levels levels_;
  size_t run_begin_ = 0, run_end_ = 0;  // absolute offsets of the pending run
  // The instructions around the one being normalized: one behind, three
  // ahead, enough to see `<base>; i32.const K; i32.add`, `i32.const K;
  // <base>; i32.add` and `<base>; local.tee L; i32.const K; i32.add`. No
  // per-instruction allocation.
  static constexpr size_t kAhead = 3;
  std::array<Instr, 8> ring_;
  size_t decoded_ = 0;  // instructions put in the ring
  size_t done_ = 0;     // instructions normalized
  const Instr& at(size_t k) const { return ring_[k & 7]; }
  // A function is first read as if no local held a base. When one does, the
  // reading restarts with every local classified over the whole body
  // (classify_locals), so that what a local holds does not depend on the
  // order instructions are read in (a loop, a branch, a parameter).
  bool classified_ = false;
  bool restart_ = false;
  uint64_t rereads_ = 0, local_joins_ = 0;  // work, for FingerprintStats
  size_t params_ = 0;                       // of the current function
  // Locals the current reading touched, by generation: no clearing per
  // function. Past kDense indices every local counts as touched.
  static constexpr uint32_t kDense = 1u << 16;
  std::vector<uint32_t> touched_;
  uint32_t generation_ = 0;
  bool touched(uint32_t local) const {
    return local >= kDense || (local < touched_.size() && touched_[local] == generation_);
  }
  void touch(uint32_t local) {
    if (local >= kDense) return;
    if (local >= touched_.size()) touched_.resize(local + 1, 0);
    touched_[local] = generation_;
  }
  // Locals that hold a base, and which. A function keeps one or two, found
  // fastest in a short list; a hostile one may keep thousands, so past a
  // handful they move to a hash map and no lookup costs more than O(1).
  class BaseLocals {
   public:
    bool empty() const { return list_.empty() && map_.empty(); }
    void clear() {
      list_.clear();
      map_.clear();
    }
    Base find(uint32_t local) const {
      ++lookups;
      if (!map_.empty()) {
        ++probes;
        const auto it = map_.find(local);
        return it == map_.end() ? Base::kNone : it->second;
      }
      for (const auto& [l, b] : list_) {
        ++probes;
        if (l == local) return b;
      }
      return Base::kNone;
    }
    void set(uint32_t local, Base b) {
      if (!map_.empty() || list_.size() >= kListMax) {
        for (const auto& [l, kind] : list_)
          map_[l] = kind;
        list_.clear();
        if (b == Base::kNone) {
          map_.erase(local);
        } else {
          map_[local] = b;
        }
        return;
      }
      const auto it =
          std::find_if(list_.begin(), list_.end(), [&](const auto& e) { return e.first == local; });
      if (it != list_.end()) list_.erase(it);
      if (b != Base::kNone) list_.emplace_back(local, b);
    }
    mutable uint64_t lookups = 0, probes = 0;  // work, for FingerprintStats

   private:
    static constexpr size_t kListMax = 8;
    std::vector<std::pair<uint32_t, Base>> list_;
    std::unordered_map<uint32_t, Base> map_;
  };
  BaseLocals base_locals_;
  ByteSink merge_, shape_;
  size_t skip_ = 0;   // instructions already folded into an address token
  wasm::Bytes code_;  // the current body's instructions
  size_t code_offset_ = 0;
};

// Instructions whose operands mean the same in every module (the opcode
// table says which immediate kinds carry a module index) are hashed as
// encoded; the others get their opcode and normalized operands. i32.const
// too, by value: linkers pad relocated constants to five bytes.
constexpr bool is_neutral(Imm imm) {
  return !wasm::imm_info(imm).module_index && imm != Imm::kI32;
}

Normalizer::Base Normalizer::base_of(const Instr& in) const {
  if (in.op == kOpGlobalGet) {
    if (in.a == cx_.memory_base) return Base::kMemory;
    if (in.a == cx_.table_base) return Base::kTable;
  } else if (in.op == kOpLocalGet) {  // of a local that holds a base on every path
    const Base b = held(static_cast<uint32_t>(in.a));
    return b == Base::kMixed ? Base::kNone : b;
  }
  return Base::kNone;
}

// Before locals are classified, reading order is trusted while it agrees
// with what classify_locals would find: a local becomes a base at its first
// write, if it is no parameter, nothing touched it before, and every later
// write stores the same base. Anything else restarts the reading with the
// classes of the whole body. (The common function keeps __memory_base in
// one local written once, and is read once.)
void Normalizer::track_base_locals(size_t k) {
  if (classified_) return;
  const Instr& in = at(k);
  if (in.op != kOpLocalGet && in.op != kOpLocalSet && in.op != kOpLocalTee) return;
  const auto local = static_cast<uint32_t>(in.a);
  if (in.op != kOpLocalGet) {
    const Base source = k > 0 ? base_of(at(k - 1)) : Base::kNone;
    const Base now = held(local);
    if (source != Base::kNone && now == Base::kNone) {
      if (touched(local) || local < params_) restart_ = true;
      base_locals_.set(local, source);
    } else if (source != now) {
      restart_ = true;  // another base, or a value that is no base
    }
  }
  touch(local);
}

// What each local holds over the whole body, from every local.set and
// local.tee and the value before it: a base global, a copy of another
// local, or anything else. A parameter starts as anything else; a declared
// local starts at zero, which no code reads as an address. Locals that
// hold one base on every write keep it; the others that ever hold a base
// are kMixed. Copies chain, so the classes are joined until stable, and
// locals still changing after a few rounds are kMixed.
void Normalizer::classify_locals(const wasm::FunctionBody& body) {
  enum : uint8_t { kUnset = 0, kPlain = 1, kMem = 2, kTab = 4 };
  struct Write {
    uint32_t local;
    uint8_t source;  // kPlain, kMem or kTab, or kUnset for a copy
    uint32_t from;   // the local copied
  };
  // Skimmed, not decoded: a write's source is what ends where it starts.
  struct Scan {
    std::vector<Write> writes;
    size_t base_end = SIZE_MAX, get_end = SIZE_MAX;  // where the last such instruction ends
    uint8_t base = kUnset;
    uint32_t got = 0;  // the local the last local.get read

    bool local(uint8_t op, size_t at, size_t size, uint32_t index) {
      if (op == kOpLocalGet) {
        get_end = at + size, got = index;
        return true;
      }
      Write w{.local = index, .source = kPlain, .from = 0};
      if (at == base_end) w.source = base;
      if (at == get_end) w.source = kUnset, w.from = got;
      writes.push_back(w);
      if (op == kOpLocalTee) {  // leaves the value: a tee after it copies it on
        if (at == base_end) base_end = at + size;
        if (at == get_end) get_end = at + size;
      }
      return true;
    }
    void i32_const(size_t, size_t, int32_t) {}
    void call(size_t, size_t, uint32_t) {}
    void block(size_t, size_t, uint8_t, int64_t) {}
  } scan;
  wasm::InstrReader ir(wasm::Reader(body.code, body.code_offset), cx_.m);
  Instr in;
  while (ir.skim(scan), ir.next_in_body(in)) {
    if (in.op == kOpLocalGet || in.op == kOpLocalSet || in.op == kOpLocalTee) {
      scan.local(static_cast<uint8_t>(in.op), in.offset, in.size, static_cast<uint32_t>(in.a));
    } else if (in.op == kOpGlobalGet && (in.a == cx_.memory_base || in.a == cx_.table_base)) {
      scan.base_end = in.offset + in.size;
      scan.base = in.a == cx_.memory_base ? kMem : kTab;
    }
  }
  const auto& writes = scan.writes;
  std::unordered_map<uint32_t, uint8_t> cls;  // what each written local holds
  for (const Write& w : writes)
    cls.try_emplace(w.local, kUnset);
  const size_t params = params_;
  for (auto& [local, c] : cls) {
    if (local < params) c = kPlain;
  }
  auto class_of = [&](uint32_t local) -> uint8_t {
    const auto it = cls.find(local);
    return it != cls.end() ? it->second : uint8_t(local < params ? kPlain : kUnset);
  };
  constexpr int kRounds = 4;
  bool changed = true;
  for (int round = 0; changed && round < kRounds; ++round) {
    changed = false;
    local_joins_ += writes.size();
    for (const Write& w : writes) {
      uint8_t& c = cls[w.local];
      const uint8_t joined = c | (w.source != kUnset ? w.source : class_of(w.from));
      changed |= joined != c;
      c = joined;
    }
  }
  for (const Write& w : writes) {
    const uint8_t c = cls[w.local];
    const bool unsettled = changed && w.source == kUnset;
    const Base b = unsettled || (c & kPlain) || c == (kMem | kTab) ? Base::kMixed
                   : c == kMem                                     ? Base::kMemory
                   : c == kTab                                     ? Base::kTable
                                                                   : Base::kNone;
    // A local that never holds a base is read as encoded.
    if (b != Base::kNone && (b != Base::kMixed || (c & (kMem | kTab)) || unsettled))
      base_locals_.set(w.local, b);
  }
}

void Normalizer::function_ref(uint32_t func, bool shape_too) {
  const std::string_view token = cx_.func_token(func);
  if (!token.empty()) {
    put_token(merge_, token);
    if (shape_too) put_token(shape_, token);
  } else {
    put_token(merge_, "F");
    if (shape_too) put_token(shape_, "F");
    const uint64_t defined = cx_.m.func_types.size() - cx_.m.imported_funcs;
    if (func >= cx_.m.imported_funcs && func - cx_.m.imported_funcs < defined)
      calls_.to.push_back(func - cx_.m.imported_funcs);
  }
}

// An address in this module's data or table: base + K, K + base (the base a
// global or a local holding it), or the base alone, which compilers emit when
// K is 0; a local.tee right after the base keeps a copy and leaves the base
// where it was. It becomes one token, so every spelling of an address
// normalizes alike: the data's text (mergeable) or "D" (shape); for the
// table, the function in the slot.
bool Normalizer::address(size_t k) {
  const Instr& in = at(k);
  auto is_op = [&](size_t i, uint32_t op) { return i < decoded_ && at(i).op == op; };
  Base b = base_of(in);
  uint64_t offset = 0;
  size_t last = k;  // the address's last instruction
  bool tee = false;
  if (b != Base::kNone) {
    if (is_op(k + 1, kOpLocalSet)) return false;  // the base itself, kept for later addresses
    tee = is_op(k + 1, kOpLocalTee);
    const size_t c = k + 1 + tee;
    if (is_op(c, kOpI32Const) && is_op(c + 1, kOpI32Add)) {
      offset = static_cast<uint32_t>(at(c).a);
      last = c + 1;
    } else {
      last = c - 1;
    }
  } else if (in.op == kOpI32Const && k + 1 < decoded_ && is_op(k + 2, kOpI32Add)) {
    b = base_of(at(k + 1));
    if (b == Base::kNone) return false;
    offset = static_cast<uint32_t>(in.a);
    last = k + 2;
  } else {
    return false;
  }
  skip_ = last - k;
  put_tokens("@");
  if (tee) {  // which local keeps the base is part of what the code does
    put_op(kOpLocalTee);
    put_value(at(k + 1).a);
  }
  if (b == Base::kMemory) {
    cx_.put_data(merge_, offset);
    put_token(shape_, "D");
    return true;
  }
  const int64_t f = cx_.slot_function(offset);
  put_token(shape_, "S");
  if (f >= 0) {
    function_ref(static_cast<uint32_t>(f), /*shape_too=*/false);
  } else {
    cx_.put_module_specific(merge_, 'S', offset);
  }
  return true;
}

// One instruction with module-specific immediates: its opcode, then each
// immediate by what it means here. Every kind is a case (no default), so
// the compiler names a kind the opcode table gained and this lost.
void Normalizer::instruction(size_t k) {
  const Instr& in = at(k);
  if (is_neutral(in.imm)) return neutral(in);
  put_op(in.op);
  switch (in.imm) {
    case Imm::kFunc:
      return function_ref(static_cast<uint32_t>(in.a));
    case Imm::kCallIndirect:  // type, table (tables are shared: a value)
    case Imm::kType:
    case Imm::kTypeField:  // type, field
    case Imm::kTypeCount:  // type, count
      put_type(in.a);
      return put_value(in.b);
    case Imm::kTypeType:
      put_type(in.a);
      return put_type(in.b);
    case Imm::kTypeData:
      put_type(in.a);
      return put_tokens(token_at(cx_.data_token, in.b));
    case Imm::kTypeElem:
      put_type(in.a);
      return put_module_specific('e', static_cast<uint64_t>(in.b));
    case Imm::kBlock:
      return put_block_type(in.a);
    case Imm::kTryTable:
      put_block_type(in.a);
      return put_catches(in.raw);
    case Imm::kGlobal:
      return put_tokens(token_at(cx_.global_token, in.a));
    case Imm::kTag:
      return put_tokens(token_at(cx_.tag_token, in.a));
    case Imm::kI32:
      return put_value(in.a);
    case Imm::kData:
      return put_tokens(token_at(cx_.data_token, in.a));
    case Imm::kDataMemory:
      put_tokens(token_at(cx_.data_token, in.a));
      return put_value(in.b);
    case Imm::kElem:  // a segment of function indices: split rather than guess
      return put_module_specific('e', static_cast<uint64_t>(in.a));
    case Imm::kElemTable:
      put_module_specific('e', static_cast<uint64_t>(in.a));
      return put_value(in.b);
    case Imm::kHeapType:
      return put_heap_type(in.a);
    case Imm::kSelectT:
    case Imm::kBrOnCast: {
      // Value and heap types that may name a type index: as bytes when they
      // hold none ((ref null? ht) starts 0x63/0x64), else split.
      const bool indexed = std::any_of(in.raw.begin(), in.raw.end(),
                                       [](uint8_t b) { return b == 0x63 || b == 0x64; });
      if (in.imm == Imm::kBrOnCast || indexed) return put_module_specific('t', in.offset);
      return put_tokens({reinterpret_cast<const char*>(in.raw.data()), in.raw.size()});
    }
    case Imm::kNone:
    case Imm::kLabel:
    case Imm::kBrTable:
    case Imm::kLocal:
    case Imm::kTable:
    case Imm::kTablePair:
    case Imm::kMemory:
    case Imm::kMemoryPair:
    case Imm::kMemArg:
    case Imm::kMemArgLane:
    case Imm::kLane:
    case Imm::kI64:
    case Imm::kF32:
    case Imm::kF64:
    case Imm::kV128:
    case Imm::kFence:
      return;  // neutral: handled above
  }
}

// Everything else is the same in any module: locals, labels, memargs,
// lanes, constants. It is kept as encoded (no smaller form exists).
void Normalizer::neutral(size_t begin, size_t end) {
  if (begin == end) return;
  if (begin != run_end_) {
    flush();
    run_begin_ = begin;
  }
  run_end_ = end;
}

void Normalizer::put_tokens(std::string_view t) {
  put_token(merge_, t);
  put_token(shape_, t);
}

void Normalizer::put_op(uint32_t op) {
  put_u64(merge_, op);
  put_u64(shape_, op);
}

// Numbers are kept as values: the same constant may be encoded with padding
// in one module and not in another.
void Normalizer::put_value(int64_t v) {
  put_u64(merge_, static_cast<uint64_t>(v));
  put_u64(shape_, static_cast<uint64_t>(v));
}

// A block's type: a type index as its signature, or the empty or value
// type. (An empty token follows, as one did when catch clauses shared it.)
void Normalizer::put_block_type(int64_t type) {
  if (type >= 0) {
    put_tokens(token_at(cx_.type_token, type));
  } else {
    put_value(type);
  }
  put_tokens({});
}

void Normalizer::put_type(int64_t type) {
  put_tokens(token_at(cx_.type_token, type));
}

// A heap type: a type index as its type, else the abstract heap type's code.
void Normalizer::put_heap_type(int64_t heap_type) {
  if (heap_type >= 0) return put_type(heap_type);
  put_value(heap_type);
}

// try_table's catch clauses: kind, the tag by what it is, the label.
void Normalizer::put_catches(wasm::Bytes clauses) {
  wasm::Reader r(clauses);
  const uint32_t n = r.u32("catch count");
  put_value(n);
  for (uint32_t i = 0; i < n; ++i) {
    const uint8_t kind = r.u8("catch kind");
    put_value(kind);
    if (kind < 2) put_tokens(token_at(cx_.tag_token, r.u32("catch tag index")));
    put_value(r.u32("catch label"));
  }
}

void Normalizer::put_module_specific(char kind, uint64_t v) {
  cx_.put_module_specific(merge_, kind, v);
  cx_.put_module_specific(shape_, kind, v);
}

void Normalizer::flush() {
  if (run_end_ == run_begin_) return;
  const auto bytes = code_.subspan(run_begin_ - code_offset_, run_end_ - run_begin_);
  merge_.append(bytes.data(), bytes.size());
  shape_.append(bytes.data(), bytes.size());
  run_begin_ = run_end_;
}

// Only an address candidate (a base, or i32.const) waits for the two
// instructions after it; the rest is normalized as soon as it is decoded.
bool Normalizer::waits(size_t k) const {
  return skip_ == 0 && (at(k).op == kOpI32Const || base_of(at(k)) != Base::kNone);
}

void Normalizer::step(size_t k) {
  const Instr& in = at(k);
  if (skip_ > 0) {
    --skip_;
  } else if (in.op == kOpLocalGet && held(static_cast<uint32_t>(in.a)) == Base::kMixed) {
    flush();  // a base on some paths only: what it reads is this module's
    put_op(in.op);
    put_module_specific('L', static_cast<uint64_t>(in.a));
  } else if (is_neutral(in.imm) && base_of(in) == Base::kNone) {
    neutral(in);  // the common case: no token, no lookup
  } else {
    flush();
    if (!address(k)) instruction(k);
  }
  track_base_locals(k);
}

// What InstrReader::skim() reports, normalized as instruction() would; the
// bytes between reported instructions are neutral spans.
struct Normalizer::Skimmed {
  Normalizer& n;
  size_t span;  // where the current neutral span starts

  void take(size_t at, size_t size) {
    n.neutral(span, at);
    n.flush();
    span = at + size;
  }
  void i32_const(size_t at, size_t size, int32_t value) {
    take(at, size);
    n.put_op(kOpI32Const);
    n.put_value(value);
  }
  void call(size_t at, size_t size, uint32_t func) {
    take(at, size);
    n.put_op(kOpCall);
    n.function_ref(func);
  }
  void block(size_t at, size_t size, uint8_t op, int64_t type) {
    take(at, size);
    n.put_op(op);
    n.put_block_type(type);
  }
  // A local that holds a base stops the run: the next instruction may be
  // half of an address, which only step() sees.
  bool local(uint8_t, size_t, size_t, uint32_t index) {
    if (n.held(index) != Base::kNone) return false;
    n.touch(index);
    return true;
  }
};

// With nothing waiting for lookahead, a run of common instructions is
// normalized without decoding each into the ring. The run's tail enters the
// ring as one neutral pseudo-instruction, so the next instruction sees a
// predecessor that is neither a base nor a global.get, as it would have.
void Normalizer::skim(wasm::InstrReader& ir) {
  Skimmed skimmed{*this, ir.reader().offset()};
  if (ir.skim(skimmed) == 0) return;
  ring_[decoded_ & 7] =
      Instr{.op = 0x01, .offset = skimmed.span, .size = ir.reader().offset() - skimmed.span};
  step(decoded_++);
  ++done_;
}

Pending Normalizer::function(const wasm::FunctionBody& body, uint32_t type) {
  Pending p;
  const auto* start = body.code.data() - (body.code_offset - body.offset);
  if (levels_ & model::kRaw) p.bytes = sha256({reinterpret_cast<const char*>(start), body.size});
  const size_t edges = calls_.to.size();
  base_locals_.clear();
  classified_ = false;
  const auto& types = cx_.m.types;
  params_ = type < types.size() && types[type].kind == wasm::TypeEntry::kFunc
                ? types[type].func.params.size()
                : SIZE_MAX;  // unknown: every local may be a parameter
  if (++generation_ == 0) {  // wrapped: old marks could read as current
    std::fill(touched_.begin(), touched_.end(), 0);
    generation_ = 1;
  }
  if (!pass(body, type)) {
    calls_.to.resize(edges);  // the edges of the abandoned reading
    base_locals_.clear();
    classify_locals(body);
    classified_ = true;
    ++rereads_;
    pass(body, type);
  }
  if (levels_ & model::kMergeable) p.static_part = digest(merge_.view());
  if (levels_ & model::kShape) p.shape = digest(shape_.view());
  calls_.start.push_back(static_cast<uint32_t>(calls_.to.size()));
  return p;
}

// One reading of a body into the streams; false when it stopped because a
// local holds a base and locals are not classified yet.
bool Normalizer::pass(const wasm::FunctionBody& body, uint32_t type) {
  const auto* start = body.code.data() - (body.code_offset - body.offset);
  code_ = body.code;
  code_offset_ = body.code_offset;
  merge_.clear();
  shape_.clear();
  // The function's own signature: bodies alike over other parameters or
  // results do different things.
  put_type(type);
  // Local declarations are module-independent: keep them as encoded.
  const std::string_view locals(reinterpret_cast<const char*>(start),
                                body.code_offset - body.offset);
  merge_.append(locals);
  shape_.append(locals);
  decoded_ = done_ = 0;
  skip_ = 0;
  restart_ = false;
  run_begin_ = run_end_ = code_offset_;
  wasm::InstrReader ir(wasm::Reader(body.code, body.code_offset), cx_.m);
  for (;;) {
    while (done_ < decoded_ && !waits(done_) && !restart_)
      step(done_++);
    if (restart_) return false;
    if (done_ == decoded_) skim(ir);
    if (restart_) return false;
    if (!ir.next_in_body(ring_[decoded_ & 7])) break;  // decoded in place
    ++decoded_;
    if (decoded_ - done_ > kAhead) step(done_++);
  }
  ir.finish();
  while (done_ < decoded_ && !restart_)
    step(done_++);
  if (restart_) return false;
  flush();
  return true;
}

// Strongly connected components, as members and where each starts.
struct Components {
  std::vector<uint32_t> members;
  std::vector<uint32_t> start{0};
  size_t size() const { return start.size() - 1; }
  std::span<const uint32_t> operator[](size_t c) const {
    return std::span(members).subspan(start[c], start[c + 1] - start[c]);
  }
};

// Tarjan's strongly connected components, iteratively (call chains can be
// deeper than the stack). Components come out callees first.
Components components(const CallGraph& g) {
  const uint32_t n = g.size();
  constexpr uint32_t kUnseen = UINT32_MAX;
  std::vector<uint32_t> index(n, kUnseen), low(n, 0);
  std::vector<bool> on_stack(n, false);
  std::vector<uint32_t> stack;
  std::vector<std::pair<uint32_t, uint32_t>> work;  // node, next edge
  Components out;
  out.members.reserve(n);
  uint32_t counter = 0;
  for (uint32_t root = 0; root < n; ++root) {
    if (index[root] != kUnseen) continue;
    work.emplace_back(root, 0);
    while (!work.empty()) {
      auto& [v, next] = work.back();
      if (next == 0 && index[v] == kUnseen) {
        index[v] = low[v] = counter++;
        stack.push_back(v);
        on_stack[v] = true;
      }
      const auto callees = g.callees(v);
      if (next < callees.size()) {
        const uint32_t w = callees[next++];
        if (index[w] == kUnseen) {
          work.emplace_back(w, 0);
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      if (low[v] == index[v]) {
        uint32_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          out.members.push_back(w);
        } while (w != v);
        out.start.push_back(static_cast<uint32_t>(out.members.size()));
      }
      const uint32_t done = v;
      work.pop_back();
      if (!work.empty()) low[work.back().first] = std::min(low[work.back().first], low[done]);
    }
  }
  return out;
}

// Resolves callees: outside its component a callee contributes its final
// fingerprint; inside (recursion) the component is refined for as many
// rounds as it has members, capped, so a difference anywhere in the cycle
// reaches every member.
std::vector<Digest> resolve_callees(const std::vector<Pending>& fns, const CallGraph& g) {
  std::vector<Digest> fp(fns.size());
  std::vector<int32_t> comp_of(fns.size(), -1);
  std::vector<uint32_t> pos(fns.size(), 0);  // a member's place in its component
  ByteSink buf;
  // One refinement step of f: its own part, then each callee's digest, taken
  // from `inside` for members of f's component and from `fp` otherwise.
  auto step = [&](uint32_t f, const std::vector<Digest>& inside) {
    buf.clear();
    put_digest(buf, fns[f].static_part);
    for (uint32_t c : g.callees(f))
      put_digest(buf, comp_of[c] == comp_of[f] ? inside[pos[c]] : fp[c]);
    return digest(buf.view());
  };
  constexpr size_t kMaxRounds = 16;
  const Components comps = components(g);
  std::vector<Digest> cur, next;
  for (size_t id = 0; id < comps.size(); ++id) {
    const auto comp = comps[id];
    for (size_t k = 0; k < comp.size(); ++k)
      comp_of[comp[k]] = static_cast<int32_t>(id), pos[comp[k]] = uint32_t(k);
    cur.resize(comp.size());
    for (size_t k = 0; k < comp.size(); ++k)
      cur[k] = fns[comp[k]].static_part;
    const auto self = g.callees(comp[0]);
    const bool recursive =
        comp.size() > 1 || std::find(self.begin(), self.end(), comp[0]) != self.end();
    const size_t rounds = recursive ? std::min(comp.size(), kMaxRounds) : 1;
    for (size_t r = 0; r < rounds; ++r) {
      next.resize(comp.size());
      for (size_t k = 0; k < comp.size(); ++k)
        next[k] = step(comp[k], cur);
      cur.swap(next);
    }
    for (size_t k = 0; k < comp.size(); ++k)
      fp[comp[k]] = cur[k];
  }
  return fp;
}

}  // namespace

std::vector<model::FunctionPrint> fingerprint_module(const wasm::Module& m, model::Levels levels,
                                                     FingerprintStats* stats) {
  const model::Levels digests = model::digests_for(levels);
  const Context cx(m);
  Normalizer norm(cx, digests);
  std::vector<Pending> pending;
  pending.reserve(m.bodies.size());
  for (size_t i = 0; i < m.bodies.size(); ++i) {
    const size_t f = m.imported_funcs + i;
    pending.push_back(norm.function(m.bodies[i], f < m.func_types.size() ? m.func_types[f] : 0));
  }
  if (stats) {
    stats->stream_bytes += norm.stream_bytes();
    stats->local_lookups += norm.local_lookups();
    stats->local_probes += norm.local_probes();
    stats->rereads += norm.rereads();
    stats->local_joins += norm.local_joins();
  }
  const std::vector<Digest> mergeable = digests & model::kMergeable
                                            ? resolve_callees(pending, norm.calls())
                                            : std::vector<Digest>(pending.size());
  std::vector<model::FunctionPrint> out(m.bodies.size());
  for (size_t i = 0; i < m.bodies.size(); ++i) {
    out[i] = {.index = m.imported_funcs + static_cast<uint32_t>(i),
              .size = static_cast<uint32_t>(m.bodies[i].size),
              .bytes = pending[i].bytes,
              .mergeable = mergeable[i],
              .shape = pending[i].shape};
  }
  return out;
}

}  // namespace wasmsize::analysis
