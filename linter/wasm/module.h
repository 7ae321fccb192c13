// The parsed view of one WebAssembly module. It owns no bytes: names, bodies
// and expressions are views into the buffer the module was parsed from, which
// must outlive it. Offsets are absolute positions in that buffer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wasm/reader.h"

namespace wasmsize::wasm {

enum SectionId : uint8_t {
  kCustom = 0,
  kType = 1,
  kImport = 2,
  kFunction = 3,
  kTable = 4,
  kMemory = 5,
  kGlobal = 6,
  kExport = 7,
  kStart = 8,
  kElement = 9,
  kCode = 10,
  kData = 11,
  kDataCount = 12,
  kTag = 13,
};

std::string_view section_name(uint8_t id);

enum class ExternKind : uint8_t { kFunc = 0, kTable = 1, kMemory = 2, kGlobal = 3, kTag = 4 };
std::string_view extern_kind_name(ExternKind k);

struct Section {
  uint8_t id = 0;
  std::string_view name;  // custom sections only
  size_t offset = 0;      // of the id byte
  size_t payload_offset = 0;
  size_t size = 0;  // payload, after the id and size bytes (as wasm-objdump prints)
  size_t end() const { return payload_offset + size; }
};

// A value type: the type code, and for (ref null? ht) the heap type, which is
// either a type index (>= 0) or a negative abstract heap type code.
struct ValType {
  uint8_t code = 0;
  int64_t heap = 0;
  bool operator==(const ValType&) const = default;
};
std::string valtype_name(ValType t);

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
};

// One entry of the type index space. GC struct and array types occupy an
// index but have no signature.
struct TypeEntry {
  enum Kind : uint8_t { kFunc, kStruct, kArray } kind = kFunc;
  FuncType func;
};
std::string signature(const FuncType& t);  // "(i32, i32) -> (i32)"

struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
  bool shared = false;
  bool is64 = false;
};

struct TableType {
  ValType elem;
  Limits limits;
};

struct GlobalType {
  ValType type;
  bool mut = false;
};

struct Import {
  std::string_view module;
  std::string_view field;
  ExternKind kind = ExternKind::kFunc;
  uint32_t type_index = 0;  // func and tag imports
  TableType table;
  Limits memory;
  GlobalType global;
};

struct Export {
  std::string_view name;
  ExternKind kind = ExternKind::kFunc;
  uint32_t index = 0;
};

struct Global {
  GlobalType type;
  Bytes init;  // the constant expression, including its final `end`
};

struct Element {
  enum Mode : uint8_t { kActive, kPassive, kDeclarative } mode = kActive;
  uint32_t table = 0;
  Bytes offset_expr;
  ValType type;
  // Function index per slot, or -1 where a slot holds something other than a
  // plain ref.func (null, global.get, ...).
  std::vector<int64_t> funcs;
};

struct DataSegment {
  bool active = true;
  uint32_t memory = 0;
  Bytes offset_expr;
  size_t data_offset = 0;  // absolute offset of the segment's bytes
  Bytes data;
};

struct FunctionBody {
  size_t offset = 0;  // first byte after the body's size field
  size_t size = 0;    // as wasm-objdump's "size" of a body
  uint64_t local_count = 0;
  uint32_t local_groups = 0;
  size_t code_offset = 0;  // first instruction
  Bytes code;              // instructions, through the final `end`
};

struct Dylink {
  bool legacy = false;  // the pre-2021 "dylink" section
  uint32_t mem_size = 0, mem_align = 0, table_size = 0, table_align = 0;
  std::vector<std::string_view> needed;
  struct ExportInfo {
    std::string_view name;
    uint32_t flags;
  };
  struct ImportInfo {
    std::string_view module, field;
    uint32_t flags;
  };
  std::vector<ExportInfo> export_info;
  std::vector<ImportInfo> import_info;
  std::vector<std::string_view> runtime_paths;
};

struct Feature {
  char prefix = '+';  // '+' used, '-' disallowed, '=' required
  std::string_view name;
};

struct NameSection {
  std::string_view module_name;
  std::vector<std::pair<uint32_t, std::string_view>> functions;  // sorted by index
  struct Local {
    uint32_t func, local;
    std::string_view name;
  };
  std::vector<Local> locals;
  std::vector<std::pair<uint32_t, std::string_view>> globals;
};

struct Producers {
  struct Entry {
    std::string_view name, version;
  };
  std::vector<std::pair<std::string_view, std::vector<Entry>>> fields;
};

// A custom section whose contents could not be decoded. Custom sections may
// hold anything, so this is a warning about the section, not a bad module.
struct CustomIssue {
  std::string_view section;
  size_t offset = 0;
  std::string message;
};

struct Module {
  uint32_t version = 1;
  size_t size = 0;
  std::vector<Section> sections;
  std::vector<TypeEntry> types;
  std::vector<Import> imports;
  // Index spaces, imports first, as instructions number them.
  std::vector<uint32_t> func_types;  // type index of every function
  std::vector<TableType> tables;
  std::vector<Limits> memories;
  std::vector<GlobalType> global_types;
  std::vector<uint32_t> tag_types;
  uint32_t imported_funcs = 0, imported_globals = 0;
  std::vector<Global> globals;  // defined globals, with their initializers
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  std::vector<Element> elements;
  std::optional<uint32_t> data_count;
  std::vector<FunctionBody> bodies;
  // Bodies the code section holds but the parser did not keep
  // (ParseOptions::max_functions); then `bodies` is empty.
  uint32_t unkept_bodies = 0;
  std::vector<DataSegment> data;

  std::optional<Dylink> dylink;
  std::vector<Feature> features;
  std::optional<NameSection> names;
  std::optional<Producers> producers;
  std::vector<CustomIssue> custom_issues;

  uint32_t function_count() const { return uint32_t(func_types.size()); }
  uint32_t defined_function_count() const { return function_count() - imported_funcs; }
  // The signature of a function in the function index space, if it has one.
  const FuncType* function_type(uint32_t func_index) const;
  // Best name for a function: the name section, else an export name.
  std::string_view function_name(uint32_t func_index) const;
  bool memory_is64(uint32_t mem_index) const {
    return mem_index < memories.size() && memories[mem_index].is64;
  }
};

}  // namespace wasmsize::wasm
