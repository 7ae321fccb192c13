// The archive reader on generated wheels: accounting that adds up, and every
// kind of hostile archive turned into a finding instead of a crash.
#include "sources/source.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <zlib.h>

#include <set>

#include "sources/zip_directory.h"
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

// café.so precomposed (NFC, as Linux tools write it) and decomposed (NFD,
// as macOS writes it): one file on APFS. So are É and é, and K and the
// Kelvin sign. Distinct names on Linux stay distinct.
TEST_F(ArchiveTest, NamesThatAreOneFileToMacOS) {
  test::write_zip(wheel, {{"pkg/caf\xC3\xA9.so", small_module(1)},
                          {"pkg/cafe\xCC\x81.so", small_module(2)},
                          {"pkg/\xC3\x89t\xC3\xA9.so", small_module(3)},
                          {"pkg/\xC3\xA9t\xC3\xA9.so", small_module(4)},
                          {"pkg/k.so", small_module(5)},
                          {"pkg/\xE2\x84\xAA.so", small_module(6)},
                          {"pkg/na\xC3\xAFve.so", small_module(7)},
                          {"pkg/naive.so", small_module(8)}});
  const Read r = read(wheel);
  std::vector<std::string> subjects;
  for (const auto& f : r.findings) {
    EXPECT_EQ(f.rule, "input.unicode-collision") << f.message;
    subjects.push_back(f.subject);
  }
  EXPECT_EQ(subjects, (std::vector<std::string>{"pkg/cafe\xCC\x81.so", "pkg/\xC3\xA9t\xC3\xA9.so",
                                                "pkg/\xE2\x84\xAA.so"}));
  EXPECT_EQ(r.modules.size(), 8u);
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

// A FIFO named on the command line is refused before it is opened (an
// open would block for ever); in a walked folder it is named as skipped.
TEST(ExpandInputs, NonRegularFilesAreRefusedOrNamedNeverOpened) {
  test::TempDir tmp;
  std::filesystem::create_directories(tmp.path() / "d");
  ASSERT_EQ(mkfifo((tmp.path() / "d" / "pipe.whl").c_str(), 0600), 0);
  std::filesystem::create_symlink(tmp.path() / "gone.wasm", tmp.path() / "d" / "dangling.wasm");
  test::write_file(tmp.path() / "d" / "ok.wasm", {});
  std::vector<std::string> errors;
  std::vector<SkippedFile> skipped;
  const auto given = expand_inputs({(tmp.path() / "d" / "pipe.whl").string()}, errors, skipped);
  EXPECT_TRUE(given.empty());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("FIFO"), std::string::npos) << errors[0];
  errors.clear();
  const auto walked = expand_inputs({(tmp.path() / "d").string()}, errors, skipped);
  ASSERT_EQ(walked.size(), 1u);
  EXPECT_EQ(walked[0].path.filename(), "ok.wasm");
  ASSERT_EQ(skipped.size(), 2u);
  std::set<std::string> why;
  for (const auto& s : skipped)
    why.insert(s.path.filename().string() + ": " + s.why);
  EXPECT_TRUE(why.count("pipe.whl: a FIFO (named pipe)")) << *why.begin();
  EXPECT_TRUE(why.count("dangling.wasm: a broken symbolic link")) << *why.rbegin();
}

TEST(ExpandInputs, FoldersAreWalkedSortedAndMissingPathsReported) {
  test::TempDir tmp;
  std::filesystem::create_directories(tmp.path() / "b" / "c");
  test::write_file(tmp.path() / "b" / "c" / "z.wasm", {});
  test::write_file(tmp.path() / "b" / "a.whl", {});
  test::write_file(tmp.path() / "b" / "notes.txt", {});
  std::vector<std::string> errors;
  std::vector<SkippedFile> skipped;
  auto files = expand_inputs({(tmp.path() / "b").string(), (tmp.path() / "nope.whl").string()},
                             errors, skipped);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].path.filename(), "a.whl");
  EXPECT_EQ(files[1].path.filename(), "z.wasm");
  EXPECT_EQ(files[1].module_root, tmp.path() / "b");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("no such file"), std::string::npos);
}

// The "better zip bomb": many central records over one local header and
// its bytes. None is read (reading each would inflate the one stream again
// and again), all are counted, and one finding says so.
TEST_F(ArchiveTest, OverlappingEntriesAreNotReadAndSaidOnce) {
  std::vector<test::RawZipEntry> entries = {{.name = "pkg/a.so", .data = small_module(1)}};
  for (int i = 0; i < 300; ++i)
    entries.push_back({.name = "pkg/copy" + std::to_string(i) + ".so", .same_header_as = 0});
  entries.push_back({.name = "pkg/alone.so", .data = small_module(2)});
  test::write_file(wheel, test::raw_zip(entries));
  const Read r = read(wheel);
  ASSERT_EQ(std::count_if(r.findings.begin(), r.findings.end(),
                          [](const auto& f) { return f.rule == "input.overlapping-entries"; }),
            1)
      << r.findings.size();
  ASSERT_EQ(r.modules.size(), 1u) << "only the entry that overlaps nothing is read";
  EXPECT_EQ(r.modules[0].first.path, "pkg/alone.so");
  EXPECT_EQ(r.artifact.files.size(), 301u);
  EXPECT_FALSE(r.has("input.ambiguous-archive"));
}

TEST_F(ArchiveTest, ALocalHeaderThatNamesAnotherFile) {
  test::write_file(
      wheel,
      test::raw_zip({{.name = "pkg/a.so", .data = small_module(1)},
                     {.name = "pkg/b.so", .data = small_module(2), .local_name = "pkg/x.so"}}));
  const Read r = read(wheel);
  ASSERT_TRUE(r.has("input.header-mismatch"));
  const auto& f = *std::find_if(r.findings.begin(), r.findings.end(),
                                [](const auto& f) { return f.rule == "input.header-mismatch"; });
  EXPECT_EQ(f.subject, "pkg/b.so");
  EXPECT_TRUE(f.offset.has_value());
  EXPECT_EQ(r.modules.size(), 2u);
  EXPECT_FALSE(r.has("input.overlapping-entries"));
}

// Two readers, one archive: an Info-ZIP Unicode Path extra field renames
// the entry for libzip (and unzip), not for readers that take the central
// directory's name (Python's zipfile, pip). Measured under one name,
// installed under another: said, never silent.
TEST_F(ArchiveTest, ReadersThatDisagreeAreAFinding) {
  const std::string name = "pkg/a.so", other = "pkg/evil.so";
  std::vector<uint8_t> extra = {0x75, 0x70, uint8_t(5 + other.size()), 0, 1};
  const uint32_t crc = uint32_t(crc32(0, reinterpret_cast<const Bytef*>(name.data()), 8));
  for (int i = 0; i < 4; ++i)
    extra.push_back(uint8_t(crc >> (8 * i)));
  extra.insert(extra.end(), other.begin(), other.end());
  test::write_file(
      wheel, test::raw_zip({{.name = name, .data = small_module(1), .central_extra = extra}}));
  const Read r = read(wheel);
  ASSERT_TRUE(r.has("input.ambiguous-archive"));
  const auto& f = *std::find_if(r.findings.begin(), r.findings.end(),
                                [](const auto& f) { return f.rule == "input.ambiguous-archive"; });
  EXPECT_NE(f.message.find("pkg/evil.so"), std::string::npos) << f.message;
  EXPECT_NE(f.message.find("pkg/a.so"), std::string::npos) << f.message;
}

}  // namespace
}  // namespace wasmsize::sources