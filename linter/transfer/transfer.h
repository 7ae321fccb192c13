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
#include "sources/source.h"
#include "transfer/compress.h"
#include "transfer/stored_repack.h"

namespace wasmsize::transfer {

// Bytes brotli can still find redundancy in (a module, a stored repack):
// quality 11 itself, brotli's default window. Quality 10 was measured at
// up to 5.6 % over it on Rust modules (tiktoken), past the 3 % goal, for
// a third less time; the cache makes the cost a one-time one.
inline constexpr BrotliSettings kPlainSettings{.quality = 11, .window = 22};
// Bytes that are mostly deflate streams already (a wheel as it is):
// brotli gains about 1 % whatever its effort. Quality 10 with the largest
// window is within 1 % of quality 11 at about a third of its time; quality
// 9 was measured up to 1.28 % off (pyxel, coolprop, lxml).
inline constexpr BrotliSettings kArchiveSettings{.quality = 10, .window = 24};

// The figures of a module's bytes: brotli and gzip of them.
model::TransferSizes module_transfer(std::span<const uint8_t> bytes, base::ContentCache& cache);

struct ArtifactTransferOptions {
  bool archive = true;     // a zip or wheel (else a loose module: module_transfer)
  bool potential = false;  // also the stored repack's brotli
  RepackLimits limits;
};
// The figures of an artifact file; `sha256` is its hex digest (the cache key).
// Where the potential was asked for and could not be made, `why_no_potential`
// (if given) says why.
model::TransferSizes artifact_transfer(std::span<const uint8_t> file, const std::string& sha256,
                                       const ArtifactTransferOptions& options,
                                       base::ContentCache& cache,
                                       std::string* why_no_potential = nullptr);

// The stored repack's bound for an archive of `file_size` bytes: what the
// reader allows an archive to inflate to, and at most kMaxRepackRatio times
// the file. Brotli at quality 11 costs about a second a megabyte, so the
// potential's cost is at most that many seconds a megabyte of wheel; real
// wheels inflate 2 to 5 times, and an archive of zeros that inflates 1000
// times (each entry under the per-entry ratio check) is a bomb, not a wheel.
inline constexpr uint64_t kMaxRepackRatio = 20;
RepackLimits repack_limits(uint64_t file_size, const sources::ReadLimits& read);

// The cache's name for a figure made at `settings`.
std::string figure_name(std::string_view what, BrotliSettings settings);

}  // namespace wasmsize::transfer
