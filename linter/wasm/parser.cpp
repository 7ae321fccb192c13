#include "wasm/parser.h"

#include <fmt/format.h>

#include <array>

#include "wasm/custom_sections.h"
#include "wasm/instructions.h"
#include "wasm/types.h"

namespace wasmsize::wasm {

namespace {

constexpr uint32_t kMagic = 0x6D736100;  // "\0asm"

// Known sections must come in this order, each at most once; the tag and
// datacount sections were added later with ids out of sequence.
int section_rank(uint8_t id) {
  static constexpr std::array<int, 14> kRank = {0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6};
  return kRank[id];
}

class ModuleParser {
 public:
  ModuleParser(Bytes bytes, const ParseOptions& options, Module& m)
      : r_(bytes), options_(options), m_(m) {}

  void parse();

 private:
  void section(uint8_t id, Reader& s);
  void type_section(Reader& s);
  void func_type(Reader& s, TypeEntry& entry);
  void import_section(Reader& s);
  void function_section(Reader& s);
  void table_section(Reader& s);
  TableType table_type(Reader& s);
  void memory_section(Reader& s);
  void global_section(Reader& s);
  GlobalType global_type(Reader& s);
  void export_section(Reader& s);
  void element_section(Reader& s);
  void code_section(Reader& s);
  void data_section(Reader& s);
  void tag_section(Reader& s);
  uint32_t tag_type(Reader& s);
  void check_counts();

  Reader r_;
  const ParseOptions& options_;
  Module& m_;
  int last_rank_ = 0;
};

void ModuleParser::parse() {
  m_.size = r_.remaining();
  if (r_.remaining() < 4 || r_.fixed_u32("magic") != kMagic) {
    Reader::fail_at(0, "magic header not detected: not a WebAssembly module");
  }
  if (r_.remaining() < 4) r_.fail("unexpected end: version field is cut off");
  m_.version = r_.fixed_u32("version");
  if (m_.version != 1) Reader::fail_at(4, fmt::format("unknown binary version {}", m_.version));

  while (!r_.at_end()) {
    const size_t start = r_.offset();
    const uint8_t id = r_.u8("section id");
    if (id > kTag) Reader::fail_at(start, fmt::format("malformed section id {}", id));
    const size_t size_at = r_.offset();
    const uint32_t size = r_.u32("section size");
    if (size > r_.remaining()) {
      Reader::fail_at(size_at, fmt::format("unexpected end: {} section declares {} bytes, {} left",
                                           section_name(id), size, r_.remaining()));
    }
    Section sec{id, {}, start, r_.offset(), size};
    Reader s = r_.sub(size, "section payload");
    if (id != kCustom) {
      if (section_rank(id) <= last_rank_) {
        Reader::fail_at(start, fmt::format("unexpected content after last section: {} section "
                                           "is out of order or repeated",
                                           section_name(id)));
      }
      last_rank_ = section_rank(id);
    }
    if (id == kCustom) {
      sec.name = s.name("custom section name");
      m_.sections.push_back(sec);
      parse_custom_section(sec.name, s, m_);
      continue;
    }
    m_.sections.push_back(sec);
    section(id, s);
    if (!s.at_end()) {
      s.fail(fmt::format("section size mismatch: {} section has {} unread bytes at its end",
                         section_name(id), s.remaining()));
    }
  }
  check_counts();
}

void ModuleParser::section(uint8_t id, Reader& s) {
  switch (id) {
    case kType:
      type_section(s);
      break;
    case kImport:
      import_section(s);
      break;
    case kFunction:
      function_section(s);
      break;
    case kTable:
      table_section(s);
      break;
    case kMemory:
      memory_section(s);
      break;
    case kGlobal:
      global_section(s);
      break;
    case kExport:
      export_section(s);
      break;
    case kStart:
      m_.start = s.u32("start function index");
      break;
    case kElement:
      element_section(s);
      break;
    case kCode:
      code_section(s);
      break;
    case kData:
      data_section(s);
      break;
    case kDataCount:
      m_.data_count = s.u32("data count");
      break;
    case kTag:
      tag_section(s);
      break;
    default:
      break;
  }
}

void ModuleParser::func_type(Reader& s, TypeEntry& entry) {
  const size_t at = s.offset();
  const uint8_t form = s.u8("composite type form");
  auto field_type = [&s] {
    const uint8_t c = s.peek_u8("field type");
    if (c == 0x78 || c == 0x77) {  // packed i8 / i16
      s.u8("packed type");
    } else {
      read_valtype(s, "field type");
    }
    const size_t mut_at = s.offset();
    if (s.u8("field mutability") > 1) Reader::fail_at(mut_at, "malformed mutability");
  };
  switch (form) {
    case 0x60: {
      entry.kind = TypeEntry::kFunc;
      const uint32_t np = s.count("parameter count");
      entry.func.params.reserve(np);
      for (uint32_t i = 0; i < np; ++i)
        entry.func.params.push_back(read_valtype(s, "parameter"));
      const uint32_t nr = s.count("result count");
      entry.func.results.reserve(nr);
      for (uint32_t i = 0; i < nr; ++i)
        entry.func.results.push_back(read_valtype(s, "result"));
      break;
    }
    case 0x5F: {
      entry.kind = TypeEntry::kStruct;
      const uint32_t n = s.count("struct field count", 2);
      for (uint32_t i = 0; i < n; ++i)
        field_type();
      break;
    }
    case 0x5E:
      entry.kind = TypeEntry::kArray;
      field_type();
      break;
    default:
      Reader::fail_at(at, fmt::format("malformed type form 0x{:02x}: expected 0x60 (func), "
                                      "0x5f (struct) or 0x5e (array)",
                                      form));
  }
}

void ModuleParser::type_section(Reader& s) {
  const uint32_t n = s.count("type count");
  for (uint32_t i = 0; i < n; ++i) {
    // GC: a rec group holds several subtypes; each subtype may name supertypes.
    uint32_t group = 1;
    if (s.peek_u8("type") == 0x4E) {
      s.u8("rec");
      group = s.count("rec group size");
    }
    for (uint32_t k = 0; k < group; ++k) {
      const uint8_t c = s.peek_u8("type");
      if (c == 0x50 || c == 0x4F) {
        s.u8("sub");
        const uint32_t supers = s.count("supertype count");
        for (uint32_t j = 0; j < supers; ++j)
          s.u32("supertype index");
      }
      TypeEntry entry;
      func_type(s, entry);
      m_.types.push_back(std::move(entry));
    }
  }
}

TableType ModuleParser::table_type(Reader& s) {
  TableType t;
  t.elem = read_reftype(s);
  t.limits = read_limits(s, false, "table limits");
  return t;
}

GlobalType ModuleParser::global_type(Reader& s) {
  GlobalType g;
  g.type = read_valtype(s, "global type");
  const size_t at = s.offset();
  const uint8_t mut = s.u8("global mutability");
  if (mut > 1) Reader::fail_at(at, fmt::format("malformed mutability 0x{:02x}", mut));
  g.mut = mut == 1;
  return g;
}

uint32_t ModuleParser::tag_type(Reader& s) {
  const size_t at = s.offset();
  if (s.u8("tag attribute") != 0) Reader::fail_at(at, "malformed tag attribute: expected 0x00");
  return s.u32("tag type index");
}

void ModuleParser::import_section(Reader& s) {
  const uint32_t n = s.count("import count", 3);
  m_.imports.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    Import imp;
    imp.module = s.name("import module name");
    imp.field = s.name("import field name");
    const size_t at = s.offset();
    const uint8_t kind = s.u8("import kind");
    switch (kind) {
      case 0:
        imp.type_index = s.u32("import type index");
        m_.func_types.push_back(imp.type_index);
        ++m_.imported_funcs;
        break;
      case 1:
        imp.table = table_type(s);
        m_.tables.push_back(imp.table);
        break;
      case 2:
        imp.memory = read_limits(s, true, "memory limits");
        m_.memories.push_back(imp.memory);
        break;
      case 3:
        imp.global = global_type(s);
        m_.global_types.push_back(imp.global);
        ++m_.imported_globals;
        break;
      case 4:
        imp.type_index = tag_type(s);
        m_.tag_types.push_back(imp.type_index);
        break;
      default:
        Reader::fail_at(at, fmt::format("malformed import kind {}: expected 0 (func), 1 (table), "
                                        "2 (memory), 3 (global) or 4 (tag)",
                                        kind));
    }
    imp.kind = static_cast<ExternKind>(kind);
    m_.imports.push_back(imp);
  }
}

void ModuleParser::function_section(Reader& s) {
  const uint32_t n = s.count("function count");
  m_.func_types.reserve(m_.func_types.size() + n);
  for (uint32_t i = 0; i < n; ++i)
    m_.func_types.push_back(s.u32("function type index"));
}

void ModuleParser::table_section(Reader& s) {
  const uint32_t n = s.count("table count", 2);
  for (uint32_t i = 0; i < n; ++i) {
    // Typed function references: 0x40 0x00 prefixes a table with an initializer.
    if (s.peek_u8("table type") == 0x40) {
      s.u8("table initializer prefix");
      const size_t at = s.offset();
      if (s.u8("table initializer prefix") != 0) Reader::fail_at(at, "malformed table type");
      m_.tables.push_back(table_type(s));
      read_const_expr(s, m_);
    } else {
      m_.tables.push_back(table_type(s));
    }
  }
}

void ModuleParser::memory_section(Reader& s) {
  const uint32_t n = s.count("memory count", 2);
  for (uint32_t i = 0; i < n; ++i)
    m_.memories.push_back(read_limits(s, true, "memory limits"));
}

void ModuleParser::global_section(Reader& s) {
  const uint32_t n = s.count("global count", 3);
  m_.globals.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    Global g;
    g.type = global_type(s);
    m_.global_types.push_back(g.type);
    g.init = read_const_expr(s, m_);
    m_.globals.push_back(g);
  }
}

void ModuleParser::export_section(Reader& s) {
  const uint32_t n = s.count("export count", 3);
  m_.exports.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    Export e;
    e.name = s.name("export name");
    const size_t at = s.offset();
    const uint8_t kind = s.u8("export kind");
    if (kind > 4) Reader::fail_at(at, fmt::format("malformed export kind {}", kind));
    e.kind = static_cast<ExternKind>(kind);
    e.index = s.u32("export index");
    m_.exports.push_back(e);
  }
}

// Element segment flags: bit 0 passive/declarative, bit 1 explicit table (when
// active) or declarative (when not), bit 2 expressions instead of indices.
void ModuleParser::element_section(Reader& s) {
  const uint32_t n = s.count("element segment count");
  m_.elements.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    const size_t at = s.offset();
    const uint32_t flags = s.u32("element segment flags");
    if (flags > 7) Reader::fail_at(at, fmt::format("malformed elements segment kind {}", flags));
    Element e;
    const bool passive_or_declarative = flags & 1;
    const bool explicit_table = !passive_or_declarative && (flags & 2);
    const bool exprs = flags & 4;
    e.mode = !passive_or_declarative ? Element::kActive
             : (flags & 2)           ? Element::kDeclarative
                                     : Element::kPassive;
    if (explicit_table) e.table = s.u32("element table index");
    if (e.mode == Element::kActive) e.offset_expr = read_const_expr(s, m_);
    e.type = ValType{0x70, 0};
    if (passive_or_declarative || explicit_table) {
      if (exprs) {
        e.type = read_reftype(s);
      } else {
        const size_t kind_at = s.offset();
        if (s.u8("element kind") != 0) Reader::fail_at(kind_at, "malformed element kind");
      }
    }
    const uint32_t count = s.count("element count");
    e.funcs.reserve(count);
    for (uint32_t k = 0; k < count; ++k) {
      if (!exprs) {
        e.funcs.push_back(s.u32("element function index"));
        continue;
      }
      Bytes expr = read_const_expr(s, m_);
      // `ref.func N; end` names a function; anything else is not a plain slot.
      Reader er(expr);
      int64_t func = -1;
      if (expr.size() >= 3 && er.u8("opcode") == 0xD2) {
        const uint32_t idx = er.u32("function index");
        if (er.u8("opcode") == kOpEnd && er.at_end()) func = idx;
      }
      e.funcs.push_back(func);
    }
    m_.elements.push_back(std::move(e));
  }
}

void ModuleParser::code_section(Reader& s) {
  const uint32_t n = s.count("function body count", 2);
  if (n > options_.max_functions) {
    for (uint32_t i = 0; i < n; ++i) {
      const uint32_t size = s.u32("function body size");
      s.sub(size, "function body");
    }
    m_.unkept_bodies = n;
    return;
  }
  m_.bodies.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t size = s.u32("function body size");
    FunctionBody body;
    body.offset = s.offset();
    body.size = size;
    if (size > s.remaining()) {
      s.fail(
          fmt::format("unexpected end of section or function: body {} declares {} bytes, {} left",
                      i, size, s.remaining()));
    }
    Reader b = s.sub(size, "function body");
    body.local_groups = b.count("local declaration count", 2);
    for (uint32_t g = 0; g < body.local_groups; ++g) {
      const size_t at = b.offset();
      body.local_count += b.u32("local count");
      if (body.local_count > 0xFFFFFFFFull) {
        Reader::fail_at(at, "too many locals: more than 2^32-1 in one function");
      }
      read_valtype(b, "local type");
    }
    body.code_offset = b.offset();
    body.code = b.bytes(b.remaining(), "function code");
    if (options_.validate_code) validate_code(Reader(body.code, body.code_offset), m_);
    m_.bodies.push_back(body);
  }
}

void ModuleParser::data_section(Reader& s) {
  const uint32_t n = s.count("data segment count");
  m_.data.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    const size_t at = s.offset();
    const uint32_t flags = s.u32("data segment flags");
    DataSegment d;
    switch (flags) {
      case 0:
        d.offset_expr = read_const_expr(s, m_);
        break;
      case 1:
        d.active = false;
        break;
      case 2:
        d.memory = s.u32("data memory index");
        d.offset_expr = read_const_expr(s, m_);
        break;
      default:
        Reader::fail_at(at, fmt::format("malformed data segment kind {}", flags));
    }
    const uint32_t len = s.u32("data segment size");
    if (len > s.remaining()) {
      s.fail(fmt::format("unexpected end of section: data segment {} declares {} bytes, {} left", i,
                         len, s.remaining()));
    }
    d.data_offset = s.offset();
    d.data = s.bytes(len, "data segment bytes");
    m_.data.push_back(d);
  }
}

void ModuleParser::tag_section(Reader& s) {
  const uint32_t n = s.count("tag count", 2);
  for (uint32_t i = 0; i < n; ++i)
    m_.tag_types.push_back(tag_type(s));
}

void ModuleParser::check_counts() {
  const size_t defined = m_.func_types.size() - m_.imported_funcs;
  const size_t bodies = m_.bodies.size() + m_.unkept_bodies;
  if (defined != bodies) {
    const Section* code = nullptr;
    for (const Section& s : m_.sections) {
      if (s.id == kCode) code = &s;
    }
    Reader::fail_at(code ? code->offset : m_.size,
                    fmt::format("function and code section have inconsistent lengths: {} functions "
                                "declared, {} bodies",
                                defined, bodies));
  }
  if (m_.data_count && *m_.data_count != m_.data.size()) {
    Reader::fail_at(m_.size, fmt::format("data count and data section have inconsistent lengths: "
                                         "data count {}, {} segments",
                                         *m_.data_count, m_.data.size()));
  }
}

}  // namespace

bool has_wasm_magic(Bytes bytes) {
  return bytes.size() >= 4 && bytes[0] == 0 && bytes[1] == 'a' && bytes[2] == 's' &&
         bytes[3] == 'm';
}

ParseResult parse_module(Bytes bytes, const ParseOptions& options) {
  ParseResult result;
  try {
    ModuleParser(bytes, options, result.module).parse();
  } catch (const ParseError& e) {
    result.error = ParseFailure{e.offset(), e.what()};
  }
  return result;
}

}  // namespace wasmsize::wasm
