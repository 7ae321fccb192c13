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

// The cached figure, else `compute()` stored under it.
template <typename F>
uint64_t cached(base::ContentCache& cache, const std::string& digest, const std::string& figure,
                F&& compute) {
  if (auto v = cache.get(digest, figure)) return *v;
  const uint64_t v = compute();
  cache.put(digest, figure, v);
  return v;
}

}  // namespace

model::TransferSizes module_transfer(std::span<const uint8_t> bytes, base::ContentCache& cache) {
  const std::string digest = base::sha256_hex(as_text(bytes));
  return {
      .brotli = cached(cache, digest, figure_name("brotli", kPlainSettings),
                       [&] { return brotli_size(bytes, kPlainSettings); }),
      .gzip = cached(cache, digest, std::string(kGzip), [&] { return gzip_size(bytes); }),
  };
}

model::TransferSizes artifact_transfer(std::span<const uint8_t> file, const std::string& sha256,
                                       const ArtifactTransferOptions& options,
                                       base::ContentCache& cache) {
  const BrotliSettings served = options.archive ? kArchiveSettings : kPlainSettings;
  model::TransferSizes t{
      .brotli = cached(cache, sha256, figure_name("brotli", served),
                       [&] { return brotli_size(file, served); }),
      .gzip = cached(cache, sha256, std::string(kGzip), [&] { return gzip_size(file); }),
  };
  if (options.archive && options.potential) {
    const std::string figure = figure_name("stored-brotli", kPlainSettings);
    if (auto v = cache.get(sha256, figure)) {
      t.brotli_potential = *v;
    } else {
      BrotliCounter counter(kPlainSettings);
      const auto error =
          stored_repack(file, options.limits, [&](std::span<const uint8_t> b) { counter.feed(b); });
      if (!error) {
        t.brotli_potential = counter.finish();
        cache.put(sha256, figure, *t.brotli_potential);
      }
    }
  }
  return t;
}

}  // namespace wasmsize::transfer
