#include "transfer/compress.h"

#include <brotli/encode.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <new>

namespace wasmsize::transfer {

namespace {
constexpr size_t kPiece = size_t{1} << 20;  // zlib counts input in 32 bits
}

struct BrotliCounter::State {
  BrotliEncoderState* encoder = nullptr;
  uint64_t total = 0;
  void run(BrotliEncoderOperation op, std::span<const uint8_t> in) {
    size_t avail_in = in.size();
    const uint8_t* next_in = in.data();
    for (;;) {
      size_t avail_out = 0;
      if (!BrotliEncoderCompressStream(encoder, op, &avail_in, &next_in, &avail_out, nullptr,
                                       nullptr)) {
        throw std::bad_alloc();  // the only way a valid encoder fails
      }
      size_t size = 0;
      BrotliEncoderTakeOutput(encoder, &size);  // counted, not kept
      total += size;
      const bool done =
          op == BROTLI_OPERATION_FINISH ? BrotliEncoderIsFinished(encoder) : avail_in == 0;
      if (done && !BrotliEncoderHasMoreOutput(encoder)) return;
    }
  }
};

BrotliCounter::BrotliCounter(BrotliSettings settings) : state_(std::make_unique<State>()) {
  state_->encoder = BrotliEncoderCreateInstance(nullptr, nullptr, nullptr);
  if (!state_->encoder) throw std::bad_alloc();
  BrotliEncoderSetParameter(state_->encoder, BROTLI_PARAM_QUALITY,
                            static_cast<uint32_t>(std::clamp(settings.quality, 0, 11)));
  BrotliEncoderSetParameter(state_->encoder, BROTLI_PARAM_LGWIN,
                            static_cast<uint32_t>(std::clamp(settings.window, 10, 24)));
}

BrotliCounter::~BrotliCounter() {
  BrotliEncoderDestroyInstance(state_->encoder);
}

void BrotliCounter::feed(std::span<const uint8_t> bytes) {
  state_->run(BROTLI_OPERATION_PROCESS, bytes);
}

uint64_t BrotliCounter::finish() {
  state_->run(BROTLI_OPERATION_FINISH, {});
  return state_->total;
}

struct GzipCounter::State {
  z_stream zs{};
  uint64_t total = 0;
  void run(std::span<const uint8_t> in, int flush) {
    std::array<uint8_t, 1 << 16> out;
    do {
      const size_t piece = std::min(in.size(), kPiece);
      zs.next_in = const_cast<Bytef*>(in.data());
      zs.avail_in = static_cast<uInt>(piece);
      const int mode = piece == in.size() ? flush : Z_NO_FLUSH;
      int rc = Z_OK;
      do {
        zs.next_out = out.data();
        zs.avail_out = out.size();
        rc = deflate(&zs, mode);
        total += out.size() - zs.avail_out;
      } while (zs.avail_out == 0 || (mode == Z_FINISH && rc == Z_OK));
      in = in.subspan(piece);
    } while (!in.empty());
  }
};

GzipCounter::GzipCounter() : state_(std::make_unique<State>()) {
  // windowBits 15 + 16: a gzip header and trailer around the deflate stream.
  if (deflateInit2(&state_->zs, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::bad_alloc();
  }
}

GzipCounter::~GzipCounter() {
  deflateEnd(&state_->zs);
}

void GzipCounter::feed(std::span<const uint8_t> bytes) {
  if (!bytes.empty()) state_->run(bytes, Z_NO_FLUSH);
}

uint64_t GzipCounter::finish() {
  state_->run({}, Z_FINISH);
  return state_->total;
}

uint64_t brotli_size(std::span<const uint8_t> bytes, BrotliSettings settings) {
  BrotliCounter c(settings);
  c.feed(bytes);
  return c.finish();
}

uint64_t gzip_size(std::span<const uint8_t> bytes) {
  GzipCounter c;
  c.feed(bytes);
  return c.finish();
}

}  // namespace wasmsize::transfer
