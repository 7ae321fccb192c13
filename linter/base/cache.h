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
//
// The folder may be restored from a store others write to (a CI cache), so
// it is untrusted input too: the tool uses only a folder it owns, made 0700,
// and refuses (with one warning) one that is a symbolic link or another
// user's; entries are opened relative to that folder without following
// links, created O_EXCL and 0600, read only when they are regular files of
// ours up to 4 kB, and carry the tool's version (another version's figures
// are a miss). Only names the cache writes are read or pruned. A figure is a
// claim about bytes: transfer/ checks each against what its format allows
// for that input before it is used (a miss otherwise), and --verify-cache
// recomputes every one and says how many differed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <istream>
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
  ~ContentCache();
  ContentCache(const ContentCache&) = delete;
  ContentCache& operator=(const ContentCache&) = delete;
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
  // Why the cache is disabled (a refused folder), empty when it is not.
  const std::string& problem() const { return problem_; }

  // --verify-cache: every figure is computed and compared with the cached.
  void set_verify(bool on) { verify_ = on; }
  bool verifying() const { return verify_; }
  void note_verified(bool differed);
  uint64_t verified() const { return verified_; }
  uint64_t differed() const { return differed_; }
  // A cached figure that its format cannot have for its input (transfer/).
  void note_rejected();
  uint64_t rejected() const { return rejected_; }

 private:
  void warn_once() const;
  std::filesystem::path dir_;
  int dir_fd_ = -1;  // the layout folder, opened once without following links
  std::string problem_;
  size_t max_entries_ = kDefaultMaxEntries;
  bool verify_ = false;
  mutable std::mutex mutex_;  // counts only; files are safe by rename
  mutable uint64_t hits_ = 0, misses_ = 0, rejected_ = 0, verified_ = 0, differed_ = 0;
  mutable bool warned_ = false;
  bool wrote_ = false;
};

// SHA-256 of `bytes`, lower-case hex: the key of ContentCache, and what a
// pyodide-lock.json lists for each wheel.
std::string sha256_hex(std::string_view bytes);
// The same of the next `size` bytes of `in`, read a megabyte at a time;
// false when fewer were there (the file changed while it was read).
bool sha256_stream(std::istream& in, uint64_t size, std::string& hex);

}  // namespace wasmsize::base
