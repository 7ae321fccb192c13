#include "sources/zip_directory.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <numeric>

namespace wasmsize::sources {

namespace {

// APPNOTE.TXT 4.3: record signatures and fixed sizes.
constexpr uint32_t kLocalSig = 0x04034b50, kCentralSig = 0x02014b50, kEndSig = 0x06054b50,
                   kEnd64Sig = 0x06064b50, kLocator64Sig = 0x07064b50;
constexpr uint64_t kLocalSize = 30, kCentralSize = 46, kEndSize = 22, kEnd64Size = 56,
                   kLocator64Size = 20;
constexpr uint64_t kMaxComment = 0xffff;
constexpr uint16_t kZip64Extra = 0x0001;

uint16_t u16(std::span<const uint8_t> b, size_t at) {
  return static_cast<uint16_t>(b[at] | b[at + 1] << 8);
}
uint32_t u32(std::span<const uint8_t> b, size_t at) {
  return static_cast<uint32_t>(u16(b, at)) | static_cast<uint32_t>(u16(b, at + 2)) << 16;
}
uint64_t u64(std::span<const uint8_t> b, size_t at) {
  return static_cast<uint64_t>(u32(b, at)) | static_cast<uint64_t>(u32(b, at + 4)) << 32;
}

struct Fail {
  uint64_t offset;
  std::string message;
};

// Where the central directory lies and how many records it holds.
struct End {
  uint64_t at = 0;  // the end record's offset
  uint64_t entries = 0, cd_size = 0, cd_offset = 0;
};

class Walker {
 public:
  Walker(uint64_t size, const ReadAt& read_at) : size_(size), read_at_(read_at) {}
  ZipDirectory walk();

 private:
  std::vector<uint8_t> read(uint64_t offset, uint64_t n, std::string_view what);
  End find_end(bool& ambiguous);
  void read_zip64_end(End& end);
  ZipDirectoryEntry central_record(std::span<const uint8_t> cd, size_t& at, uint64_t base);
  void zip64_fields(std::span<const uint8_t> extra, ZipDirectoryEntry& e, bool need_size,
                    bool need_stored, bool need_offset, uint64_t where);
  void local_header(ZipDirectoryEntry& e, std::span<const uint8_t> raw_name);

  uint64_t size_;
  const ReadAt& read_at_;
};

std::vector<uint8_t> Walker::read(uint64_t offset, uint64_t n, std::string_view what) {
  if (offset > size_ || n > size_ - offset) {
    throw Fail{offset,
               fmt::format("{} ({} bytes) lies past the end of the {}-byte file", what, n, size_)};
  }
  std::vector<uint8_t> out(n);
  if (!read_at_(offset, out)) throw Fail{offset, fmt::format("cannot read {}", what)};
  return out;
}

// The last end record in the file's tail whose comment fits the file and
// whose directory lies before it, as most readers take it.
End Walker::find_end(bool& ambiguous) {
  if (size_ < kEndSize) throw Fail{0, "no end of central directory record: the file is too short"};
  const uint64_t tail_size = std::min(size_, kEndSize + kMaxComment);
  const uint64_t tail_at = size_ - tail_size;
  const std::vector<uint8_t> tail = read(tail_at, tail_size, "the file's tail");
  std::optional<End> found;
  for (uint64_t p = tail_size - kEndSize + 1; p-- > 0;) {
    if (u32(tail, p) != kEndSig) continue;
    const uint64_t comment = u16(tail, p + 20);
    if (p + kEndSize + comment > tail_size) continue;
    End e{.at = tail_at + p,
          .entries = u16(tail, p + 10),
          .cd_size = u32(tail, p + 12),
          .cd_offset = u32(tail, p + 16)};
    if (found) {
      ambiguous = true;
      break;
    }
    found = e;
  }
  if (!found) throw Fail{tail_at, "no end of central directory record in the file's last 64 KiB"};
  return *found;
}

// A zip64 locator right before the end record points at the zip64 end
// record, whose counts replace the 32-bit ones that are at their maximum.
void Walker::read_zip64_end(End& end) {
  if (end.at < kLocator64Size) return;
  const auto loc = read(end.at - kLocator64Size, kLocator64Size, "the zip64 locator");
  if (u32(loc, 0) != kLocator64Sig) return;
  const uint64_t at = u64(loc, 8);
  if (at > end.at - kLocator64Size || end.at - kLocator64Size - at < kEnd64Size) {
    throw Fail{end.at - kLocator64Size, "the zip64 locator points past itself"};
  }
  const auto rec = read(at, kEnd64Size, "the zip64 end of central directory record");
  if (u32(rec, 0) != kEnd64Sig) throw Fail{at, "no zip64 end of central directory record here"};
  auto take = [&](uint64_t& field, uint64_t wide, uint64_t marker, std::string_view what) {
    if (field == marker) {
      field = wide;
    } else if (field != wide) {
      throw Fail{at, fmt::format("the zip64 and 32-bit end records disagree on the {}", what)};
    }
  };
  take(end.entries, u64(rec, 32), 0xffff, "entry count");
  take(end.cd_size, u64(rec, 40), 0xffffffff, "directory size");
  take(end.cd_offset, u64(rec, 48), 0xffffffff, "directory offset");
}

// The zip64 extended information extra field: the 64-bit values of the
// fields at their 32-bit maximum, in this order.
void Walker::zip64_fields(std::span<const uint8_t> extra, ZipDirectoryEntry& e, bool need_size,
                          bool need_stored, bool need_offset, uint64_t where) {
  for (size_t at = 0; at + 4 <= extra.size();) {
    const uint16_t id = u16(extra, at), len = u16(extra, at + 2);
    if (at + 4 + len > extra.size()) break;
    if (id == kZip64Extra) {
      auto field = extra.subspan(at + 4, len);
      size_t k = 0;
      auto next = [&](uint64_t& v) {
        if (k + 8 > field.size()) throw Fail{where, "the zip64 extra field is too short"};
        v = u64(field, k);
        k += 8;
      };
      if (need_size) next(e.size);
      if (need_stored) next(e.stored_size);
      if (need_offset) next(e.header_offset);
      return;
    }
    at += 4 + len;
  }
  throw Fail{where, fmt::format("entry '{}' needs a zip64 extra field and has none", e.name)};
}

ZipDirectoryEntry Walker::central_record(std::span<const uint8_t> cd, size_t& at, uint64_t base) {
  const uint64_t where = base + at;
  if (cd.size() - at < kCentralSize || u32(cd, at) != kCentralSig) {
    throw Fail{where, "no central directory record here"};
  }
  const auto rec = cd.subspan(at);
  const size_t name_len = u16(rec, 28), extra_len = u16(rec, 30), comment_len = u16(rec, 32);
  if (kCentralSize + name_len + extra_len + comment_len > rec.size()) {
    throw Fail{where, "a central directory record runs past the directory"};
  }
  const auto raw_name = rec.subspan(kCentralSize, name_len);
  ZipDirectoryEntry e{.name = std::string(raw_name.begin(), raw_name.end()),
                      .header_offset = u32(rec, 42),
                      .stored_size = u32(rec, 20),
                      .size = u32(rec, 24),
                      .crc = u32(rec, 16),
                      .method = u16(rec, 10),
                      .flags = u16(rec, 8)};
  constexpr uint32_t kMax = 0xffffffff;
  const bool need_size = e.size == kMax, need_stored = e.stored_size == kMax,
             need_offset = e.header_offset == kMax;
  if (need_size || need_stored || need_offset) {
    zip64_fields(rec.subspan(kCentralSize + name_len, extra_len), e, need_size, need_stored,
                 need_offset, where);
  }
  at += kCentralSize + name_len + extra_len + comment_len;
  local_header(e, raw_name);
  return e;
}

void Walker::local_header(ZipDirectoryEntry& e, std::span<const uint8_t> raw_name) {
  if (e.header_offset > size_ || size_ - e.header_offset < kLocalSize) return;
  std::vector<uint8_t> h(kLocalSize);
  if (!read_at_(e.header_offset, h) || u32(h, 0) != kLocalSig) return;
  const uint64_t name_len = u16(h, 26), extra_len = u16(h, 28);
  const uint64_t name_at = e.header_offset + kLocalSize;
  if (size_ - name_at < name_len + extra_len) return;
  std::vector<uint8_t> name(name_len);
  if (!read_at_(name_at, name)) return;
  e.local_header_ok = true;
  e.local_name_differs = !std::equal(name.begin(), name.end(), raw_name.begin(), raw_name.end());
  e.data_offset = name_at + name_len + extra_len;
}

ZipDirectory Walker::walk() {
  ZipDirectory dir;
  try {
    End end = find_end(dir.ambiguous_end);
    read_zip64_end(end);
    if (end.cd_offset > end.at || end.cd_size > end.at - end.cd_offset) {
      throw Fail{end.at, fmt::format("the central directory ({} bytes at offset {}) does not lie "
                                     "before its end record",
                                     end.cd_size, end.cd_offset)};
    }
    // Each record takes at least 46 bytes: a count the directory cannot
    // hold is a lie, and no memory is reserved on its word.
    if (end.entries > end.cd_size / kCentralSize) {
      throw Fail{end.at, fmt::format("the end record counts {} entries; a {}-byte directory holds "
                                     "at most {}",
                                     end.entries, end.cd_size, end.cd_size / kCentralSize)};
    }
    const auto cd = read(end.cd_offset, end.cd_size, "the central directory");
    dir.entries.reserve(end.entries);
    size_t at = 0;
    for (uint64_t i = 0; i < end.entries; ++i)
      dir.entries.push_back(central_record(cd, at, end.cd_offset));
  } catch (const Fail& f) {
    dir.error = ZipDirectoryError{f.offset, f.message};
  }
  return dir;
}

}  // namespace

ZipDirectory read_zip_directory(uint64_t file_size, const ReadAt& read_at) {
  return Walker(file_size, read_at).walk();
}

ZipDirectory read_zip_directory(std::span<const uint8_t> file) {
  return read_zip_directory(file.size(), [file](uint64_t offset, std::span<uint8_t> out) {
    if (offset > file.size() || out.size() > file.size() - offset) return false;
    if (!out.empty()) std::memcpy(out.data(), file.data() + offset, out.size());
    return true;
  });
}

std::vector<size_t> overlapping_entries(std::span<const ZipDirectoryEntry> entries) {
  // Each entry's extent: its local header through its stored bytes.
  auto extent_end = [&](size_t i) {
    const auto& e = entries[i];
    if (!e.local_header_ok) return std::max(e.header_offset, e.header_offset + kLocalSize);
    return e.data_offset + e.stored_size < e.data_offset ? UINT64_MAX
                                                         : e.data_offset + e.stored_size;
  };
  std::vector<size_t> order(entries.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return entries[a].header_offset < entries[b].header_offset;
  });
  std::vector<bool> overlaps(entries.size(), false);
  // The entry reaching furthest so far: any later start before its end
  // overlaps it.
  size_t reach = 0;
  for (size_t k = 0; k < order.size(); ++k) {
    const size_t i = order[k];
    if (k > 0 && entries[i].header_offset < extent_end(reach)) {
      overlaps[i] = overlaps[reach] = true;
    }
    if (k == 0 || extent_end(i) > extent_end(reach)) reach = i;
  }
  std::vector<size_t> out;
  for (size_t i = 0; i < overlaps.size(); ++i) {
    if (overlaps[i]) out.push_back(i);
  }
  return out;
}

}  // namespace wasmsize::sources
