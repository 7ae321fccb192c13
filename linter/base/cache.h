// A content-addressed cache of small figures that are slow to compute and
// depend only on some bytes (brotli at quality 11 of a wheel: seconds).
// Entries are keyed by the SHA-256 of the bytes, so a renamed or moved
// file still hits and a changed one never does; each holds `name value`
// lines, one per figure (the name carries the settings that made it).
//
// Where: $WASMSIZE_CACHE_DIR, else $XDG_CACHE_HOME/wasmsize, else
// ~/.cache/wasmsize; "off" (or no writable place) disables it, and every
// figure is computed. Safe under concurrent runs: an entry is written to a
// private temporary file and renamed over the old one, so a reader sees a
// whole old entry or a whole new one; two writers lose at most one figure,
// computed again next time. Bounded: past `max_entries` files the oldest
// written are removed (prune()).
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace wasmsize::base {

class ContentCache {
 public:
  static constexpr size_t kDefaultMaxEntries = 20'000;  // ~80 MB of 4 kB blocks at most

  // Disabled: every get() misses, put() does nothing.
  ContentCache() = default;
  explicit ContentCache(const std::filesystem::path& dir, size_t max_entries = kDefaultMaxEntries);
  // The place the environment names (see above); disabled when there is none.
  static ContentCache from_environment();

  bool enabled() const { return !dir_.empty(); }
  const std::filesystem::path& dir() const { return dir_; }

  // `digest` is a SHA-256 in hex; `figure` a name without spaces.
  std::optional<uint64_t> get(std::string_view digest, std::string_view figure) const;
  void put(std::string_view digest, std::string_view figure, uint64_t value);
  // Removes the oldest entries past max_entries; call once a run is done.
  void prune();

  uint64_t hits() const { return hits_; }
  uint64_t misses() const { return misses_; }

 private:
  std::filesystem::path entry_path(std::string_view digest) const;
  std::filesystem::path dir_;
  size_t max_entries_ = kDefaultMaxEntries;
  mutable std::mutex mutex_;  // counts only; files are safe by rename
  mutable uint64_t hits_ = 0, misses_ = 0;
  bool wrote_ = false;
};

// SHA-256 of `bytes`, lower-case hex: the key of ContentCache, and what a
// pyodide-lock.json lists for each wheel.
std::string sha256_hex(std::string_view bytes);

}  // namespace wasmsize::base
