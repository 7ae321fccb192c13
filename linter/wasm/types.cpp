#include "wasm/types.h"

#include <fmt/format.h>

namespace wasmsize::wasm {

namespace {

bool is_numeric_code(uint8_t c) {
  return c >= 0x7B && c <= 0x7F;
}

// funcref, externref, exnref and the GC shorthands (anyref, eqref, ...).
bool is_ref_shorthand(uint8_t c) {
  return c >= 0x69 && c <= 0x74;
}

std::string_view abstract_name(uint8_t code) {
  switch (code) {
    case 0x70:
      return "func";
    case 0x6F:
      return "extern";
    case 0x69:
      return "exn";
    case 0x74:
      return "noexn";
    case 0x73:
      return "nofunc";
    case 0x72:
      return "noextern";
    case 0x71:
      return "none";
    case 0x6E:
      return "any";
    case 0x6D:
      return "eq";
    case 0x6C:
      return "i31";
    case 0x6B:
      return "struct";
    case 0x6A:
      return "array";
    default:
      return "?";
  }
}

}  // namespace

bool is_abstract_heap_type(int64_t ht) {
  if (ht >= 0 || ht < -64) return false;
  return is_ref_shorthand(static_cast<uint8_t>(ht & 0x7F));
}

int64_t read_heap_type(Reader& r) {
  const size_t at = r.offset();
  const int64_t ht = r.s33("heap type");
  if (ht < 0 && !is_abstract_heap_type(ht)) {
    Reader::fail_at(at, fmt::format("malformed reference type: heap type 0x{:02x}", ht & 0x7F));
  }
  return ht;
}

ValType read_valtype(Reader& r, const char* what) {
  const size_t at = r.offset();
  const uint8_t code = r.u8(what);
  if (is_numeric_code(code)) return {code, 0};
  if (is_ref_shorthand(code)) return {code, 0};
  if (code == 0x63 || code == 0x64) return {code, read_heap_type(r)};
  Reader::fail_at(at, fmt::format("malformed value type 0x{:02x} in {}", code, what));
}

ValType read_reftype(Reader& r) {
  const size_t at = r.offset();
  ValType t = read_valtype(r, "reference type");
  if (is_numeric_code(t.code)) {
    Reader::fail_at(at, fmt::format("malformed reference type 0x{:02x}", t.code));
  }
  return t;
}

Limits read_limits(Reader& r, bool allow_shared, const char* what) {
  const size_t at = r.offset();
  const uint8_t flags = r.u8(what);
  if (flags > 7 || (!allow_shared && (flags & 2))) {
    Reader::fail_at(at, fmt::format("malformed limits flags 0x{:02x} in {}", flags, what));
  }
  Limits l;
  l.shared = flags & 2;
  l.is64 = flags & 4;
  l.min = l.is64 ? r.u64("limits minimum") : r.u32("limits minimum");
  if (flags & 1) l.max = l.is64 ? r.u64("limits maximum") : r.u32("limits maximum");
  return l;
}

std::string valtype_name(ValType t) {
  switch (t.code) {
    case 0x7F:
      return "i32";
    case 0x7E:
      return "i64";
    case 0x7D:
      return "f32";
    case 0x7C:
      return "f64";
    case 0x7B:
      return "v128";
    case 0x63:
    case 0x64: {
      std::string ht = t.heap >= 0 ? fmt::format("{}", t.heap)
                                   : std::string(abstract_name(uint8_t(t.heap & 0x7F)));
      return fmt::format("(ref {}{})", t.code == 0x63 ? "null " : "", ht);
    }
    default:
      return fmt::format("{}ref", abstract_name(t.code));
  }
}

std::string signature(const FuncType& t) {
  auto list = [](const std::vector<ValType>& v) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i)
      s += (i ? ", " : "") + valtype_name(v[i]);
    return s;
  };
  return fmt::format("({}) -> ({})", list(t.params), list(t.results));
}

}  // namespace wasmsize::wasm
