// Compressed sizes as a web server would send a file: brotli and gzip,
// counted while they stream, never kept. Each counter takes its input in
// pieces, so a stored repack of a wheel (stored_repack.h) is compressed
// without being held whole.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

namespace wasmsize::transfer {

// Brotli's knobs that change a size: quality 0-11 and the window (lgwin,
// 10-24). A figure is only comparable with one made at the same settings,
// so they are part of a cache key (transfer.cpp).
struct BrotliSettings {
  int quality = 11;
  int window = 22;
};

class BrotliCounter {
 public:
  explicit BrotliCounter(BrotliSettings settings);
  ~BrotliCounter();
  BrotliCounter(const BrotliCounter&) = delete;
  BrotliCounter& operator=(const BrotliCounter&) = delete;
  void feed(std::span<const uint8_t> bytes);
  uint64_t finish();  // the compressed size; feed no more after

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// gzip -9: zlib's deflate at level 9 in a gzip wrapper (10-byte header,
// 8-byte trailer), what `gzip -9` and nginx's gzip_comp_level 9 send.
class GzipCounter {
 public:
  GzipCounter();
  ~GzipCounter();
  GzipCounter(const GzipCounter&) = delete;
  GzipCounter& operator=(const GzipCounter&) = delete;
  void feed(std::span<const uint8_t> bytes);
  uint64_t finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

uint64_t brotli_size(std::span<const uint8_t> bytes, BrotliSettings settings);
uint64_t gzip_size(std::span<const uint8_t> bytes);

}  // namespace wasmsize::transfer
