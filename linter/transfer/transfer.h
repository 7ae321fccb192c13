// Transfer sizes: what a browser downloads for a module or an artifact
// when the server compresses it (model::TransferSizes). Brotli at quality
// 11 costs seconds a megabyte, so each figure is made at the settings
// measured to be close enough to quality 11 (docs/transfer.md,
// bench/transfer_quality.py), only when a command or rule reads it, and
// kept in a content-addressed cache (base/cache.h): a rerun over unchanged
// files only hashes them.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "base/cache.h"
#include "model/model.h"
#include "transfer/compress.h"
#include "transfer/stored_repack.h"

namespace wasmsize::transfer {

// Bytes brotli can still find redundancy in (a module, a stored repack):
// quality 10 with the largest window, measured within 3 % of quality 11 at
// about half its time.
inline constexpr BrotliSettings kPlainSettings{.quality = 10, .window = 24};
// Bytes that are mostly deflate streams already (a wheel as it is): brotli
// gains about 1 % whatever its effort; quality 9 is within 1 % of 11 at a
// twentieth of its time.
inline constexpr BrotliSettings kArchiveSettings{.quality = 9, .window = 24};

// The figures of a module's bytes: brotli and gzip of them.
model::TransferSizes module_transfer(std::span<const uint8_t> bytes, base::ContentCache& cache);

struct ArtifactTransferOptions {
  bool archive = true;     // a zip or wheel (else a loose module: module_transfer)
  bool potential = false;  // also the stored repack's brotli
  RepackLimits limits;
};
// The figures of an artifact file; `sha256` is its hex digest (the cache key).
model::TransferSizes artifact_transfer(std::span<const uint8_t> file, const std::string& sha256,
                                       const ArtifactTransferOptions& options,
                                       base::ContentCache& cache);

// The cache's name for a figure made at `settings`.
std::string figure_name(std::string_view what, BrotliSettings settings);

}  // namespace wasmsize::transfer
