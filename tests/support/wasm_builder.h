// A small builder for WebAssembly binaries, so tests can make exactly the
// module they need (including broken ones) without external tools.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace wasmsize::test {

using Buf = std::vector<uint8_t>;

inline void append(Buf& b, const Buf& more) {
  b.insert(b.end(), more.begin(), more.end());
}

inline Buf uleb(uint64_t v) {
  Buf b;
  do {
    uint8_t byte = v & 0x7F;
    v >>= 7;
    if (v) byte |= 0x80;
    b.push_back(byte);
  } while (v);
  return b;
}

inline Buf sleb(int64_t v) {
  Buf b;
  bool more = true;
  while (more) {
    uint8_t byte = v & 0x7F;
    v >>= 7;
    more = !((v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40)));
    if (more) byte |= 0x80;
    b.push_back(byte);
  }
  return b;
}

inline Buf name(std::string_view s) {
  Buf b = uleb(s.size());
  b.insert(b.end(), s.begin(), s.end());
  return b;
}

inline Buf bytes(std::initializer_list<uint8_t> l) {
  return Buf(l);
}

// A vector: count, then the items as given.
inline Buf vec(std::initializer_list<Buf> items) {
  Buf b = uleb(items.size());
  for (const Buf& i : items)
    append(b, i);
  return b;
}

inline Buf cat(std::initializer_list<Buf> parts) {
  Buf b;
  for (const Buf& p : parts)
    append(b, p);
  return b;
}

inline Buf section(uint8_t id, const Buf& payload) {
  Buf b{id};
  append(b, uleb(payload.size()));
  append(b, payload);
  return b;
}

inline Buf custom_section(std::string_view section_name, const Buf& payload) {
  return section(0, cat({name(section_name), payload}));
}

// A subsection of dylink.0 or name: id, size, payload.
inline Buf subsection(uint8_t id, const Buf& payload) {
  return section(id, payload);
}

inline Buf module(std::initializer_list<Buf> sections) {
  Buf b{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  for (const Buf& s : sections)
    append(b, s);
  return b;
}

// A function body: local groups (count, type) then code, which must end in 0x0B.
inline Buf body(std::initializer_list<std::pair<uint32_t, uint8_t>> locals, const Buf& code) {
  Buf inner = uleb(locals.size());
  for (auto [n, t] : locals) {
    append(inner, uleb(n));
    inner.push_back(t);
  }
  append(inner, code);
  return cat({uleb(inner.size()), inner});
}

constexpr uint8_t kI32 = 0x7F, kI64 = 0x7E, kF32 = 0x7D, kF64 = 0x7C, kV128 = 0x7B, kFuncRef = 0x70,
                  kExternRef = 0x6F;

inline Buf functype(std::initializer_list<uint8_t> params, std::initializer_list<uint8_t> results) {
  Buf b{0x60};
  append(b, uleb(params.size()));
  b.insert(b.end(), params.begin(), params.end());
  append(b, uleb(results.size()));
  b.insert(b.end(), results.begin(), results.end());
  return b;
}

// The import section of an Emscripten side module: functions env.<name>
// of type 0, then env.__memory_base (global 0), env.__table_base (global 1),
// env.memory and env.__indirect_function_table.
inline Buf side_module_imports(const std::vector<std::string>& functions) {
  Buf imports = uleb(functions.size() + 4);
  for (const auto& n : functions)
    append(imports, cat({name("env"), name(n), bytes({0x00}), uleb(0)}));
  append(imports, cat({name("env"), name("__memory_base"), bytes({0x03, kI32, 0x00})}));
  append(imports, cat({name("env"), name("__table_base"), bytes({0x03, kI32, 0x00})}));
  append(imports, cat({name("env"), name("memory"), bytes({0x02, 0x00, 0x01})}));
  append(imports, cat({name("env"), name("__indirect_function_table"),
                       bytes({0x01, kFuncRef, 0x00, 0x00})}));
  return imports;
}

// A valid module of one empty function, grown by a custom section of
// `padding` bytes: for tests that need modules of chosen sizes.
inline Buf padded_module(size_t padding) {
  return module({section(1, vec({functype({}, {})})), section(3, vec({uleb(0)})),
                 section(10, vec({body({}, bytes({0x0B}))})),
                 custom_section("pad", Buf(padding, 7))});
}

}  // namespace wasmsize::test
