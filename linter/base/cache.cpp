#include "base/cache.h"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <thread>
#include <vector>

#include "version.h"

namespace wasmsize::base {

namespace fs = std::filesystem;

namespace {

// The layout's version: a change of format starts a new folder. v1 entries
// (no header, no tool version) are never read or pruned.
constexpr const char* kLayout = "v2";
// Each entry starts with this line: figures made by another version of the
// tool, or anything else, are a miss and are written anew.
const std::string kHeader = fmt::format("wasmsize-cache {}\n", kVersion);
constexpr size_t kMaxEntryBytes = 4096;

bool is_hex(std::string_view d, size_t n) {
  return d.size() == n && std::all_of(d.begin(), d.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}
bool is_hex_digest(std::string_view d) {
  return is_hex(d, 64);
}

// A file descriptor closed with its owner.
struct Fd {
  int fd = -1;
  explicit Fd(int f = -1) : fd(f) {}
  Fd(Fd&& o) noexcept : fd(std::exchange(o.fd, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    std::swap(fd, o.fd);
    return *this;
  }
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  explicit operator bool() const { return fd >= 0; }
};

// Opens (creating it 0700 where absent, if `create`) the folder `name`
// under `parent` (AT_FDCWD: a path), never through a symbolic link, and
// only when this user owns it; a folder of ours open to others is made
// private. Empty `problem`: success.
Fd open_private_dir(int parent, const std::string& name, std::string& problem, bool create = true) {
  if (create && ::mkdirat(parent, name.c_str(), 0700) != 0 && errno != EEXIST) {
    problem = fmt::format("cannot create {}: {}", name, std::strerror(errno));
    return Fd();
  }
  Fd fd(::openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd) {
    problem = errno == ELOOP || errno == ENOTDIR
                  ? fmt::format("{} is a symbolic link or not a folder", name)
                  : fmt::format("cannot open {}: {}", name, std::strerror(errno));
    return Fd();
  }
  struct stat st {};
  if (::fstat(fd.fd, &st) != 0 || !S_ISDIR(st.st_mode)) {
    problem = fmt::format("{} is not a folder", name);
    return Fd();
  }
  if (st.st_uid != ::geteuid()) {
    problem = fmt::format("{} belongs to another user (uid {})", name, st.st_uid);
    return Fd();
  }
  if ((st.st_mode & 077) != 0 && ::fchmod(fd.fd, 0700) != 0) {
    problem = fmt::format("{} is open to other users and cannot be made private", name);
    return Fd();
  }
  if (::faccessat(fd.fd, ".", W_OK, AT_EACCESS) != 0) {
    problem = fmt::format("{} is not writable", name);
    return Fd();
  }
  return fd;
}

// The entry `name` in `dir`, if it is a regular file of ours no larger than
// an entry can be; a link, a FIFO, a device or a folder is never opened for
// reading (O_NONBLOCK: a FIFO planted as an entry cannot block the open).
std::string read_entry(int dir, const std::string& name) {
  Fd fd(::openat(dir, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (!fd) return {};
  struct stat st {};
  if (::fstat(fd.fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid() ||
      st.st_size > static_cast<off_t>(kMaxEntryBytes)) {
    return {};
  }
  std::string text(static_cast<size_t>(st.st_size), '\0');
  size_t got = 0;
  while (got < text.size()) {
    const ssize_t n = ::read(fd.fd, text.data() + got, text.size() - got);
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  text.resize(got);
  return text.starts_with(kHeader) ? text.substr(kHeader.size()) : std::string();
}

bool figure_line(std::string_view line, std::string_view figure) {
  return line.size() > figure.size() && line.substr(0, figure.size()) == figure &&
         line[figure.size()] == ' ';
}

std::optional<uint64_t> find_figure(std::string_view text, std::string_view figure) {
  while (!text.empty()) {
    const size_t end = std::min(text.find('\n'), text.size());
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    if (figure_line(line, figure)) {
      uint64_t v = 0;
      const auto digits = line.substr(figure.size() + 1);
      const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
      if (ec == std::errc() && ptr == digits.data() + digits.size()) return v;
    }
  }
  return std::nullopt;
}

}  // namespace

ContentCache::ContentCache(const fs::path& dir, size_t max_entries) : max_entries_(max_entries) {
  std::error_code ec;
  if (dir.has_parent_path()) fs::create_directories(dir.parent_path(), ec);
  Fd root = open_private_dir(AT_FDCWD, dir.string(), problem_);
  Fd layout = root ? open_private_dir(root.fd, kLayout, problem_) : Fd();
  if (!layout) {
    if (!problem_.empty() && problem_.find(dir.string()) == std::string::npos)
      problem_ = fmt::format("{}: {}", dir.string(), problem_);
    return;
  }
  dir_ = dir / kLayout;
  dir_fd_ = std::exchange(layout.fd, -1);
}

ContentCache::~ContentCache() {
  if (dir_fd_ >= 0) ::close(dir_fd_);
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

void ContentCache::warn_once() const {
  std::lock_guard lock(mutex_);
  if (warned_ || problem_.empty()) return;
  warned_ = true;
  spdlog::warn("transfer cache not used ({}); every figure is computed", problem_);
}

std::optional<uint64_t> ContentCache::get(std::string_view digest, std::string_view figure) const {
  warn_once();
  std::optional<uint64_t> v;
  if (enabled() && is_hex_digest(digest)) {
    std::string problem;  // a shard that is not there is a miss, not a folder to make
    Fd shard = open_private_dir(dir_fd_, std::string(digest.substr(0, 2)), problem, false);
    if (shard) v = find_figure(read_entry(shard.fd, std::string(digest)), figure);
  }
  std::lock_guard lock(mutex_);
  ++(v ? hits_ : misses_);
  return v;
}

void ContentCache::put(std::string_view digest, std::string_view figure, uint64_t value) {
  warn_once();
  if (!enabled() || !is_hex_digest(digest) || figure.empty() ||
      figure.find_first_of(" \n") != std::string_view::npos) {
    return;
  }
  std::string problem;
  Fd shard = open_private_dir(dir_fd_, std::string(digest.substr(0, 2)), problem);
  if (!shard) return;
  const std::string name(digest);
  // Keep the entry's other figures; a line for this figure is replaced.
  std::string text = kHeader;
  const std::string old = read_entry(shard.fd, name);
  for (std::string_view rest = old; !rest.empty();) {
    const size_t end = std::min(rest.find('\n'), rest.size());
    const std::string_view line = rest.substr(0, end);
    rest.remove_prefix(std::min(end + 1, rest.size()));
    if (!line.empty() && !figure_line(line, figure)) text += fmt::format("{}\n", line);
  }
  text += fmt::format("{} {}\n", figure, value);
  if (text.size() > kMaxEntryBytes) text = kHeader + fmt::format("{} {}\n", figure, value);
  static std::atomic<uint64_t> serial{0};
  const std::string tmp =
      fmt::format(".tmp-{}-{}-{}", ::getpid(),
                  std::hash<std::thread::id>()(std::this_thread::get_id()), serial++);
  // A new file of ours alone (O_EXCL: never one planted under this name),
  // then renamed over the entry: rename replaces a link, never follows it.
  Fd out(
      ::openat(shard.fd, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!out) return;
  const bool written =
      ::write(out.fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  if (!written || ::renameat(shard.fd, tmp.c_str(), shard.fd, name.c_str()) != 0) {
    ::unlinkat(shard.fd, tmp.c_str(), 0);
    return;
  }
  std::lock_guard lock(mutex_);
  wrote_ = true;
}

void ContentCache::note_rejected() {
  std::lock_guard lock(mutex_);
  ++rejected_;
}

void ContentCache::note_verified(bool differed) {
  std::lock_guard lock(mutex_);
  ++verified_;
  differed_ += differed;
}

void ContentCache::prune() {
  if (!enabled() || !wrote_) return;
  // Only the cache's own names are looked at: two-hex-digit shards holding
  // 64-hex-digit entries (and its temporary files), each a regular file
  // seen without following links. Anything else in the folder is left.
  struct Entry {
    timespec mtime;
    std::string shard, name;
  };
  std::vector<Entry> entries;
  std::vector<std::pair<std::string, std::string>> stale;  // temporaries over an hour old
  const time_t now = ::time(nullptr);
  DIR* top = ::fdopendir(::dup(dir_fd_));
  if (!top) return;
  while (const dirent* s = ::readdir(top)) {
    const std::string shard = s->d_name;
    if (!is_hex(shard, 2)) continue;
    std::string problem;
    Fd sfd = open_private_dir(dir_fd_, shard, problem, false);
    if (!sfd) continue;
    DIR* d = ::fdopendir(::dup(sfd.fd));
    if (!d) continue;
    while (const dirent* e = ::readdir(d)) {
      const std::string name = e->d_name;
      const bool tmp = name.starts_with(".tmp-");
      if (!tmp && !is_hex_digest(name)) continue;
      struct stat st {};
      if (::fstatat(sfd.fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
        continue;
      if (tmp) {
        if (now - st.st_mtim.tv_sec > 3600) stale.emplace_back(shard, name);
        continue;
      }
      entries.push_back({st.st_mtim, shard, name});
    }
    ::closedir(d);
  }
  ::closedir(top);
  auto remove = [&](const std::string& shard, const std::string& name) {
    std::string problem;
    if (Fd sfd = open_private_dir(dir_fd_, shard, problem, false))
      ::unlinkat(sfd.fd, name.c_str(), 0);
  };
  for (const auto& [shard, name] : stale)
    remove(shard, name);
  if (entries.size() <= max_entries_) return;
  // Down to 90 %, so that pruning is not paid again on the next write.
  const size_t n = entries.size() - max_entries_ * 9 / 10;
  std::nth_element(entries.begin(), entries.begin() + static_cast<ptrdiff_t>(n), entries.end(),
                   [](const Entry& a, const Entry& b) {
                     return std::tie(a.mtime.tv_sec, a.mtime.tv_nsec) <
                            std::tie(b.mtime.tv_sec, b.mtime.tv_nsec);
                   });
  for (size_t i = 0; i < n; ++i)
    remove(entries[i].shard, entries[i].name);
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

bool sha256_stream(std::istream& in, uint64_t size, std::string& hex) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1) {
    EVP_MD_CTX_free(ctx);
    return false;
  }
  std::vector<char> buf(1 << 20);
  uint64_t left = size;
  while (left > 0) {
    in.read(buf.data(), static_cast<std::streamsize>(std::min<uint64_t>(left, buf.size())));
    const auto got = static_cast<uint64_t>(in.gcount());
    if (got == 0) break;
    EVP_DigestUpdate(ctx, buf.data(), got);
    left -= got;
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, md, &len);
  EVP_MD_CTX_free(ctx);
  if (left != 0) return false;
  hex.clear();
  for (unsigned i = 0; i < len; ++i)
    hex += fmt::format("{:02x}", md[i]);
  return true;
}

}  // namespace wasmsize::base
