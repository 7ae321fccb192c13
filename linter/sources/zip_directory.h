// A zip archive's layout read by hand, apart from libzip: the end of central
// directory (zip64 too), every central directory record and the local header
// each one points at. libzip inflates the entries; this walk is the second
// reading that cross-checks it, because zip readers disagree exactly where
// an archive is hostile: two names for one entry (the central directory's
// and the local header's), entries whose bytes overlap (the "better zip
// bomb": thousands of records over one deflate stream), or a directory that
// a second reader would take differently. Every read is bounded by the file.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace wasmsize::sources {

struct ZipDirectoryEntry {
  std::string name;            // as the central directory says
  uint64_t header_offset = 0;  // of the local file header
  // Where the entry's stored bytes start (after the local header, its name
  // and extra field); 0 when the local header cannot be read.
  uint64_t data_offset = 0;
  uint64_t stored_size = 0, size = 0;
  uint32_t crc = 0;
  uint16_t method = 0, flags = 0;
  // The local header is there and names the same entry.
  bool local_header_ok = false;
  bool local_name_differs = false;
};

struct ZipDirectoryError {
  uint64_t offset = 0;  // in the file
  std::string message;
};

struct ZipDirectory {
  std::vector<ZipDirectoryEntry> entries;  // in central directory order
  std::optional<ZipDirectoryError> error;  // the walk stopped here
  // More than one end-of-central-directory record in the file's tail could
  // start the directory: readers may pick different ones.
  bool ambiguous_end = false;
};

// Reads `out.size()` bytes at `offset`; false when the file does not hold them.
using ReadAt = std::function<bool(uint64_t offset, std::span<uint8_t> out)>;

ZipDirectory read_zip_directory(uint64_t file_size, const ReadAt& read_at);
ZipDirectory read_zip_directory(std::span<const uint8_t> file);

// Entries whose local header and stored bytes overlap another entry's, as
// indices into `entries`, ascending. Sorting by offset makes it O(n log n).
std::vector<size_t> overlapping_entries(std::span<const ZipDirectoryEntry> entries);

}  // namespace wasmsize::sources
