// A gzip-compressed module as an input: sniffed by content, measured inside,
// and bounded by --max-entry-size like any entry.
#include <gtest/gtest.h>
#include <zlib.h>

#include <nlohmann/json.hpp>

#include "support/paths.h"
#include "support/run.h"
#include "support/wasm_builder.h"

namespace wasmsize::sources {
namespace {

using test::Buf;
using test::quote;
using test::run_wasmsize;

Buf gzip(const Buf& in) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  Buf out(deflateBound(&zs, in.size()) + 32);
  zs.next_in = const_cast<Bytef*>(in.data());
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = out.data();
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

TEST(GzipSource, MeasuresTheModuleInsideWhateverItsName) {
  test::TempDir tmp;
  const Buf module = test::padded_module(5000);
  const Buf packed = gzip(module);
  // Content decides: the same bytes under a name that says nothing.
  for (const char* name : {"app.wasm.gz", "app.bin"}) {
    const auto path = tmp.path() / name;
    test::write_file(path, packed);
    const auto r = run_wasmsize("report --format json " + quote(path.string()));
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    const auto& a = j["artifacts"][0];
    EXPECT_EQ(a["kind"], "gzip");
    ASSERT_EQ(a["modules"].size(), 1u);
    EXPECT_EQ(a["modules"][0]["size"], module.size());
    EXPECT_EQ(a["modules"][0]["compressed_size"], packed.size());
    EXPECT_EQ(a["size"], packed.size());
  }
  // A folder walk finds it by its suffix (app.bin is not picked up).
  const auto r = run_wasmsize("report --format json " + quote(tmp.path().string()));
  EXPECT_EQ(nlohmann::json::parse(r.out)["totals"]["module_count"], 1);
}

TEST(GzipSource, BrokenAndOversizeStreamsAreFindings) {
  test::TempDir tmp;
  const Buf packed = gzip(test::padded_module(100000));
  const auto cut = tmp.path() / "cut.wasm.gz";
  test::write_file(cut, Buf(packed.begin(), packed.begin() + packed.size() / 2));
  const auto r = run_wasmsize("report " + quote(cut.string()));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("input.corrupt-entry"), std::string::npos) << r.out;
  const auto bomb = tmp.path() / "bomb.wasm.gz";
  test::write_file(bomb, packed);
  const auto b = run_wasmsize("report --max-entry-size 50kB " + quote(bomb.string()));
  EXPECT_EQ(b.status, 1);
  EXPECT_NE(b.out.find("input.inflate-limit"), std::string::npos) << b.out;
  EXPECT_NE(b.out.find("--max-entry-size"), std::string::npos);
}

}  // namespace
}  // namespace wasmsize::sources
