#include "transfer/stored_repack.h"

#include <fmt/format.h>
#include <libdeflate.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "sources/zip_directory.h"

namespace wasmsize::transfer {

namespace {

constexpr uint32_t kLocalHeader = 0x04034b50, kCentralHeader = 0x02014b50, kEnd = 0x06054b50;
constexpr uint64_t kNoZip64 = 0xFFFFFFFF;

// Buffers the small header fields so that the sink (a brotli encoder) is
// called with large pieces, as it would be fed from a file.
class Writer {
 public:
  explicit Writer(const ByteSink& sink) : sink_(sink) { buffer_.reserve(kBuffer); }
  ~Writer() = default;
  void flush() {
    if (!buffer_.empty()) sink_(buffer_);
    buffer_.clear();
  }
  void u16(uint16_t v) { put({uint8_t(v), uint8_t(v >> 8)}); }
  void u32(uint32_t v) { put({uint8_t(v), uint8_t(v >> 8), uint8_t(v >> 16), uint8_t(v >> 24)}); }
  void bytes(std::span<const uint8_t> b) {
    written_ += b.size();
    while (!b.empty()) {
      const size_t n = std::min(b.size(), kBuffer - buffer_.size());
      buffer_.insert(buffer_.end(), b.begin(), b.begin() + static_cast<ptrdiff_t>(n));
      b = b.subspan(n);
      if (buffer_.size() == kBuffer) flush();
    }
  }
  void text(const std::string& s) { bytes({reinterpret_cast<const uint8_t*>(s.data()), s.size()}); }
  uint64_t written() const { return written_; }

 private:
  void put(std::initializer_list<uint8_t> b) { bytes({b.begin(), b.size()}); }
  static constexpr size_t kBuffer = size_t{1} << 20;
  const ByteSink& sink_;
  std::vector<uint8_t> buffer_;
  uint64_t written_ = 0;
};

// The fields a local and a central header share, from "version needed" to
// the extra field's length: stored, no dates, no extra field.
void common_fields(Writer& w, const sources::ZipDirectoryEntry& e) {
  w.u16(10);  // version needed: stored
  w.u16(0);   // flags
  w.u16(0);   // method: stored
  w.u32(0);   // time and date
  w.u32(e.crc);
  w.u32(static_cast<uint32_t>(e.size));
  w.u32(static_cast<uint32_t>(e.size));
  w.u16(static_cast<uint16_t>(e.name.size()));
  w.u16(0);
}

struct Inflater {
  Inflater() : d(libdeflate_alloc_decompressor()) {
    if (!d) throw std::bad_alloc();
  }
  ~Inflater() { libdeflate_free_decompressor(d); }
  libdeflate_decompressor* d;
};

}  // namespace

std::optional<std::string> stored_repack(std::span<const uint8_t> archive,
                                         const RepackLimits& limits, const ByteSink& sink) {
  const sources::ZipDirectory dir = sources::read_zip_directory(archive);
  if (dir.error)
    return fmt::format("zip directory at byte {}: {}", dir.error->offset, dir.error->message);
  if (dir.entries.size() >= 0xFFFF)
    return std::string("more entries than a zip without zip64 holds");
  uint64_t total = 0;
  for (const auto& e : dir.entries) {
    total += e.size;
    if (e.size >= kNoZip64 || e.name.size() > 0xFFFF || !e.local_header_ok) {
      return fmt::format("entry '{}' cannot be repacked", e.name);
    }
    if (e.method != 0 && e.method != 8)
      return fmt::format("entry '{}' uses method {}", e.name, e.method);
    if (e.data_offset > archive.size() || e.stored_size > archive.size() - e.data_offset) {
      return fmt::format("entry '{}' runs past the end of the file", e.name);
    }
  }
  if (total > limits.max_total_inflated) {
    return fmt::format(
        "its entries inflate to {} bytes, over the {}-byte limit of a repack (20 times the file "
        "at most, and --max-inflated-size): a compression bomb, or not a wheel",
        total, limits.max_total_inflated);
  }

  Writer w(sink);
  Inflater inflater;
  std::vector<uint32_t> offsets;
  std::vector<uint8_t> plain;
  for (const auto& e : dir.entries) {
    const auto stored = archive.subspan(e.data_offset, e.stored_size);
    std::span<const uint8_t> data = stored;
    if (e.method == 8) {
      plain.resize(e.size);
      size_t out = 0;
      if (libdeflate_deflate_decompress(inflater.d, stored.data(), stored.size(), plain.data(),
                                        plain.size(), &out) != LIBDEFLATE_SUCCESS ||
          out != e.size) {
        return fmt::format("entry '{}' does not inflate to its size", e.name);
      }
      data = plain;
    } else if (e.stored_size != e.size) {
      return fmt::format("stored entry '{}' has two sizes", e.name);
    }
    if (w.written() >= kNoZip64) return std::string("the repack would need zip64");
    offsets.push_back(static_cast<uint32_t>(w.written()));
    w.u32(kLocalHeader);
    common_fields(w, e);
    w.text(e.name);
    w.bytes(data);
  }
  const uint64_t directory = w.written();
  if (directory >= kNoZip64) return std::string("the repack would need zip64");
  for (size_t i = 0; i < dir.entries.size(); ++i) {
    const auto& e = dir.entries[i];
    w.u32(kCentralHeader);
    w.u16(20);  // made by
    common_fields(w, e);
    w.u16(0);  // comment length
    w.u16(0);  // disk
    w.u16(0);  // internal attributes
    w.u32(0);  // external attributes
    w.u32(offsets[i]);
    w.text(e.name);
  }
  const uint64_t directory_size = w.written() - directory;
  w.u32(kEnd);
  w.u16(0);
  w.u16(0);
  w.u16(static_cast<uint16_t>(dir.entries.size()));
  w.u16(static_cast<uint16_t>(dir.entries.size()));
  w.u32(static_cast<uint32_t>(directory_size));
  w.u32(static_cast<uint32_t>(directory));
  w.u16(0);
  w.flush();
  return std::nullopt;
}

}  // namespace wasmsize::transfer
