// The central directory walked by hand: it agrees with libzip wherever the
// archive is honest (generated zips, every corpus wheel), and says where it
// stops when the archive lies.
#include "sources/zip_directory.h"

#include <gtest/gtest.h>
#include <zip.h>

#include "support/zip_builder.h"

namespace wasmsize::sources {
namespace {

// libzip's reading, in the walk's terms.
std::vector<ZipDirectoryEntry> libzip_entries(const std::filesystem::path& p) {
  int err = 0;
  zip_t* z = zip_open(p.c_str(), ZIP_RDONLY, &err);
  EXPECT_NE(z, nullptr) << p;
  std::vector<ZipDirectoryEntry> out;
  if (!z) return out;
  for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(z, zip_uint64_t(i), 0, &st);
    out.push_back({.name = zip_get_name(z, zip_uint64_t(i), ZIP_FL_ENC_RAW),
                   .stored_size = st.comp_size,
                   .size = st.size,
                   .crc = st.crc,
                   .method = uint16_t(st.comp_method)});
  }
  zip_discard(z);
  return out;
}

void expect_agreement(const std::filesystem::path& p) {
  const auto bytes = test::read_file(p);
  const ZipDirectory dir = read_zip_directory(bytes);
  ASSERT_FALSE(dir.error) << p << ": " << dir.error->message;
  const auto theirs = libzip_entries(p);
  ASSERT_EQ(dir.entries.size(), theirs.size()) << p;
  for (size_t i = 0; i < theirs.size(); ++i) {
    const auto& a = dir.entries[i];
    const auto& b = theirs[i];
    EXPECT_EQ(a.name, b.name) << p;
    EXPECT_EQ(a.size, b.size) << p << " " << a.name;
    EXPECT_EQ(a.stored_size, b.stored_size) << p << " " << a.name;
    EXPECT_EQ(a.crc, b.crc) << p << " " << a.name;
    EXPECT_EQ(a.method, b.method) << p << " " << a.name;
    EXPECT_TRUE(a.local_header_ok) << p << " " << a.name;
    EXPECT_FALSE(a.local_name_differs) << p << " " << a.name;
  }
  EXPECT_TRUE(overlapping_entries(dir.entries).empty()) << p;
}

TEST(ZipDirectory, AgreesWithLibzipOnGeneratedArchives) {
  test::TempDir tmp;
  const auto p = tmp.path() / "a.zip";
  std::vector<test::ZipEntry> entries;
  for (int i = 0; i < 50; ++i)
    entries.push_back(
        {"d/f" + std::to_string(i), std::vector<uint8_t>(i * 37, uint8_t(i)), i % 2 == 0});
  test::write_zip(p, entries);
  expect_agreement(p);
  // libzip writes no file for an empty archive; the end record alone.
  const ZipDirectory empty = read_zip_directory(test::raw_zip({}));
  EXPECT_FALSE(empty.error);
  EXPECT_TRUE(empty.entries.empty());
}

TEST(ZipDirectory, AgreesWithLibzipOnEveryCorpusWheel) {
  WASMSIZE_REQUIRE_SHARED();
  const auto wheels = test::corpus_wheels();
  ASSERT_FALSE(wheels.empty());
  for (const auto& w : wheels)
    expect_agreement(w);
}

// Each lie stops the walk with an offset inside the file and what it is.
TEST(ZipDirectory, LiesSayWhereTheWalkStops) {
  const auto good = test::raw_zip({{.name = "a", .data = {1, 2, 3}}, {.name = "b", .data = {4}}});
  auto error_of = [](std::vector<uint8_t> b) {
    const ZipDirectory d = read_zip_directory(b);
    EXPECT_TRUE(d.error);
    if (d.error) {
      EXPECT_LE(d.error->offset, b.size());
    }
    return d.error ? d.error->message : std::string("(none)");
  };
  const size_t end = good.size() - 22;
  auto patched = [&](size_t at, std::vector<uint8_t> v) {
    auto b = good;
    std::copy(v.begin(), v.end(), b.begin() + long(at));
    return b;
  };
  EXPECT_NE(error_of({}).find("too short"), std::string::npos);
  EXPECT_NE(error_of(std::vector<uint8_t>(100, 0)).find("no end of central directory"),
            std::string::npos);
  // 65,535 entries claimed in a 2-record directory: nothing reserved for them.
  EXPECT_NE(error_of(patched(end + 10, {0xff, 0xff})).find("holds at most 2"), std::string::npos);
  // A directory offset past its end record.
  EXPECT_NE(error_of(patched(end + 16, {0xff, 0xff, 0xff, 0x7f})).find("does not lie before"),
            std::string::npos);
  // A name length past the directory.
  const size_t second_record = end - (46 + 1);
  EXPECT_NE(error_of(patched(second_record + 28, {0xff, 0x00})).find("runs past"),
            std::string::npos);
  // A 0xFFFFFFFF size with no zip64 field to give the real one.
  EXPECT_NE(error_of(patched(second_record + 24, {0xff, 0xff, 0xff, 0xff})).find("zip64"),
            std::string::npos);
}

TEST(ZipDirectory, OverlapsAreFoundWhateverTheOrder) {
  auto entry = [](uint64_t at, uint64_t stored) {
    return ZipDirectoryEntry{.header_offset = at,
                             .data_offset = at + 31,
                             .stored_size = stored,
                             .local_header_ok = true};
  };
  // c lies inside a's bytes; b and d are apart.
  const std::vector<ZipDirectoryEntry> e = {entry(0, 200), entry(300, 10), entry(100, 5),
                                            entry(400, 1)};
  EXPECT_EQ(overlapping_entries(e), (std::vector<size_t>{0, 2}));
  EXPECT_TRUE(overlapping_entries({}).empty());
}

}  // namespace
}  // namespace wasmsize::sources
