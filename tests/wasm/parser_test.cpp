// The section parser on modules built byte by byte: one test per section
// kind and per dylink.0 subsection, and the errors, which must name offsets.
#include "wasm/parser.h"

#include <gtest/gtest.h>

#include "support/wasm_builder.h"

namespace wasmsize::wasm {
namespace {

using namespace wasmsize::test;

ParseResult parse_ok(const Buf& b) {
  ParseResult r = parse_module(b);
  EXPECT_FALSE(r.error) << "offset " << r.error->offset << ": " << r.error->message;
  return r;
}

ParseFailure parse_fail(const Buf& b) {
  ParseResult r = parse_module(b);
  EXPECT_TRUE(r.error) << "expected the module to be rejected";
  return r.error.value_or(ParseFailure{});
}

// type () -> (), one function `nop; end`.
Buf one_function() {
  return module({section(kType, vec({functype({}, {})})), section(kFunction, vec({uleb(0)})),
                 section(kCode, vec({body({}, bytes({0x01, 0x0B}))}))});
}

TEST(Parser, EmptyModule) {
  const Buf b = module({});
  auto r = parse_ok(b);
  EXPECT_EQ(r.module.size, 8u);
  EXPECT_TRUE(r.module.sections.empty());
}

TEST(Parser, SectionOffsetsAndSizes) {
  Buf b = one_function();
  auto r = parse_ok(b);
  ASSERT_EQ(r.module.sections.size(), 3u);
  const Section& type = r.module.sections[0];
  EXPECT_EQ(type.id, kType);
  EXPECT_EQ(type.offset, 8u);
  EXPECT_EQ(type.payload_offset, 10u);
  EXPECT_EQ(type.size, 4u);  // count, 0x60, 0 params, 0 results
  const Section& code = r.module.sections[2];
  EXPECT_EQ(code.end(), b.size());
}

TEST(Parser, TypeSection) {
  const Buf b = module(
      {section(kType, vec({functype({kI32, kI64}, {kF32}), functype({kV128}, {kI32, kI32})}))});
  auto r = parse_ok(b);
  ASSERT_EQ(r.module.types.size(), 2u);
  EXPECT_EQ(signature(r.module.types[0].func), "(i32, i64) -> (f32)");
  EXPECT_EQ(signature(r.module.types[1].func), "(v128) -> (i32, i32)");
}

TEST(Parser, GcRecGroupsOccupyOneIndexPerSubtype) {
  // rec { struct (field i32 mut); sub final () func } array i8
  Buf rec = cat({bytes({0x4E}), uleb(2), bytes({0x5F, 0x01, kI32, 0x01}), bytes({0x4F, 0x00}),
                 functype({}, {})});
  const Buf b = module({section(kType, cat({uleb(2), rec, bytes({0x5E, 0x78, 0x00})}))});
  auto r = parse_ok(b);
  ASSERT_EQ(r.module.types.size(), 3u);
  EXPECT_EQ(r.module.types[0].kind, TypeEntry::kStruct);
  EXPECT_EQ(r.module.types[1].kind, TypeEntry::kFunc);
  EXPECT_EQ(r.module.types[2].kind, TypeEntry::kArray);
}

TEST(Parser, ImportsOfEveryKind) {
  Buf imports = vec({
      cat({name("env"), name("f"), bytes({0x00}), uleb(0)}),
      cat({name("env"), name("__indirect_function_table"), bytes({0x01, kFuncRef, 0x00}), uleb(5)}),
      cat({name("env"), name("memory"), bytes({0x02, 0x00}), uleb(1)}),
      cat({name("env"), name("__memory_base"), bytes({0x03, kI32, 0x00})}),
      cat({name("GOT.mem"), name("x"), bytes({0x03, kI32, 0x01})}),
      cat({name("env"), name("tag"), bytes({0x04, 0x00}), uleb(0)}),
  });
  const Buf b = module({section(kType, vec({functype({}, {})})), section(kImport, imports)});
  auto r = parse_ok(b);
  const Module& m = r.module;
  ASSERT_EQ(m.imports.size(), 6u);
  EXPECT_EQ(m.imported_funcs, 1u);
  EXPECT_EQ(m.function_count(), 1u);
  EXPECT_EQ(m.tables.size(), 1u);
  EXPECT_EQ(m.tables[0].limits.min, 5u);
  EXPECT_EQ(m.memories.size(), 1u);
  EXPECT_EQ(m.imported_globals, 2u);
  EXPECT_TRUE(m.global_types[1].mut);
  EXPECT_EQ(m.tag_types.size(), 1u);
  EXPECT_EQ(m.imports[4].module, "GOT.mem");
  EXPECT_EQ(m.imports[5].kind, ExternKind::kTag);
}

TEST(Parser, FunctionTableMemoryGlobalExportStart) {
  Buf b = module({
      section(kType, vec({functype({}, {})})),
      section(kFunction, vec({uleb(0), uleb(0)})),
      section(kTable, vec({bytes({kFuncRef, 0x01, 0x02, 0x10})})),
      section(kMemory, vec({bytes({0x01, 0x01, 0x02}), bytes({0x04, 0x03})})),
      section(kGlobal, vec({bytes({kI32, 0x01, 0x41, 0x2A, 0x0B})})),
      section(kExport, vec({cat({name("run"), bytes({0x00}), uleb(1)}),
                            cat({name("g"), bytes({0x03}), uleb(0)})})),
      section(kStart, uleb(0)),
      section(kCode, vec({body({}, bytes({0x0B})), body({{2, kI32}, {1, kF64}}, bytes({0x0B}))})),
  });
  const Module m = parse_ok(b).module;
  EXPECT_EQ(m.defined_function_count(), 2u);
  EXPECT_EQ(*m.tables[0].limits.max, 16u);
  ASSERT_EQ(m.memories.size(), 2u);
  EXPECT_EQ(*m.memories[0].max, 2u);
  EXPECT_TRUE(m.memories[1].is64);
  ASSERT_EQ(m.globals.size(), 1u);
  EXPECT_EQ(m.globals[0].init.size(), 3u);  // i32.const 42, end
  EXPECT_EQ(m.exports[0].name, "run");
  EXPECT_EQ(m.function_name(1), "run");
  EXPECT_EQ(m.start, 0u);
  EXPECT_EQ(m.bodies[1].local_count, 3u);
  EXPECT_EQ(m.bodies[1].local_groups, 2u);
}

TEST(Parser, ElementSegmentsOfEveryFlag) {
  Buf offset = bytes({0x41, 0x00, 0x0B});
  Buf ref1 = bytes({0xD2, 0x01, 0x0B});
  Buf null = bytes({0xD0, 0x70, 0x0B});
  Buf elems = vec({
      cat({uleb(0), offset, vec({uleb(0), uleb(1)})}),
      cat({uleb(1), bytes({0x00}), vec({uleb(1)})}),
      cat({uleb(2), uleb(0), offset, bytes({0x00}), vec({uleb(0)})}),
      cat({uleb(3), bytes({0x00}), vec({uleb(1)})}),
      cat({uleb(4), offset, vec({ref1, null})}),
      cat({uleb(5), bytes({kFuncRef}), vec({ref1})}),
      cat({uleb(6), uleb(0), offset, bytes({kFuncRef}), vec({ref1})}),
      cat({uleb(7), bytes({kFuncRef}), vec({ref1})}),
  });
  Buf b =
      module({section(kType, vec({functype({}, {})})), section(kFunction, vec({uleb(0), uleb(0)})),
              section(kTable, vec({bytes({kFuncRef, 0x00, 0x08})})), section(kElement, elems),
              section(kCode, vec({body({}, bytes({0x0B})), body({}, bytes({0x0B}))}))});
  const Module m = parse_ok(b).module;
  ASSERT_EQ(m.elements.size(), 8u);
  EXPECT_EQ(m.elements[0].funcs, (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(m.elements[1].mode, Element::kPassive);
  EXPECT_EQ(m.elements[3].mode, Element::kDeclarative);
  EXPECT_EQ(m.elements[4].funcs, (std::vector<int64_t>{1, -1}));
  EXPECT_EQ(m.elements[6].mode, Element::kActive);
  EXPECT_EQ(m.elements[7].mode, Element::kDeclarative);
}

TEST(Parser, DataSegmentsAndDataCount) {
  Buf b = module({
      section(kMemory, vec({bytes({0x00, 0x01})})),
      section(kDataCount, uleb(3)),
      section(kData, vec({cat({uleb(0), bytes({0x41, 0x10, 0x0B}), name("abc")}),
                          cat({uleb(1), name("zz")}),
                          cat({uleb(2), uleb(0), bytes({0x41, 0x00, 0x0B}), name("")})})),
  });
  const Module m = parse_ok(b).module;
  ASSERT_EQ(m.data.size(), 3u);
  EXPECT_EQ(*m.data_count, 3u);
  EXPECT_EQ(std::string(m.data[0].data.begin(), m.data[0].data.end()), "abc");
  EXPECT_FALSE(m.data[1].active);
  EXPECT_EQ(b[m.data[0].data_offset], 'a');
}

TEST(Parser, TagSection) {
  Buf b = module({section(kType, vec({functype({kI32}, {})})),
                  section(kTag, vec({bytes({0x00, 0x00}), bytes({0x00, 0x00})}))});
  EXPECT_EQ(parse_ok(b).module.tag_types.size(), 2u);  // counts only: no views kept
}

TEST(Parser, Dylink0EverySubsection) {
  Buf payload = cat({
      subsection(1, cat({uleb(1256), uleb(4), uleb(3), uleb(0)})),
      subsection(2, vec({name("libopenblas.so"), name("libc++.so")})),
      subsection(3, vec({cat({name("PyInit_x"), uleb(0x10)})})),
      subsection(4, vec({cat({name("env"), name("weak_fn"), uleb(1)})})),
      subsection(5, vec({name("$ORIGIN/../lib")})),
      subsection(42, bytes({1, 2, 3})),  // unknown: sized and skipped
  });
  const Buf b = module({custom_section("dylink.0", payload)});
  const Module m = parse_ok(b).module;
  ASSERT_TRUE(m.dylink);
  EXPECT_FALSE(m.dylink->legacy);
  EXPECT_EQ(m.dylink->mem_size, 1256u);
  EXPECT_EQ(m.dylink->mem_align, 4u);
  EXPECT_EQ(m.dylink->table_size, 3u);
  EXPECT_EQ(m.dylink->needed, (std::vector<std::string_view>{"libopenblas.so", "libc++.so"}));
  ASSERT_EQ(m.dylink->export_info.size(), 1u);
  EXPECT_EQ(m.dylink->export_info[0].flags, 0x10u);
  ASSERT_EQ(m.dylink->import_info.size(), 1u);
  EXPECT_EQ(m.dylink->import_info[0].field, "weak_fn");
  EXPECT_EQ(m.dylink->runtime_paths, (std::vector<std::string_view>{"$ORIGIN/../lib"}));
  EXPECT_TRUE(m.custom_issues.empty());
}

TEST(Parser, LegacyDylink) {
  Buf payload = cat({uleb(64), uleb(2), uleb(1), uleb(0), vec({name("libm.so")})});
  const Buf b = module({custom_section("dylink", payload)});
  const Module m = parse_ok(b).module;
  ASSERT_TRUE(m.dylink);
  EXPECT_TRUE(m.dylink->legacy);
  EXPECT_EQ(m.dylink->mem_size, 64u);
  EXPECT_EQ(m.dylink->needed.size(), 1u);
}

TEST(Parser, TargetFeatures) {
  Buf payload =
      vec({cat({bytes({'+'}), name("mutable-globals")}), cat({bytes({'-'}), name("simd128")})});
  const Buf b = module({custom_section("target_features", payload)});
  const Module m = parse_ok(b).module;
  ASSERT_EQ(m.features.size(), 2u);
  EXPECT_EQ(m.features[1].prefix, '-');
  EXPECT_EQ(m.features[1].name, "simd128");
}

TEST(Parser, NameSectionModuleFunctionsLocals) {
  Buf payload = cat({
      subsection(0, name("mod")), subsection(1, vec({cat({uleb(0), name("helper")})})),
      subsection(2, vec({cat({uleb(0), vec({cat({uleb(0), name("x")})})})})),
      subsection(4, vec({cat({uleb(0), name("t")})})),  // type names: sized only
  });
  Buf b = one_function();
  append(b, custom_section("name", payload));
  const Module m = parse_ok(b).module;
  ASSERT_TRUE(m.names);
  EXPECT_EQ(m.names->module_name, "mod");
  EXPECT_EQ(m.function_name(0), "helper");
  ASSERT_EQ(m.names->locals.size(), 1u);
  EXPECT_EQ(m.names->locals[0].name, "x");
}

TEST(Parser, Producers) {
  Buf payload = vec({cat({name("processed-by"), vec({cat({name("clang"), name("17.0")})})})});
  const Buf b = module({custom_section("producers", payload)});
  const Module m = parse_ok(b).module;
  ASSERT_TRUE(m.producers);
  EXPECT_EQ(m.producers->fields[0].first, "processed-by");
  EXPECT_EQ(m.producers->fields[0].second[0].version, "17.0");
}

TEST(Parser, UnknownCustomSectionIsSizedNotFatal) {
  Buf b = module({custom_section(".debug_info", Buf(100, 0xFF))});
  const Module m = parse_ok(b).module;
  ASSERT_EQ(m.sections.size(), 1u);
  EXPECT_EQ(m.sections[0].name, ".debug_info");
  EXPECT_EQ(m.sections[0].size, 1 + 11 + 100u);
}

TEST(Parser, BrokenKnownCustomSectionIsAnIssueNotAFailure) {
  Buf b = module({custom_section("dylink.0", bytes({0x01, 0x10, 0x01}))});
  const ParseResult r = parse_module(b);
  EXPECT_FALSE(r.error);
  ASSERT_EQ(r.module.custom_issues.size(), 1u);
  EXPECT_EQ(r.module.custom_issues[0].section, "dylink.0");
  EXPECT_GT(r.module.custom_issues[0].offset, 8u);
}

TEST(ParserErrors, BadMagicAndVersion) {
  EXPECT_NE(parse_fail(bytes({0x7F, 'E', 'L', 'F', 1, 0, 0, 0})).message.find("magic"),
            std::string::npos);
  auto f = parse_fail(bytes({0, 'a', 's', 'm', 2, 0, 0, 0}));
  EXPECT_EQ(f.offset, 4u);
  EXPECT_NE(f.message.find("version"), std::string::npos);
}

TEST(ParserErrors, TruncatedModuleNamesTheOffset) {
  Buf b = one_function();
  b.resize(b.size() - 3);
  const ParseFailure f = parse_fail(b);
  EXPECT_GT(f.offset, 8u);
  EXPECT_LE(f.offset, b.size());
  EXPECT_NE(f.message.find("unexpected end"), std::string::npos) << f.message;
}

TEST(ParserErrors, SectionsOutOfOrder) {
  const ParseFailure f = parse_fail(module({section(kFunction, vec({})), section(kType, vec({}))}));
  EXPECT_EQ(f.offset, 11u);
  EXPECT_NE(f.message.find("out of order"), std::string::npos);
}

TEST(ParserErrors, SectionSizeMismatch) {
  // A type section that says it holds 5 bytes but its contents use 4.
  Buf b = module({section(kType, cat({vec({functype({}, {})}), bytes({0x00})}))});
  EXPECT_NE(parse_fail(b).message.find("section size mismatch"), std::string::npos);
}

TEST(ParserErrors, FunctionAndCodeCountsDisagree) {
  Buf b = module({section(kType, vec({functype({}, {})})), section(kFunction, vec({uleb(0)}))});
  EXPECT_NE(parse_fail(b).message.find("inconsistent lengths"), std::string::npos);
}

TEST(ParserErrors, BodyMustEndAtItsBoundary) {
  Buf early = module({section(kType, vec({functype({}, {})})), section(kFunction, vec({uleb(0)})),
                      section(kCode, vec({body({}, bytes({0x0B, 0x01}))}))});
  EXPECT_NE(parse_fail(early).message.find("after the function's final"), std::string::npos);
  Buf open = module({section(kType, vec({functype({}, {})})), section(kFunction, vec({uleb(0)})),
                     section(kCode, vec({body({}, bytes({0x02, 0x40, 0x0B}))}))});
  EXPECT_NE(parse_fail(open).message.find("END opcode expected"), std::string::npos);
}

TEST(ParserErrors, HugeCountIsRejectedBeforeAllocating) {
  // 2^32-1 imports in a 6-byte section: must fail on the count, not allocate.
  Buf b = module({section(kImport, cat({uleb(0xFFFFFFFF), bytes({0})}))});
  const ParseFailure f = parse_fail(b);
  EXPECT_EQ(f.offset, 10u);
  EXPECT_NE(f.message.find("length out of bounds"), std::string::npos);
}

TEST(ParserErrors, MalformedUtf8Name) {
  Buf b = module({section(kExport, vec({cat({uleb(2), bytes({0xC0, 0x80}), bytes({0, 0})})}))});
  EXPECT_NE(parse_fail(b).message.find("UTF-8"), std::string::npos);
}

TEST(ParserErrors, TooManyLocals) {
  Buf b = module({section(kType, vec({functype({}, {})})), section(kFunction, vec({uleb(0)})),
                  section(kCode, vec({body({{0xFFFFFFFF, kI32}, {2, kI32}}, bytes({0x0B}))}))});
  EXPECT_NE(parse_fail(b).message.find("too many locals"), std::string::npos);
}

}  // namespace
}  // namespace wasmsize::wasm
