#include "base/cache.h"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace wasmsize::base {

namespace fs = std::filesystem;

namespace {

// The layout's version: a change of format starts a new folder.
constexpr std::string_view kLayout = "v1";

bool is_hex_digest(std::string_view d) {
  return d.size() == 64 && std::all_of(d.begin(), d.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string read_small(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::string text(4096, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  return text;
}

std::optional<uint64_t> find_figure(std::string_view text, std::string_view figure) {
  while (!text.empty()) {
    const size_t end = std::min(text.find('\n'), text.size());
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    if (line.size() > figure.size() && line.substr(0, figure.size()) == figure &&
        line[figure.size()] == ' ') {
      uint64_t v = 0;
      const auto digits = line.substr(figure.size() + 1);
      const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
      if (ec == std::errc() && ptr == digits.data() + digits.size()) return v;
    }
  }
  return std::nullopt;
}

}  // namespace

ContentCache::ContentCache(const fs::path& dir, size_t max_entries)
    : dir_(dir / std::string(kLayout)), max_entries_(max_entries) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec || access(dir_.c_str(), W_OK) != 0) dir_.clear();  // not writable: disabled
}

ContentCache ContentCache::from_environment() {
  const char* own = std::getenv("WASMSIZE_CACHE_DIR");
  if (own && std::string_view(own) == "off") return {};
  if (own && *own) return ContentCache(own);
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
    return ContentCache(fs::path(xdg) / "wasmsize");
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return ContentCache(fs::path(home) / ".cache" / "wasmsize");
  }
  return {};
}

fs::path ContentCache::entry_path(std::string_view digest) const {
  return dir_ / std::string(digest.substr(0, 2)) / std::string(digest);
}

std::optional<uint64_t> ContentCache::get(std::string_view digest, std::string_view figure) const {
  std::optional<uint64_t> v;
  if (enabled() && is_hex_digest(digest)) v = find_figure(read_small(entry_path(digest)), figure);
  std::lock_guard lock(mutex_);
  ++(v ? hits_ : misses_);
  return v;
}

void ContentCache::put(std::string_view digest, std::string_view figure, uint64_t value) {
  if (!enabled() || !is_hex_digest(digest) || figure.empty() ||
      figure.find_first_of(" \n") != std::string_view::npos) {
    return;
  }
  const fs::path path = entry_path(digest);
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  // Keep the entry's other figures; a line for this figure is replaced.
  std::string text;
  const std::string old = read_small(path);
  for (std::string_view rest = old; !rest.empty();) {
    const size_t end = std::min(rest.find('\n'), rest.size());
    const std::string_view line = rest.substr(0, end);
    rest.remove_prefix(std::min(end + 1, rest.size()));
    if (!line.empty() && !(line.size() > figure.size() && line.substr(0, figure.size()) == figure &&
                           line[figure.size()] == ' ')) {
      text += fmt::format("{}\n", line);
    }
  }
  text += fmt::format("{} {}\n", figure, value);
  static std::atomic<uint64_t> serial{0};
  const fs::path tmp =
      path.parent_path() / fmt::format(".tmp-{}-{}-{}", getpid(),
                                       std::hash<std::thread::id>()(std::this_thread::get_id()),
                                       serial++);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      fs::remove(tmp, ec);
      return;
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) fs::remove(tmp, ec);
  std::lock_guard lock(mutex_);
  wrote_ = true;
}

void ContentCache::prune() {
  if (!enabled() || !wrote_) return;
  std::vector<std::pair<fs::file_time_type, fs::path>> entries;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    entries.emplace_back(it->last_write_time(ec), it->path());
  }
  if (entries.size() <= max_entries_) return;
  // Down to 90 %, so that pruning is not paid again on the next write.
  const size_t remove = entries.size() - max_entries_ * 9 / 10;
  std::nth_element(entries.begin(), entries.begin() + static_cast<ptrdiff_t>(remove),
                   entries.end());
  for (size_t i = 0; i < remove; ++i)
    fs::remove(entries[i].second, ec);
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr);
  std::string hex;
  hex.reserve(2 * len);
  for (unsigned i = 0; i < len; ++i)
    hex += fmt::format("{:02x}", md[i]);
  return hex;
}

}  // namespace wasmsize::base
