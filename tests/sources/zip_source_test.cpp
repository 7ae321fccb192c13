// The archive reader on generated wheels: accounting that adds up, and every
// kind of hostile archive turned into a finding instead of a crash.
#include "sources/source.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include "support/wasm_builder.h"
#include "support/zip_builder.h"

namespace wasmsize::sources {
namespace {

using test::Buf;

Buf small_module(uint8_t marker) {
  using namespace test;
  return module({section(1, vec({functype({}, {})})), section(3, vec({uleb(0)})),
                 section(10, vec({body({}, bytes({0x41, marker, 0x1A, 0x0B}))}))});
}

struct Read {
  model::ArtifactReport artifact;
  std::vector<model::Finding> findings;
  std::vector<std::pair<ModuleEntry, size_t>> modules;  // entry, byte count

  bool has(const std::string& rule) const {
    return std::any_of(findings.begin(), findings.end(),
                       [&](const model::Finding& f) { return f.rule == rule; });
  }
};

Read read(const std::filesystem::path& p, ReadOptions options = {}) {
  Read r;
  read_artifact(
      {p, {}}, options, r.artifact, r.findings,
      [&](const ModuleEntry& e, std::vector<uint8_t>&& b) { r.modules.emplace_back(e, b.size()); });
  return r;
}

class ArchiveTest : public ::testing::Test {
 protected:
  test::TempDir tmp;
  std::filesystem::path wheel = tmp.path() / "demo-1.0-cp312-cp312-pyodide_2024_0_wasm32.whl";
};

TEST_F(ArchiveTest, ModulesFilesAndSizesAddUp) {
  test::write_zip(wheel, {{"demo/a.cpython-312-wasm32-emscripten.so", small_module(1)},
                          {"demo/b.cpython-312-wasm32-emscripten.so", small_module(2), true},
                          {"demo/__init__.py", Buf(500, 'x')},
                          {"demo/native.so", Buf{0x7F, 'E', 'L', 'F', 0, 0, 0, 0, 0, 0}},
                          {"demo/data.bin", Buf{0, 'a', 's', 'm', 1, 0, 0, 0}}});
  const Read r = read(wheel);
  EXPECT_TRUE(r.findings.empty());
  EXPECT_EQ(r.artifact.kind, model::kWheel);
  EXPECT_EQ(r.artifact.distribution, "demo");
  EXPECT_EQ(r.artifact.platform_tag, "pyodide_2024_0_wasm32");
  // A module is found by its magic, whatever its name (data.bin).
  ASSERT_EQ(r.modules.size(), 3u);
  EXPECT_EQ(r.modules[1].first.stored_size, r.modules[1].first.size);  // stored, not deflated
  ASSERT_EQ(r.artifact.files.size(), 2u);
  uint64_t stored = 0;
  for (const auto& [e, n] : r.modules)
    stored += e.stored_size;
  for (const auto& f : r.artifact.files)
    stored += f.stored_size;
  EXPECT_EQ(stored, r.artifact.entries_stored_size);
  EXPECT_LT(r.artifact.entries_stored_size, r.artifact.size);
}

TEST_F(ArchiveTest, UnsafePathIsAFindingAndStillMeasured) {
  test::write_zip(wheel, {{"../evil.cpython-312-wasm32-emscripten.so", small_module(1)}});
  const Read r = read(wheel);
  EXPECT_TRUE(r.has("input.unsafe-path"));
  EXPECT_EQ(r.modules.size(), 1u);
}

TEST_F(ArchiveTest, NamesThatDifferOnlyInCase) {
  test::write_zip(wheel, {{"pkg/Mod.so", small_module(1)}, {"pkg/mod.so", small_module(2)}});
  const Read r = read(wheel);
  ASSERT_TRUE(r.has("input.case-collision"));
  EXPECT_EQ(r.findings[0].subject, "pkg/mod.so");
  EXPECT_NE(r.findings[0].message.find("'pkg/Mod.so'"), std::string::npos);
  EXPECT_EQ(r.modules.size(), 2u);  // both still measured
}

TEST_F(ArchiveTest, DuplicateEntryNames) {
  test::write_zip(wheel, {{"demo/aaaa.so", small_module(1)}, {"demo/bbbb.so", small_module(2)}});
  test::patch_bytes(wheel, "demo/bbbb.so", "demo/aaaa.so");
  const Read r = read(wheel);
  EXPECT_TRUE(r.has("input.duplicate-entry"));
}

TEST_F(ArchiveTest, ZipBombByRatioIsNotInflated) {
  test::write_zip(wheel, {{"demo/zeros.so", Buf(4 << 20, 0)}});
  const Read r = read(wheel);
  EXPECT_TRUE(r.has("input.inflate-limit"));
  EXPECT_TRUE(r.modules.empty());
  EXPECT_EQ(r.artifact.files.size(), 1u);
}

TEST_F(ArchiveTest, TotalInflatedBytesAreCapped) {
  test::write_zip(wheel, {{"demo/a.so", small_module(1)}, {"demo/b.so", small_module(2)}});
  ReadOptions options;
  options.limits.max_total_inflated = small_module(1).size() + 5;
  const Read r = read(wheel, options);
  EXPECT_EQ(r.modules.size(), 1u);
  EXPECT_TRUE(r.has("input.inflate-limit"));
}

TEST_F(ArchiveTest, EntrySizeIsCapped) {
  test::write_zip(wheel, {{"demo/a.so", small_module(1)}});
  ReadOptions options;
  options.limits.max_entry_size = small_module(1).size() - 1;
  const Read r = read(wheel, options);
  EXPECT_TRUE(r.modules.empty());
  ASSERT_TRUE(r.has("input.inflate-limit"));
  EXPECT_EQ(r.findings[0].subject, "demo/a.so");
  options.limits.max_entry_size = small_module(1).size();
  EXPECT_EQ(read(wheel, options).modules.size(), 1u);
}

TEST_F(ArchiveTest, LooseModuleOverTheEntryCapIsNotRead) {
  const auto path = tmp.path() / "m.wasm";
  test::write_file(path, small_module(1));
  ReadOptions options;
  options.limits.max_entry_size = 8;
  const Read r = read(path, options);
  EXPECT_TRUE(r.modules.empty());
  EXPECT_TRUE(r.has("input.inflate-limit"));
}

TEST_F(ArchiveTest, NestedArchiveIsCountedNotOpened) {
  const auto inner = tmp.path() / "inner.whl";
  test::write_zip(inner, {{"x/a.cpython-312-wasm32-emscripten.so", small_module(1)}});
  test::write_zip(wheel, {{"demo/vendored.whl", test::read_file(inner)},
                          {"demo/b.cpython-312-wasm32-emscripten.so", small_module(2)}});
  const Read r = read(wheel);
  ASSERT_TRUE(r.has("input.nested-archive"));
  EXPECT_EQ(r.findings[0].severity, model::Severity::kWarning);
  EXPECT_EQ(r.findings[0].subject, "demo/vendored.whl");
  ASSERT_EQ(r.modules.size(), 1u);  // only the outer wheel's own module
  ASSERT_EQ(r.artifact.files.size(), 1u);
  EXPECT_EQ(r.artifact.files[0].path, "demo/vendored.whl");
}

TEST_F(ArchiveTest, DeclaredSizeThatLies) {
  const Buf m = small_module(1);
  test::write_zip(wheel, {{"demo/a.so", m, true}});
  test::patch_declared_size(wheel, uint32_t(m.size()), uint32_t(m.size() + 1000));
  const Read r = read(wheel);
  EXPECT_TRUE(r.has("input.size-mismatch") || r.has("input.corrupt-entry"));
  EXPECT_TRUE(r.modules.empty());
}

TEST_F(ArchiveTest, DeclaredSizeSmallerThanTheData) {
  Buf m = small_module(1);
  test::append(m, test::custom_section("pad", Buf(300, 'p')));
  test::write_zip(wheel, {{"demo/a.so", m}});  // deflated: inflated in one shot
  test::patch_declared_size(wheel, uint32_t(m.size()), uint32_t(m.size() - 100));
  const Read r = read(wheel);
  ASSERT_TRUE(r.has("input.size-mismatch"));
  EXPECT_EQ(r.findings[0].message, "entry declares " + std::to_string(m.size() - 100) +
                                       " bytes uncompressed but inflates to more");
  EXPECT_TRUE(r.modules.empty());
}

// A central directory that says a module is empty must not hide it.
TEST_F(ArchiveTest, ADeclaredSizeOfZeroDoesNotHideAModule) {
  for (bool store : {false, true}) {
    Buf m = small_module(1);
    test::append(m, test::custom_section("pad", Buf(300, 'p')));
    test::write_zip(wheel, {{"pkg/mod.so", m, store}, {"pkg/other.bin", Buf(5, 'x'), store}});
    test::patch_declared_size(wheel, uint32_t(m.size()), 0);
    const Read r = read(wheel);
    EXPECT_FALSE(r.findings.empty()) << "store=" << store << ": the module vanished silently";
    EXPECT_TRUE(r.has("input.size-mismatch") || r.has("input.corrupt-entry")) << store;
  }
}

// A folder entry with data: counted and said, never silently overhead.
TEST_F(ArchiveTest, AFolderEntryWithDataIsAFindingAndCounted) {
  test::write_zip(wheel, {{"pkg/hidden.so/", Buf(100000, 'h')}, {"pkg/a.txt", Buf(10, 'a')}});
  const Read r = read(wheel);
  ASSERT_TRUE(r.has("input.corrupt-entry"));
  EXPECT_NE(r.findings[0].message.find("a folder entry that holds 100000 bytes"),
            std::string::npos);
  EXPECT_EQ(r.artifact.uncompressed_size, 100010u);
  ASSERT_EQ(r.artifact.files.size(), 2u);
}

TEST_F(ArchiveTest, CrcThatDoesNotMatchTheData) {
  for (bool store : {false, true}) {  // libdeflate's path and libzip's
    const Buf m = small_module(1);
    test::write_zip(wheel, {{"demo/a.so", m, store}});
    const uint32_t crc = static_cast<uint32_t>(crc32(0, m.data(), static_cast<uInt>(m.size())));
    test::patch_header(wheel, test::HeaderField::kCrc, crc, crc ^ 1);
    const Read r = read(wheel);
    EXPECT_TRUE(r.has("input.corrupt-entry")) << store;
    EXPECT_TRUE(r.modules.empty()) << store;
  }
}

TEST_F(ArchiveTest, EncryptedEntry) {
  try {
    test::write_zip(wheel, {{"demo/a.so", small_module(1), false, "secret"}});
  } catch (const std::runtime_error&) {
    GTEST_SKIP() << "this libzip cannot write encrypted entries";
  }
  const Read r = read(wheel);
  EXPECT_TRUE(r.has("input.encrypted-entry"));
  EXPECT_TRUE(r.modules.empty());
}

TEST_F(ArchiveTest, NotAZip) {
  test::write_file(wheel, Buf(100, 'x'));
  const Read r = read(wheel);
  EXPECT_TRUE(r.has("input.malformed-archive"));
}

// A central directory whose size lies (0xFFFFFFFF, the zip64 marker, with no
// zip64 record): the message says what is wrong, not libzip's bare words.
TEST_F(ArchiveTest, ADirectoryThatLiesIsExplained) {
  test::write_zip(wheel, {{"a.txt", Buf(5, 'a')}});
  auto b = test::read_file(wheel);
  const size_t eocd = b.size() - 22;
  ASSERT_EQ(b[eocd], 'P');
  for (int i = 0; i < 4; ++i)
    b[eocd + 12 + i] = 0xFF;
  test::write_file(wheel, b);
  const Read r = read(wheel);
  ASSERT_TRUE(r.has("input.malformed-archive"));
  EXPECT_NE(r.findings[0].message.find("the central directory"), std::string::npos)
      << r.findings[0].message;
}

TEST_F(ArchiveTest, LooseModuleIsDeflatedForItsCompressedSize) {
  const auto path = tmp.path() / "m.wasm";
  Buf m = small_module(1);
  test::append(m, test::custom_section("padding", Buf(2000, 'z')));
  test::write_file(path, m);
  const Read r = read(path);
  ASSERT_EQ(r.modules.size(), 1u);
  EXPECT_EQ(r.modules[0].first.size, m.size());
  EXPECT_GT(r.modules[0].first.stored_size, 0u);
  EXPECT_LT(r.modules[0].first.stored_size, m.size() / 4);
  EXPECT_EQ(deflated_size(Buf(100000, 0)), deflated_size(Buf(100000, 0)));
}

TEST_F(ArchiveTest, NonWasmLooseFileIsAWarning) {
  const auto path = tmp.path() / "native.so";
  test::write_file(path, Buf{0x7F, 'E', 'L', 'F', 2, 1, 1, 0});
  const Read r = read(path);
  ASSERT_TRUE(r.has("input.not-wasm"));
  EXPECT_EQ(r.findings[0].severity, model::Severity::kWarning);
  EXPECT_TRUE(r.modules.empty());
}

TEST(ExpandInputs, FoldersAreWalkedSortedAndMissingPathsReported) {
  test::TempDir tmp;
  std::filesystem::create_directories(tmp.path() / "b" / "c");
  test::write_file(tmp.path() / "b" / "c" / "z.wasm", {});
  test::write_file(tmp.path() / "b" / "a.whl", {});
  test::write_file(tmp.path() / "b" / "notes.txt", {});
  std::vector<std::string> errors;
  auto files =
      expand_inputs({(tmp.path() / "b").string(), (tmp.path() / "nope.whl").string()}, errors);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].path.filename(), "a.whl");
  EXPECT_EQ(files[1].path.filename(), "z.wasm");
  EXPECT_EQ(files[1].module_root, tmp.path() / "b");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("no such file"), std::string::npos);
}

}  // namespace
}  // namespace wasmsize::sources
