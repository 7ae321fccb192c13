// The transfer layer: compressed-size counters against the libraries'
// one-shot results, the stored repack read back by two zip readers, the
// content cache's keys, sharing and bound.
#include <brotli/decode.h>
#include <brotli/encode.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <random>
#include <thread>

#include "base/cache.h"
#include "sources/zip_directory.h"
#include "support/paths.h"
#include "support/zip_builder.h"
#include "transfer/transfer.h"

namespace wasmsize::test {
namespace {

namespace fs = std::filesystem;
using transfer::BrotliSettings;

std::vector<uint8_t> sample(size_t n, uint32_t seed) {
  // Half text-like, half random: compressible but not trivially.
  std::mt19937 rng(seed);
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i)
    v[i] = (i / 512) % 2 ? static_cast<uint8_t>(rng()) : static_cast<uint8_t>("wasmsize "[i % 9]);
  return v;
}

TEST(Compress, BrotliCountsWhatTheOneShotEncoderWrites) {
  for (size_t n : {size_t{0}, size_t{1}, size_t{70'000}, size_t{3'000'000}}) {
    const auto in = sample(n, 7);
    std::vector<uint8_t> out(BrotliEncoderMaxCompressedSize(n) + 16);
    size_t out_size = out.size();
    ASSERT_TRUE(
        BrotliEncoderCompress(5, 22, BROTLI_MODE_GENERIC, n, in.data(), &out_size, out.data()));
    EXPECT_EQ(transfer::brotli_size(in, {.quality = 5, .window = 22}), out_size) << n;
    // Fed in uneven pieces, brotli may close its blocks elsewhere: a few
    // bytes in millions, never more.
    transfer::BrotliCounter c({.quality = 5, .window = 22});
    for (size_t at = 0; at < n; at += 4099)
      c.feed(std::span(in).subspan(at, std::min<size_t>(4099, n - at)));
    EXPECT_NEAR(static_cast<double>(c.finish()), static_cast<double>(out_size),
                static_cast<double>(out_size) / 1000 + 8)
        << n;
  }
}

TEST(Compress, GzipCountsAWholeGzipStream) {
  for (size_t n : {size_t{0}, size_t{70'000}, size_t{3'000'000}}) {
    const auto in = sample(n, 3);
    z_stream zs{};
    ASSERT_EQ(deflateInit2(&zs, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
    std::vector<uint8_t> out(deflateBound(&zs, n) + 32);
    zs.next_in = const_cast<Bytef*>(in.data());
    zs.avail_in = static_cast<uInt>(n);
    zs.next_out = out.data();
    zs.avail_out = static_cast<uInt>(out.size());
    ASSERT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
    deflateEnd(&zs);
    EXPECT_EQ(transfer::gzip_size(in), zs.total_out) << n;
  }
}

fs::path make_wheel(const fs::path& dir, bool deflate) {
  const fs::path p = dir / "pkg-1.0-py3-none-any.whl";
  write_zip(p, {{.name = "pkg/__init__.py", .data = sample(5000, 1), .store = !deflate},
                {.name = "pkg/_m.so", .data = sample(200'000, 2), .store = !deflate},
                {.name = "pkg-1.0.dist-info/RECORD", .data = sample(300, 4), .store = !deflate}});
  return p;
}

TEST(StoredRepack, IsAZipOfTheSameEntriesStored) {
  TempDir tmp;
  const fs::path dir = tmp.path();
  const auto wheel = read_file(make_wheel(dir, true));
  std::vector<uint8_t> repack;
  const auto error = transfer::stored_repack(wheel, {}, [&](std::span<const uint8_t> b) {
    repack.insert(repack.end(), b.begin(), b.end());
  });
  ASSERT_FALSE(error) << *error;
  // Our own directory reader and libzip both read it, entry for entry.
  const auto dir_in = sources::read_zip_directory(wheel);
  const auto dir_out = sources::read_zip_directory(repack);
  ASSERT_FALSE(dir_out.error);
  ASSERT_EQ(dir_out.entries.size(), dir_in.entries.size());
  for (size_t i = 0; i < dir_in.entries.size(); ++i) {
    EXPECT_EQ(dir_out.entries[i].name, dir_in.entries[i].name);
    EXPECT_EQ(dir_out.entries[i].method, 0);
    EXPECT_EQ(dir_out.entries[i].size, dir_in.entries[i].size);
    EXPECT_EQ(dir_out.entries[i].stored_size, dir_in.entries[i].size);
  }
  const fs::path out = dir / "repack.zip";
  write_file(out, repack);
  int err = 0;
  zip_t* z = zip_open(out.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &err);
  ASSERT_NE(z, nullptr) << err;
  zip_stat_t st;
  ASSERT_EQ(zip_stat(z, "pkg/_m.so", 0, &st), 0);
  std::vector<uint8_t> data(st.size);
  zip_file_t* f = zip_fopen(z, "pkg/_m.so", 0);
  ASSERT_EQ(zip_fread(f, data.data(), data.size()), static_cast<zip_int64_t>(data.size()));
  zip_fclose(f);
  zip_close(z);
  EXPECT_EQ(data, sample(200'000, 2));
}

TEST(StoredRepack, SaysWhyWhenAnEntryDoesNotInflate) {
  TempDir tmp;
  const fs::path dir = tmp.path();
  auto wheel = read_file(make_wheel(dir, true));
  const auto d = sources::read_zip_directory(wheel);
  const auto& so = d.entries[1];
  for (uint64_t i = 0; i < 64; ++i)
    wheel[so.data_offset + so.stored_size / 2 + i] ^= 0x5a;  // a corrupt deflate stream
  uint64_t streamed = 0;
  const auto error = transfer::stored_repack(wheel, {}, [&](auto b) { streamed += b.size(); });
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("pkg/_m.so"), std::string::npos) << *error;
  // Over the limit: refused before anything is inflated.
  const auto limited =
      transfer::stored_repack(read_file(make_wheel(dir, true)), {.max_total_inflated = 1000},
                              [&](auto) { FAIL() << "streamed over the limit"; });
  ASSERT_TRUE(limited);
  EXPECT_NE(limited->find("limit"), std::string::npos);
  // Not a zip at all.
  EXPECT_TRUE(transfer::stored_repack(sample(1000, 9), {}, [](auto) {}));
}

TEST(StoredRepack, GainsOnADeflatedWheelAndNotOnAStoredOne) {
  // The point of the potential: brotli of a deflated archive gains almost
  // nothing, of its stored repack a lot.
  TempDir tmp;
  const fs::path dir = tmp.path();
  base::ContentCache none;
  const auto deflated = read_file(make_wheel(dir, true));
  const auto t = transfer::artifact_transfer(
      deflated, base::sha256_hex({reinterpret_cast<const char*>(deflated.data()), deflated.size()}),
      {.archive = true, .potential = true}, none);
  ASSERT_TRUE(t.brotli_potential);
  EXPECT_GT(t.brotli, deflated.size() * 95 / 100);
  EXPECT_LT(*t.brotli_potential, t.brotli);
}

TEST(ContentCache, KeepsFiguresByDigestAndName) {
  TempDir tmp;
  const fs::path dir = tmp.path();
  base::ContentCache cache(dir);
  ASSERT_TRUE(cache.enabled());
  const std::string d = base::sha256_hex("abc");
  EXPECT_EQ(d, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_FALSE(cache.get(d, "brotli-q9-w24"));
  cache.put(d, "brotli-q9-w24", 123);
  cache.put(d, "gzip-9", 456);
  cache.put(d, "brotli-q9-w24", 124);  // replaced, not appended
  base::ContentCache again(dir);
  EXPECT_EQ(again.get(d, "brotli-q9-w24"), 124u);
  EXPECT_EQ(again.get(d, "gzip-9"), 456u);
  EXPECT_FALSE(again.get(d, "brotli-q10-w24"));  // other settings: another figure
  EXPECT_FALSE(again.get(base::sha256_hex("abd"), "gzip-9"));
  // Not a digest (a path, a traversal): never a file name.
  cache.put("../../etc/passwd", "gzip-9", 1);
  EXPECT_FALSE(cache.get("../../etc/passwd", "gzip-9"));
  EXPECT_FALSE(fs::exists(dir / "etc"));
}

TEST(ContentCache, AGarbledEntryIsAMissNotAFigure) {
  TempDir tmp;
  const fs::path dir = tmp.path();
  base::ContentCache cache(dir);
  const std::string d = base::sha256_hex("x");
  cache.put(d, "gzip-9", 77);
  const fs::path entry = dir / "v1" / d.substr(0, 2) / d;
  ASSERT_TRUE(fs::exists(entry));
  write_file(entry, std::vector<uint8_t>{'g', 'z', 'i', 'p', '-', '9', ' ', '7', 'x', '\n'});
  EXPECT_FALSE(cache.get(d, "gzip-9"));
  write_file(entry, sample(5000, 5));
  EXPECT_FALSE(cache.get(d, "gzip-9"));
}

TEST(ContentCache, ConcurrentWritersLeaveWholeEntries) {
  TempDir tmp;
  const fs::path dir = tmp.path();
  std::vector<std::thread> threads;
  const std::string d = base::sha256_hex("shared");
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      base::ContentCache cache(dir);  // as separate runs would
      // A figure is a function of the content: every writer of it writes
      // the same value.
      for (int i = 0; i < 200; ++i) {
        cache.put(d, "fig" + std::to_string(t), 1000 + t);
        const auto v = cache.get(d, "fig" + std::to_string(t));
        if (v) {
          EXPECT_EQ(*v, 1000u + t);  // never a torn or foreign value
        }
      }
    });
  }
  for (auto& t : threads)
    t.join();
  base::ContentCache cache(dir);
  size_t found = 0;
  for (int t = 0; t < 8; ++t) {
    if (auto v = cache.get(d, "fig" + std::to_string(t))) {
      EXPECT_EQ(*v, 1000u + t);
      ++found;
    }
  }
  EXPECT_GE(found, 1u);  // racing writers may drop another's figure, never corrupt it
  for (const auto& e : fs::recursive_directory_iterator(dir))
    EXPECT_EQ(e.path().filename().string().rfind(".tmp-", 0), std::string::npos) << e.path();
}

TEST(ContentCache, StaysWithinItsBound) {
  TempDir tmp;
  const fs::path dir = tmp.path();
  base::ContentCache cache(dir, 50);
  for (int i = 0; i < 120; ++i)
    cache.put(base::sha256_hex(std::to_string(i)), "gzip-9", static_cast<uint64_t>(i));
  cache.prune();
  size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    files += e.is_regular_file();
  EXPECT_LE(files, 50u);
  EXPECT_GE(files, 40u);
}

TEST(ContentCache, OffOrUnwritableComputesEverything) {
  setenv("WASMSIZE_CACHE_DIR", "off", 1);
  EXPECT_FALSE(base::ContentCache::from_environment().enabled());
  unsetenv("WASMSIZE_CACHE_DIR");
  base::ContentCache nowhere("/proc/wasmsize-cache");
  EXPECT_FALSE(nowhere.enabled());
  nowhere.put(base::sha256_hex("a"), "gzip-9", 1);
  EXPECT_FALSE(nowhere.get(base::sha256_hex("a"), "gzip-9"));
}

}  // namespace
}  // namespace wasmsize::test
