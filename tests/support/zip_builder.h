// Writes zip archives for tests with libzip, plus helpers to corrupt them
// afterwards the way hostile archives are corrupted.
#pragma once

#include <zip.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "support/paths.h"

namespace wasmsize::test {

struct ZipEntry {
  std::string name;
  std::vector<uint8_t> data;
  bool store = false;  // no compression
  const char* password = nullptr;
};

inline void write_zip(const std::filesystem::path& path, const std::vector<ZipEntry>& entries) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!z) throw std::runtime_error("zip_open failed");
  for (const auto& e : entries) {
    zip_source_t* src = zip_source_buffer(z, e.data.data(), e.data.size(), 0);
    const zip_int64_t idx = zip_file_add(z, e.name.c_str(), src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) throw std::runtime_error(zip_strerror(z));
    zip_set_file_compression(z, idx, e.store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 6);
    if (e.password && zip_file_set_encryption(z, idx, ZIP_EM_AES_256, e.password) != 0) {
      zip_discard(z);
      throw std::runtime_error("encryption unsupported");
    }
  }
  if (zip_close(z) != 0) throw std::runtime_error("zip_close failed");
}

// Replaces every occurrence of `from` by `to` (same length) in the file: an
// entry name in both the local header and the central directory.
inline void patch_bytes(const std::filesystem::path& path, const std::string& from,
                        const std::string& to) {
  auto bytes = read_file(path);
  auto it = bytes.begin();
  while ((it = std::search(it, bytes.end(), from.begin(), from.end())) != bytes.end()) {
    std::copy(to.begin(), to.end(), it);
    it += static_cast<long>(to.size());
  }
  write_file(path, bytes);
}

// Rewrites a 32-bit field of every local and central header whose value is
// `from`: the uncompressed size (local +22, central +24) or the CRC-32
// (local +14, central +16), as a lying archive would.
enum class HeaderField { kSize, kCrc };
inline void patch_header(const std::filesystem::path& path, HeaderField field, uint32_t from,
                         uint32_t to) {
  const size_t local = field == HeaderField::kSize ? 22 : 14;
  const size_t central = field == HeaderField::kSize ? 24 : 16;
  auto b = read_file(path);
  auto le32 = [&](size_t at) {
    return uint32_t(b[at]) | uint32_t(b[at + 1]) << 8 | uint32_t(b[at + 2]) << 16 |
           uint32_t(b[at + 3]) << 24;
  };
  auto put32 = [&](size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i)
      b[at + i] = uint8_t(v >> (8 * i));
  };
  for (size_t i = 0; i + 46 < b.size(); ++i) {
    if (le32(i) == 0x04034b50 && le32(i + local) == from) put32(i + local, to);
    if (le32(i) == 0x02014b50 && le32(i + central) == from) put32(i + central, to);
  }
  write_file(path, b);
}

inline void patch_declared_size(const std::filesystem::path& path, uint32_t from, uint32_t to) {
  patch_header(path, HeaderField::kSize, from, to);
}

// A zip written byte by byte, for layouts no zip library writes: central
// records that point at another entry's local header (overlapping entries),
// local headers that name another file. Entries are stored, not deflated.
struct RawZipEntry {
  std::string name;  // the central directory's
  std::vector<uint8_t> data;
  std::optional<std::string> local_name;  // the local header's, when it differs
  // Point the central record at entry #n's local header instead of writing one.
  std::optional<size_t> same_header_as;
  std::vector<uint8_t> central_extra;  // the central record's extra field
};

inline std::vector<uint8_t> raw_zip(const std::vector<RawZipEntry>& entries) {
  std::vector<uint8_t> out, cd;
  auto put = [](std::vector<uint8_t>& b, uint64_t v, int n) {
    for (int i = 0; i < n; ++i)
      b.push_back(uint8_t(v >> (8 * i)));
  };
  auto append = [](std::vector<uint8_t>& b, const std::string& s) {
    b.insert(b.end(), s.begin(), s.end());
  };
  std::vector<uint32_t> header_at;
  for (const auto& e : entries) {
    const uint32_t crc = uint32_t(crc32(0, e.data.data(), uInt(e.data.size())));
    const uint32_t at = e.same_header_as ? header_at.at(*e.same_header_as) : uint32_t(out.size());
    header_at.push_back(at);
    if (!e.same_header_as) {
      const std::string& lname = e.local_name.value_or(e.name);
      put(out, 0x04034b50, 4), put(out, 20, 2), put(out, 0, 2), put(out, 0, 2), put(out, 0, 4);
      put(out, crc, 4), put(out, e.data.size(), 4), put(out, e.data.size(), 4);
      put(out, lname.size(), 2), put(out, 0, 2), append(out, lname);
      out.insert(out.end(), e.data.begin(), e.data.end());
    }
    put(cd, 0x02014b50, 4), put(cd, 20, 2), put(cd, 20, 2), put(cd, 0, 2), put(cd, 0, 2);
    put(cd, 0, 4), put(cd, crc, 4), put(cd, e.data.size(), 4), put(cd, e.data.size(), 4);
    put(cd, e.name.size(), 2), put(cd, e.central_extra.size(), 2), put(cd, 0, 2);
    put(cd, 0, 2), put(cd, 0, 2), put(cd, 0, 4), put(cd, at, 4), append(cd, e.name);
    cd.insert(cd.end(), e.central_extra.begin(), e.central_extra.end());
  }
  const size_t cd_at = out.size();
  out.insert(out.end(), cd.begin(), cd.end());
  put(out, 0x06054b50, 4), put(out, 0, 4), put(out, entries.size(), 2);
  put(out, entries.size(), 2), put(out, cd.size(), 4), put(out, cd_at, 4), put(out, 0, 2);
  return out;
}

}  // namespace wasmsize::test
