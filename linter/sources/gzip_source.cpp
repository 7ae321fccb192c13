// A gzip-compressed module (`app.wasm.gz`), as sites precompress modules for
// their servers: the module inside is measured, and its compressed size is
// the gzip file's, which is what such a server sends. Every member is
// inflated (concatenated gzip files are one stream to a browser) and bytes
// after them are named. Inflating stops at --max-entry-size and at the
// compression ratio limit, so a gzip bomb is a finding, not an allocation.
#include <fmt/format.h>
#include <zlib.h>

#include <array>
#include <fstream>

#include "sources/findings.h"
#include "sources/source.h"
#include "wasm/parser.h"

namespace wasmsize::sources {

namespace {

// What inflating a gzip file gave: its bytes, how many members it held and
// the bytes after the last that are not a member (RFC 1952 allows several
// members, concatenated; anything else after them is garbage).
struct Inflated {
  std::string error;  // empty: success; "over": past `limit`; "ratio": past the ratio
  size_t members = 0;
  size_t trailing = 0;
};

// Inflates every member of `packed` up to `limit` bytes, and, past 1 MiB,
// up to `max_ratio` times the file (a zip entry's rule too): a 1 MB file
// that inflates to 1 GiB is a bomb, refused before it is held.
Inflated inflate_gzip(const std::vector<uint8_t>& packed, uint64_t limit, uint64_t max_ratio,
                      std::vector<uint8_t>& out) {
  Inflated r;
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return {.error = "cannot start inflating"};
  zs.next_in = const_cast<Bytef*>(packed.data());
  zs.avail_in = static_cast<uInt>(packed.size());
  const uint64_t by_ratio = packed.size() * max_ratio;
  std::array<uint8_t, 1 << 16> chunk;
  for (;;) {
    int rc = Z_OK;
    while (rc == Z_OK) {
      zs.next_out = chunk.data();
      zs.avail_out = chunk.size();
      rc = inflate(&zs, Z_NO_FLUSH);
      out.insert(out.end(), chunk.data(), chunk.data() + (chunk.size() - zs.avail_out));
      if (out.size() > limit) r.error = "over";
      if (out.size() > (uint64_t{1} << 20) && out.size() > by_ratio) r.error = "ratio";
      if (!r.error.empty()) break;
      if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;  // cut off
    }
    if (!r.error.empty()) break;
    if (rc != Z_STREAM_END) {
      r.error = zs.msg ? zs.msg : "truncated gzip stream";
      break;
    }
    ++r.members;
    // Another member starts with the gzip magic; anything else is trailing.
    if (zs.avail_in == 0) break;
    if (zs.avail_in < 2 || zs.next_in[0] != 0x1F || zs.next_in[1] != 0x8B) {
      r.trailing = zs.avail_in;
      break;
    }
    inflateReset(&zs);
  }
  inflateEnd(&zs);
  return r;
}

void read_gzip(const InputFile& input, const ReadOptions& options, model::ArtifactReport& artifact,
               std::vector<model::Finding>& findings, const ModuleSink& sink) {
  artifact.kind = "gzip";
  std::string rel = input.member_path();
  if (rel.ends_with(".gz")) rel.resize(rel.size() - 3);
  auto fail = [&](const base::FindingKind& kind, std::string message) {
    findings.push_back(base::finding(kind, {artifact.path, rel}, std::move(message)));
  };
  // zlib's avail_in is 32 bits; a larger gzip file is over any sane module.
  if (artifact.size > options.limits.max_entry_size || artifact.size > UINT32_MAX) {
    return fail(kInflateLimit, fmt::format("file is {} bytes, over the {}-byte module limit "
                                           "(--max-entry-size); not read",
                                           artifact.size, options.limits.max_entry_size));
  }
  std::vector<uint8_t> packed(artifact.size);
  std::ifstream in(input.path, std::ios::binary);
  if (!in.read(reinterpret_cast<char*>(packed.data()), static_cast<std::streamsize>(packed.size())))
    return fail(kUnreadable, "cannot read the file");
  std::vector<uint8_t> bytes;
  const Inflated inflated =
      inflate_gzip(packed, options.limits.max_entry_size, options.limits.max_ratio, bytes);
  if (inflated.error == "over") {
    return fail(kInflateLimit,
                fmt::format("inflates past the {}-byte module limit (--max-entry-size); not read",
                            options.limits.max_entry_size));
  }
  if (inflated.error == "ratio") {
    return fail(kInflateLimit,
                fmt::format("inflates past {} times its {} bytes (--max-compression-ratio): a "
                            "compression bomb, not read",
                            options.limits.max_ratio, packed.size()));
  }
  if (!inflated.error.empty()) {
    return fail(kCorruptEntry, "cannot inflate the gzip stream: " + inflated.error);
  }
  if (inflated.trailing > 0) {
    fail(kTrailingData,
         fmt::format("{} byte{} after the end of the gzip stream, not another member: not measured",
                     inflated.trailing, inflated.trailing == 1 ? "" : "s"));
  }
  artifact.uncompressed_size = bytes.size();
  artifact.entries_stored_size = artifact.size;
  if (!wasm::has_wasm_magic(bytes)) {
    artifact.files.push_back({rel, artifact.size, bytes.size()});
    return fail(kNotWasm,
                "not a WebAssembly module inside the gzip stream; counted as a file, not parsed");
  }
  const uint64_t size = bytes.size();
  const std::string digest = options.hash_entries ? record_digest(bytes) : "";
  sink({rel, artifact.size, size, digest}, std::move(bytes));
}

bool sniff_gzip(std::span<const uint8_t> head, std::string_view) {
  return head.size() >= 3 && head[0] == 0x1F && head[1] == 0x8B && head[2] == 8;
}

constexpr std::string_view kGzipSuffixes[] = {".wasm.gz"};

}  // namespace

extern const Source kGzipSource{
    .name = "gzip", .sniff = sniff_gzip, .folder_suffixes = kGzipSuffixes, .read = read_gzip};

}  // namespace wasmsize::sources
