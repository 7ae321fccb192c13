#include "transfer/transfer.h"

#include <fmt/format.h>

namespace wasmsize::transfer {

std::string figure_name(std::string_view what, BrotliSettings settings) {
  return fmt::format("{}-q{}-w{}", what, settings.quality, settings.window);
}

namespace {

constexpr std::string_view kGzip = "gzip-9";

std::string_view as_text(std::span<const uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// What a format can make of `n` input bytes, at least and at most. A cached
// figure outside them is not a figure of these bytes (a tampered or foreign
// cache) and is computed again. Brotli stores at most 16 MiB a meta-block
// in a few bytes at best, and adds 4 bytes a 16 kB block at worst
// (BrotliEncoderMaxCompressedSize); deflate cannot beat 1032:1, and gzip
// adds 18 bytes of header and trailer to 5 bytes a stored 64 kB block.
struct Bounds {
  uint64_t min = 0, max = UINT64_MAX;
};
Bounds brotli_bounds(uint64_t n) {
  return {.min = n == 0 ? 1 : 2 + n / (uint64_t{1} << 22), .max = n + 4 * (n >> 14) + 16};
}
Bounds gzip_bounds(uint64_t n) {
  return {.min = 18 + n / 1032, .max = n + 5 * (n / 16383 + 1) + 32};
}

// The cached figure, else `compute()` stored under it; with --verify-cache
// computed always and compared with what the cache held.
// `compute` may give nothing (an archive that cannot be repacked): nothing
// is stored then.
template <typename F>
std::optional<uint64_t> cached_if(base::ContentCache& cache, const std::string& digest,
                                  const std::string& figure, Bounds bounds, F&& compute) {
  std::optional<uint64_t> hit = cache.get(digest, figure);
  if (hit && (*hit < bounds.min || *hit > bounds.max)) {
    cache.note_rejected();
    hit.reset();
  }
  if (hit && !cache.verifying()) return hit;
  const std::optional<uint64_t> v = compute();
  if (!v) return v;
  if (hit) cache.note_verified(*hit != *v);
  if (!hit || *hit != *v) cache.put(digest, figure, *v);
  return v;
}

template <typename F>
uint64_t cached(base::ContentCache& cache, const std::string& digest, const std::string& figure,
                Bounds bounds, F&& compute) {
  return *cached_if(cache, digest, figure, bounds,
                    [&] { return std::optional<uint64_t>(compute()); });
}

}  // namespace

model::TransferSizes module_transfer(std::span<const uint8_t> bytes, base::ContentCache& cache) {
  const std::string digest = base::sha256_hex(as_text(bytes));
  return {
      .brotli =
          cached(cache, digest, figure_name("brotli", kPlainSettings), brotli_bounds(bytes.size()),
                 [&] { return brotli_size(bytes, kPlainSettings); }),
      .gzip = cached(cache, digest, std::string(kGzip), gzip_bounds(bytes.size()),
                     [&] { return gzip_size(bytes); }),
  };
}

RepackLimits repack_limits(uint64_t file_size, const sources::ReadLimits& read) {
  const uint64_t by_ratio =
      file_size > UINT64_MAX / kMaxRepackRatio ? UINT64_MAX : file_size * kMaxRepackRatio;
  return {.max_total_inflated =
              std::min(read.max_total_inflated, std::max<uint64_t>(by_ratio, 1 << 20))};
}

model::TransferSizes artifact_transfer(std::span<const uint8_t> file, const std::string& sha256,
                                       const ArtifactTransferOptions& options,
                                       base::ContentCache& cache, std::string* why_no_potential) {
  const BrotliSettings served = options.archive ? kArchiveSettings : kPlainSettings;
  model::TransferSizes t{
      .brotli = cached(cache, sha256, figure_name("brotli", served), brotli_bounds(file.size()),
                       [&] { return brotli_size(file, served); }),
      .gzip = cached(cache, sha256, std::string(kGzip), gzip_bounds(file.size()),
                     [&] { return gzip_size(file); }),
  };
  if (options.archive && options.potential) {
    // The repack holds every entry inflated: up to 1032 times the file (the
    // deflate limit), with its headers.
    const Bounds bounds{.min = 1, .max = brotli_bounds(file.size() * 1032 + (1u << 20)).max};
    t.brotli_potential =
        cached_if(cache, sha256, figure_name("stored-brotli", kPlainSettings), bounds,
                  [&]() -> std::optional<uint64_t> {
                    BrotliCounter counter(kPlainSettings);
                    const auto error = stored_repack(
                        file, options.limits, [&](std::span<const uint8_t> b) { counter.feed(b); });
                    if (error) {
                      if (why_no_potential) *why_no_potential = *error;
                      return std::nullopt;
                    }
                    return counter.finish();
                  });
  }
  return t;
}

}  // namespace wasmsize::transfer
