#include "oracle/mergeable_oracle.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "wasm/instructions.h"
#include "wasm/opcodes.h"

namespace wasmsize::test {

namespace {

using wasm::Imm;
using wasm::Instr;

constexpr uint32_t kGlobalGet = 0x23, kLocalGet = 0x20, kLocalSet = 0x21, kLocalTee = 0x22;
constexpr uint32_t kI32Const = 0x41, kI32Add = 0x6A;

enum class Kind { kOther, kConst, kBase, kMixed };
enum class BaseOf { kNone, kMemory, kTable };

// What one module's operands mean: its base globals, function imports by
// index, data segments placed at __memory_base + K, table slots at
// __table_base + K.
struct Facts {
  const wasm::Module& m;
  int64_t memory_base = -1, table_base = -1;
  std::vector<std::string> func_import;    // "module.field" per imported function
  std::vector<std::string> global_import;  // per imported global
  std::vector<std::pair<uint64_t, wasm::Bytes>> segments;
  std::map<uint64_t, int64_t> slots;

  explicit Facts(const wasm::Module& mod) : m(mod) {
    uint32_t g = 0;
    for (const auto& imp : m.imports) {
      const std::string name = std::string(imp.module) + "." + std::string(imp.field);
      if (imp.kind == wasm::ExternKind::kFunc) func_import.push_back(name);
      if (imp.kind == wasm::ExternKind::kGlobal) {
        if (name == "env.__memory_base") memory_base = g;
        if (name == "env.__table_base") table_base = g;
        global_import.push_back(name);
        ++g;
      }
    }
    for (const auto& d : m.data) {
      if (auto at = offset_of(d.offset_expr, memory_base); d.active && at)
        segments.emplace_back(*at, d.data);
    }
    for (const auto& e : m.elements) {
      if (e.mode != wasm::Element::kActive) continue;
      if (auto at = offset_of(e.offset_expr, table_base)) {
        for (size_t k = 0; k < e.funcs.size(); ++k)
          slots[*at + k] = e.funcs[k];
      }
    }
  }

  // `global.get base end` or `global.get base; i32.const K; i32.add; end`.
  std::optional<uint64_t> offset_of(wasm::Bytes expr, int64_t base) const {
    if (base < 0) return std::nullopt;
    std::vector<Instr> v;
    try {
      wasm::InstrReader ir{wasm::Reader(expr), m};
      Instr in;
      while (v.size() < 5 && ir.next(in))
        v.push_back(in);
    } catch (const wasm::ParseError&) {
      return std::nullopt;
    }
    if (v.size() >= 1 && v[0].op == kGlobalGet && v[0].a == base) {
      if (v.size() == 2) return 0;
      if (v.size() == 4 && v[1].op == kI32Const && v[2].op == kI32Add)
        return static_cast<uint32_t>(v[1].a);
    }
    return std::nullopt;
  }

  BaseOf base_global(int64_t g) const {
    return g == memory_base ? BaseOf::kMemory : g == table_base ? BaseOf::kTable : BaseOf::kNone;
  }

  // The bytes at base + K to the end of their segment, or empty.
  wasm::Bytes data_at(uint64_t k) const {
    for (const auto& [at, bytes] : segments) {
      if (k >= at && k - at < bytes.size()) return bytes.subspan(k - at);
    }
    return {};
  }
};

// A NUL-terminated run of printable UTF-8 at the start of `b`, as a length.
std::optional<size_t> text(wasm::Bytes b) {
  size_t i = 0;
  while (i < b.size()) {
    const unsigned c = b[i];
    if (c == 0) return i > 0 ? std::optional(i) : std::nullopt;
    int follow = c < 0x80             ? 0
                 : (c & 0xE0) == 0xC0 ? 1
                 : (c & 0xF0) == 0xE0 ? 2
                 : (c & 0xF8) == 0xF0 ? 3
                                      : -1;
    if (follow < 0 || (c < 0x20 && c != 9 && c != 10 && c != 13) || c == 0x7F) return std::nullopt;
    uint32_t cp = follow == 0 ? c : c & (0x3F >> follow);
    for (int k = 1; k <= follow; ++k) {
      if (i + k >= b.size() || (b[i + k] & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (b[i + k] & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[follow] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    i += follow + 1;
  }
  return std::nullopt;
}

// What each local holds over the whole body, by abstract evaluation of the
// value each write stores: a base on every write (and no parameter), or a
// base on some and something else on others.
std::map<uint32_t, Kind> local_kinds(const Facts& f, const wasm::FunctionBody& body, size_t params,
                                     std::map<uint32_t, BaseOf>& base_of) {
  std::map<uint32_t, std::set<int>> sources;  // 0 other, 1 memory, 2 table
  std::map<uint32_t, Kind> kinds;
  for (int round = 0; round < 6; ++round) {
    sources.clear();
    std::vector<std::pair<Kind, BaseOf>> stack;
    wasm::InstrReader ir(wasm::Reader(body.code, body.code_offset), f.m);
    Instr in;
    while (ir.next_in_body(in)) {
      auto top = [&]() {
        return stack.empty() ? std::pair(Kind::kOther, BaseOf::kNone) : stack.back();
      };
      if (in.op == kGlobalGet) {
        const BaseOf b = f.base_global(in.a);
        stack.emplace_back(b == BaseOf::kNone ? Kind::kOther : Kind::kBase, b);
      } else if (in.op == kLocalGet) {
        const auto k = kinds.find(static_cast<uint32_t>(in.a));
        stack.emplace_back(k == kinds.end() ? Kind::kOther : k->second,
                           base_of[static_cast<uint32_t>(in.a)]);
      } else if (in.op == kLocalSet || in.op == kLocalTee) {
        const auto [k, b] = top();
        sources[static_cast<uint32_t>(in.a)].insert(k == Kind::kBase
                                                        ? (b == BaseOf::kMemory ? 1 : 2)
                                                    : k == Kind::kMixed ? 3
                                                                        : 0);
        if (in.op == kLocalSet && !stack.empty()) stack.pop_back();
      } else {
        stack.clear();
      }
    }
    std::map<uint32_t, Kind> next;
    for (const auto& [local, s] : sources) {
      const bool base = s.count(1) || s.count(2) || s.count(3);
      if (!base) continue;
      const bool pure = !s.count(0) && !s.count(3) && s.size() == 1 && local >= params;
      next[local] = pure ? Kind::kBase : Kind::kMixed;
      base_of[local] = s.count(2) ? BaseOf::kTable : BaseOf::kMemory;
    }
    if (next == kinds) break;
    kinds = std::move(next);
  }
  return kinds;
}

class Comparer {
 public:
  Comparer(const wasm::Module& a, const wasm::Module& b) : a_(a), b_(b), same_(&a == &b) {}

  std::string functions(uint32_t fa, uint32_t fb) {
    if (same_ && fa == fb) return "";
    const bool ia = fa < a_.m.imported_funcs, ib = fb < b_.m.imported_funcs;
    if (ia || ib) {
      if (ia && ib && a_.func_import.at(fa) == b_.func_import.at(fb)) return "";
      return fmt::format("calls func[{}] / func[{}]: not the same import", fa, fb);
    }
    if (!assumed_.insert({fa, fb}).second) return "";  // under comparison: assumed equal
    if (++depth_ > 200) return "call chain too deep to judge";
    std::string why = bodies(fa, fb);
    --depth_;
    if (!why.empty()) why = fmt::format("func[{}] / func[{}]: {}", fa, fb, why);
    return why;
  }

 private:
  struct Value {
    Kind kind = Kind::kOther;
    BaseOf base = BaseOf::kNone;
    int64_t ka = 0, kb = 0;  // constants on each side
  };

  std::string signature(const wasm::Module& m, int64_t type) {
    if (type < 0 || type >= int64_t(m.types.size())) return "?";
    const auto& t = m.types[type];
    return t.kind == wasm::TypeEntry::kFunc ? wasm::signature(t.func) : "gc";
  }

  std::string bodies(uint32_t fa, uint32_t fb) {
    const auto& ba = a_.m.bodies.at(fa - a_.m.imported_funcs);
    const auto& bb = b_.m.bodies.at(fb - b_.m.imported_funcs);
    if (signature(a_.m, a_.m.func_types[fa]) != signature(b_.m, b_.m.func_types[fb]))
      return "own signatures differ";
    const auto locals = [](const wasm::FunctionBody& b) {
      return std::vector<uint8_t>(b.code.data() - (b.code_offset - b.offset), b.code.data());
    };
    if (locals(ba) != locals(bb)) return "local declarations differ";
    const auto* ta = a_.m.function_type(fa);
    const size_t params = ta ? ta->params.size() : SIZE_MAX;
    std::map<uint32_t, BaseOf> base_a, base_b;
    const auto kinds_a = local_kinds(a_, ba, params, base_a);
    const auto kinds_b = local_kinds(b_, bb, params, base_b);
    if (kinds_a != kinds_b) return "locals hold bases differently";
    std::optional<wasm::InstrReader> ra, rb;  // optional: a lookahead replaces them
    ra.emplace(wasm::Reader(ba.code, ba.code_offset), a_.m);
    rb.emplace(wasm::Reader(bb.code, bb.code_offset), b_.m);
    std::vector<Value> stack;
    Instr x, y;
    for (;;) {
      const bool more_a = ra->next_in_body(x), more_b = rb->next_in_body(y);
      if (more_a != more_b) return "lengths differ";
      if (!more_a) break;
      if (x.op != y.op) return fmt::format("opcodes differ at +{}", x.offset - ba.code_offset);
      if (auto why = step(x, y, stack, kinds_a, base_a); !why.empty())
        return fmt::format("{} at +{}", why, x.offset - ba.code_offset);
      // A base alone is base + 0: where one side adds an offset and the
      // other does not, the offset is taken in on its side.
      if (x.op == kGlobalGet && !stack.empty() && stack.back().kind == Kind::kBase) {
        auto ahead_a = ra, ahead_b = rb;
        const auto ka = offset_follows(ahead_a), kb = offset_follows(ahead_b);
        if (ka.has_value() != kb.has_value()) {
          ra.emplace(*ahead_a);
          rb.emplace(*ahead_b);
          Value& v = stack.back();
          if (auto why = address(v.base, ka.value_or(0), kb.value_or(0)); !why.empty())
            return fmt::format("{} at +{}", why, x.offset - ba.code_offset);
          v = Value{};
        }
      }
    }
    return release(stack);
  }

  // K when `i32.const K; i32.add` comes next, consuming it from `r`.
  static std::optional<int64_t> offset_follows(std::optional<wasm::InstrReader>& r) {
    wasm::InstrReader ahead = *r;
    Instr k, add;
    if (ahead.next_in_body(k) && k.op == kI32Const && ahead.next_in_body(add) &&
        add.op == kI32Add) {
      r.emplace(ahead);
      return k.a;
    }
    return std::nullopt;
  }

  // Values an instruction the abstract stack does not model consumes: a base
  // alone is the address of offset 0; a constant that differs between the
  // sides and never became an address means something else in each.
  std::string release(std::vector<Value>& stack) {
    for (const Value& v : stack) {
      if (v.kind == Kind::kConst && v.ka != v.kb) return "constants differ";
      if (v.kind == Kind::kBase || v.kind == Kind::kMixed) {
        if (auto why = address(v.base, 0, 0); !why.empty()) return why;
      }
    }
    stack.clear();
    return "";
  }

  std::string address(BaseOf base, int64_t ka, int64_t kb) {
    const auto oa = static_cast<uint32_t>(ka), ob = static_cast<uint32_t>(kb);
    if (same_ && oa == ob) return "";
    if (base == BaseOf::kTable) {
      const auto sa = a_.slots.find(oa), sb = b_.slots.find(ob);
      if (sa == a_.slots.end() || sb == b_.slots.end() || sa->second < 0 || sb->second < 0)
        return "table slots unknown";
      return functions(static_cast<uint32_t>(sa->second), static_cast<uint32_t>(sb->second));
    }
    const auto da = a_.data_at(oa), db = b_.data_at(ob);
    const auto la = text(da), lb = text(db);
    if (!la || !lb) return fmt::format("data at {} / {} is no string", oa, ob);
    if (*la != *lb || !std::equal(da.begin(), da.begin() + *la, db.begin()))
      return fmt::format("strings at {} / {} differ", oa, ob);
    return "";
  }

  std::string global(int64_t ga, int64_t gb) {
    const auto& ma = a_.m;
    const auto& mb = b_.m;
    if (same_ && ga == gb) return "";
    const bool ia = ga < ma.imported_globals, ib = gb < mb.imported_globals;
    if (ia && ib) return a_.global_import.at(ga) == b_.global_import.at(gb) ? "" : "globals differ";
    if (ia || ib) return "globals differ";
    const auto& x = ma.globals.at(ga - ma.imported_globals);
    const auto& y = mb.globals.at(gb - mb.imported_globals);
    if (x.type.mut || y.type.mut) return "mutable globals of their own";
    if (!(x.type.type == y.type.type) ||
        !std::equal(x.init.begin(), x.init.end(), y.init.begin(), y.init.end()))
      return "constant globals differ";
    return "";
  }

  std::string step(const Instr& x, const Instr& y, std::vector<Value>& stack,
                   const std::map<uint32_t, Kind>& kinds, std::map<uint32_t, BaseOf>& bases) {
    auto pop = [&]() {
      Value v;
      if (!stack.empty()) v = stack.back(), stack.pop_back();
      return v;
    };
    switch (x.op) {
      case kI32Const:
        stack.push_back({.kind = Kind::kConst, .ka = x.a, .kb = y.a});
        return "";
      case kGlobalGet: {
        const BaseOf ba = a_.base_global(x.a), bb = b_.base_global(y.a);
        if (ba != bb) return "globals differ";
        if (ba != BaseOf::kNone) {
          stack.push_back({.kind = Kind::kBase, .base = ba});
          return "";
        }
        if (auto why = global(x.a, y.a); !why.empty()) return why;
        stack.push_back({});
        return "";
      }
      case kLocalGet: {
        if (x.a != y.a) return "locals differ";
        const auto k = kinds.find(static_cast<uint32_t>(x.a));
        stack.push_back({.kind = k == kinds.end() ? Kind::kOther : k->second,
                         .base = bases[static_cast<uint32_t>(x.a)]});
        return "";
      }
      case kLocalSet:
      case kLocalTee: {
        if (x.a != y.a) return "locals differ";
        const Value v = x.op == kLocalSet ? pop() : stack.empty() ? Value{} : stack.back();
        if (v.kind == Kind::kConst && v.ka != v.kb) return "a differing constant is stored";
        return "";
      }
      case kI32Add: {
        const Value r = pop(), l = pop();
        const Value* base = l.kind == Kind::kBase || l.kind == Kind::kMixed   ? &l
                            : r.kind == Kind::kBase || r.kind == Kind::kMixed ? &r
                                                                              : nullptr;
        const Value* k = base == &l ? &r : &l;
        if (base && k->kind == Kind::kConst) {
          if (base->kind == Kind::kMixed && k->ka != k->kb)
            return "an offset from a local that is not always a base differs";
          if (auto why = address(base->base, k->ka, k->kb); !why.empty()) return why;
          stack.push_back({});
          return "";
        }
        std::vector<Value> both{l, r};
        if (auto why = release(both); !why.empty()) return why;
        stack.push_back({});
        return "";
      }
      default:
        break;
    }
    if (auto why = release(stack); !why.empty()) return why;
    return immediates(x, y);
  }

  // Every other instruction: its immediates resolved on both sides.
  std::string immediates(const Instr& x, const Instr& y) {
    switch (x.imm) {
      case Imm::kFunc:
        return functions(static_cast<uint32_t>(x.a), static_cast<uint32_t>(y.a));
      case Imm::kGlobal:
        return global(x.a, y.a);
      case Imm::kBlock:
        if ((x.a >= 0) != (y.a >= 0)) return "block types differ";
        if (x.a >= 0)
          return signature(a_.m, x.a) == signature(b_.m, y.a) ? "" : "block types differ";
        return x.a == y.a ? "" : "block types differ";
      case Imm::kCallIndirect:
        if (signature(a_.m, x.a) != signature(b_.m, y.a)) return "indirect call types differ";
        return x.b == y.b ? "" : "tables differ";
      default:
        break;
    }
    if (wasm::imm_info(x.imm).module_index)
      return same_ && x.a == y.a && x.b == y.b ? "" : "an operand this oracle does not resolve";
    const bool mem_same =
        x.mem.align == y.mem.align && x.mem.memory == y.mem.memory && x.mem.offset == y.mem.offset;
    const bool raw_same = std::equal(x.raw.begin(), x.raw.end(), y.raw.begin(), y.raw.end());
    return x.a == y.a && x.b == y.b && mem_same && raw_same ? "" : "immediates differ";
  }

  Facts a_, b_;
  bool same_;
  std::set<std::pair<uint32_t, uint32_t>> assumed_;
  int depth_ = 0;
};

}  // namespace

std::string oracle_mergeable(const wasm::Module& a, uint32_t fa, const wasm::Module& b,
                             uint32_t fb) {
  try {
    return Comparer(a, b).functions(fa, fb);
  } catch (const wasm::ParseError& e) {
    return std::string("undecodable: ") + e.what();
  }
}

}  // namespace wasmsize::test
