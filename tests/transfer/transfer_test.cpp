// The transfer layer: compressed-size counters against the libraries'
// one-shot results, the stored repack read back by two zip readers, the
// content cache's keys, sharing and bound.
#include <brotli/decode.h>
#include <brotli/encode.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <random>
#include <thread>

#include "base/cache.h"
#include "sources/zip_directory.h"
#include "support/paths.h"
#include "support/run.h"
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
  EXPECT_FALSE(fs::exists(dir / "v2" / d.substr(0, 2)));  // a miss makes no folder
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
  const fs::path entry = dir / "v2" / d.substr(0, 2) / d;
  ASSERT_TRUE(fs::exists(entry));
  const std::string header = "wasmsize-cache " WASMSIZE_VERSION "\n";
  const std::string garbled = header + "gzip-9 7x\n";
  write_file(entry, std::vector<uint8_t>(garbled.begin(), garbled.end()));
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

// The folder may come from a shared store: the cache must not be a way to
// read, copy or delete what is not its own (issue 23).
TEST(ContentCache, RefusesALinkedOrForeignFolder) {
  TempDir tmp;
  fs::create_directories(tmp.path() / "real");
  fs::create_symlink(tmp.path() / "real", tmp.path() / "link");
  base::ContentCache linked(tmp.path() / "link");
  EXPECT_FALSE(linked.enabled());
  EXPECT_NE(linked.problem().find("symbolic link"), std::string::npos) << linked.problem();
  // The layout folder linked elsewhere: refused too.
  fs::create_directories(tmp.path() / "root");
  fs::create_symlink(tmp.path() / "real", tmp.path() / "root" / "v2");
  base::ContentCache layout(tmp.path() / "root");
  EXPECT_FALSE(layout.enabled());
  EXPECT_TRUE(fs::is_empty(tmp.path() / "real"));
  // Another user's folder (a shared /tmp path someone made first).
  fs::create_directories(tmp.path() / "theirs");
  if (geteuid() == 0 && chown((tmp.path() / "theirs").c_str(), 12345, 12345) == 0) {
    base::ContentCache theirs(tmp.path() / "theirs");
    EXPECT_FALSE(theirs.enabled());
    EXPECT_NE(theirs.problem().find("another user"), std::string::npos) << theirs.problem();
  }
}

TEST(ContentCache, IsPrivateAndWritesOnlyItsOwnFiles) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "c";
  fs::create_directories(dir);
  fs::permissions(dir, fs::perms::all);  // 0777: made private
  base::ContentCache cache(dir);
  ASSERT_TRUE(cache.enabled()) << cache.problem();
  const std::string d = base::sha256_hex("p");
  cache.put(d, "gzip-9", 99);
  EXPECT_EQ(fs::status(dir).permissions() & fs::perms::all, fs::perms::owner_all);
  EXPECT_EQ(fs::status(dir / "v2" / d.substr(0, 2)).permissions() & fs::perms::all,
            fs::perms::owner_all);
  EXPECT_EQ(fs::status(dir / "v2" / d.substr(0, 2) / d).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
}

TEST(ContentCache, PlantedLinksFifosAndOtherVersionsAreMisses) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "c";
  base::ContentCache cache(dir);
  ASSERT_TRUE(cache.enabled());
  const std::string header = "wasmsize-cache " WASMSIZE_VERSION "\n";
  // A secret the link points at, spelled like an entry.
  const std::string secret = header + "gzip-9 4242\n";
  write_file(tmp.path() / "secret", std::vector<uint8_t>(secret.begin(), secret.end()));
  const std::string a = base::sha256_hex("a"), b = base::sha256_hex("b"), c = base::sha256_hex("c");
  for (const auto& d : {a, b, c})
    fs::create_directories(dir / "v2" / d.substr(0, 2));
  fs::create_symlink(tmp.path() / "secret", dir / "v2" / a.substr(0, 2) / a);
  EXPECT_FALSE(cache.get(a, "gzip-9"));  // not read through the link
  cache.put(a, "brotli-q11-w22", 5);     // replaces the link, never writes through it
  EXPECT_FALSE(fs::is_symlink(dir / "v2" / a.substr(0, 2) / a));
  EXPECT_EQ(cache.get(a, "gzip-9"), std::nullopt);  // the secret was not copied in
  EXPECT_EQ(slurp(tmp.path() / "secret"), secret);
  ASSERT_EQ(mkfifo((dir / "v2" / b.substr(0, 2) / b).c_str(), 0600), 0);
  EXPECT_FALSE(cache.get(b, "gzip-9"));  // returns at once: a FIFO is never opened to read
  const std::string old = "wasmsize-cache 0.0.1\ngzip-9 7\n";
  write_file(dir / "v2" / c.substr(0, 2) / c, std::vector<uint8_t>(old.begin(), old.end()));
  EXPECT_FALSE(cache.get(c, "gzip-9"));  // another version's figure
}

TEST(ContentCache, PrunesOnlyItsOwnNamesAndFollowsNoLink) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "c";
  const fs::path user = tmp.path() / "user";
  fs::create_directories(user);
  for (int i = 0; i < 30; ++i)
    write_file(user / base::sha256_hex(std::to_string(i)), {1});
  {
    base::ContentCache cache(dir, 10);
    ASSERT_TRUE(cache.enabled());
    // Foreign files in the cache's own folders, and a shard that links out.
    write_file(dir / "v2" / "notes.txt", {1});
    fs::create_symlink(user, dir / "v2" / "ff");
    for (int i = 0; i < 40; ++i)
      cache.put(base::sha256_hex("k" + std::to_string(i)), "gzip-9", 100);
    cache.prune();
  }
  size_t left = 0;
  for (const auto& e : fs::directory_iterator(user))
    left += e.is_regular_file();
  EXPECT_EQ(left, 30u);
  EXPECT_TRUE(fs::exists(dir / "v2" / "notes.txt"));
  size_t entries = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir / "v2"))
    entries +=
        e.is_regular_file() && !fs::is_symlink(e.path()) && e.path().filename() != "notes.txt";
  EXPECT_LE(entries, 10u);
}

TEST(ContentCache, ImpossibleFiguresAreComputedAgainAndVerifyCompares) {
  TempDir tmp;
  base::ContentCache cache(tmp.path() / "c");
  const auto bytes = sample(200000, 3);
  const std::string d =
      base::sha256_hex({reinterpret_cast<const char*>(bytes.data()), bytes.size()});
  const auto honest = transfer::module_transfer(bytes, cache);
  // Planted: a 1-byte brotli size and a gzip size past any input's.
  cache.put(d, transfer::figure_name("brotli", transfer::kPlainSettings), 1);
  cache.put(d, "gzip-9", uint64_t{1} << 63);
  const auto again = transfer::module_transfer(bytes, cache);
  EXPECT_EQ(again.brotli, honest.brotli);
  EXPECT_EQ(again.gzip, honest.gzip);
  EXPECT_EQ(cache.rejected(), 2u);
  // Plausible but wrong: only --verify-cache can tell.
  cache.put(d, "gzip-9", honest.gzip + 1);
  cache.set_verify(true);
  const auto verified = transfer::module_transfer(bytes, cache);
  EXPECT_EQ(verified.gzip, honest.gzip);
  EXPECT_EQ(cache.differed(), 1u);
  EXPECT_EQ(cache.get(d, "gzip-9"), honest.gzip);
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
