// A gzip-compressed module (`app.wasm.gz`), as sites precompress modules for
// their servers: the module inside is measured, and its compressed size is
// the gzip file's, which is what such a server sends. Inflating stops at
// --max-entry-size, so a gzip bomb is a finding, not an allocation.
#include <fmt/format.h>
#include <zlib.h>

#include <array>
#include <fstream>

#include "sources/findings.h"
#include "sources/source.h"
#include "wasm/parser.h"

namespace wasmsize::sources {

namespace {

// The whole file, then inflated as gzip up to `limit` + 1 bytes (the extra
// byte tells a stream over the limit). Empty error: success.
std::string inflate_gzip(const std::vector<uint8_t>& packed, uint64_t limit,
                         std::vector<uint8_t>& out) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return "cannot start inflating";
  zs.next_in = const_cast<Bytef*>(packed.data());
  zs.avail_in = static_cast<uInt>(packed.size());
  std::array<uint8_t, 1 << 16> chunk;
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = chunk.data();
    zs.avail_out = chunk.size();
    rc = inflate(&zs, Z_NO_FLUSH);
    out.insert(out.end(), chunk.data(), chunk.data() + (chunk.size() - zs.avail_out));
    if (out.size() > limit) break;
  }
  inflateEnd(&zs);
  if (out.size() > limit) return "over";
  if (rc != Z_STREAM_END) return zs.msg ? zs.msg : "truncated gzip stream";
  return "";
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
  const std::string error = inflate_gzip(packed, options.limits.max_entry_size, bytes);
  if (error == "over") {
    return fail(kInflateLimit,
                fmt::format("inflates past the {}-byte module limit (--max-entry-size); not read",
                            options.limits.max_entry_size));
  }
  if (!error.empty()) return fail(kCorruptEntry, "cannot inflate the gzip stream: " + error);
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
