#include "sources/source.h"

#include <fmt/format.h>
#include <libdeflate.h>
#include <openssl/evp.h>
#include <zip.h>
#include <zlib.h>

#include <fcntl.h>
#include <unistd.h>
#include <algorithm>
#include <array>

#include <fstream>
#include <memory>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "base/unicode_fold.h"
#include "sources/findings.h"
#include "sources/package.h"
#include "sources/zip_directory.h"
#include "wasm/parser.h"

namespace wasmsize::sources {

namespace fs = std::filesystem;
using model::ArtifactReport;
using model::Finding;

namespace {

bool is_archive_name(std::string_view name) {
  return name.ends_with(".whl") || name.ends_with(".zip");
}

// Names a module is likely to have; other entries are only peeked at for the
// magic number, so a wheel's many .py files are not inflated whole.
bool looks_like_module(std::string_view name) {
  return name.ends_with(".so") || name.ends_with(".wasm") ||
         name.find(".so.") != std::string_view::npos;
}

// Entries that are text by their name: a wheel holds hundreds of them, and
// inflating each just to read four bytes of magic would cost more than the
// modules. Anything else is peeked at, so a module is found whatever its name.
bool is_text_entry(std::string_view name) {
  static constexpr std::string_view kText[] = {
      ".py",   ".pyi",   ".pyx",    ".pxd",      ".pxi",   ".txt",     ".md",        ".rst",
      ".json", ".toml",  ".cfg",    ".ini",      ".c",     ".h",       ".cc",        ".cpp",
      ".hpp",  ".html",  ".css",    ".yaml",     ".yml",   ".csv",     ".xml",       ".js",
      ".ts",   ".typed", "/RECORD", "/METADATA", "/WHEEL", "/LICENSE", "/INSTALLER", "/REQUESTED"};
  return std::any_of(std::begin(kText), std::end(kText),
                     [&](std::string_view ext) { return name.ends_with(ext); });
}

// What libzip's open errors mean for a file that exists: its own words
// ("No such file" for a directory that points past the end) mislead.
std::string_view open_error_meaning(int code) {
  switch (code) {
    case ZIP_ER_NOZIP:
      return "no end of central directory record: not a zip file, or cut short";
    case ZIP_ER_INCONS:
      return "the central directory disagrees with the file: sizes, offsets or entry counts that "
             "lie, or an entry kind (such as AES encryption) this reader cannot take";
    case ZIP_ER_NOENT:
    case ZIP_ER_SEEK:
    case ZIP_ER_READ:
    case ZIP_ER_EOF:
      return "the central directory points at data outside the file";
    case ZIP_ER_MEMORY:
      return "the central directory asks for more memory than it can hold";
    default:
      return "unreadable zip structure";
  }
}

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};
struct DecompressorFree {
  void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

// How much we allocate on a header's word alone. Up to this declared size an
// entry's buffer is sized up front (libdeflate inflates into it in one call);
// a larger size may be a lie, so such entries stream through libzip and their
// buffer grows as data arrives.
constexpr uint64_t kUpFrontLimit = uint64_t{64} << 20;

// The stored size of an empty entry: nothing, or an empty deflate stream.
constexpr uint64_t kEmptyDeflate = 2;

class ArchiveReader {
 public:
  ArchiveReader(const InputFile& input, const ReadOptions& options, ArtifactReport& artifact,
                std::vector<Finding>& findings, const ModuleSink& sink)
      : input_(input), options_(options), artifact_(artifact), findings_(findings), sink_(sink) {}

  void read();

 private:
  // The central directory walked by hand (zip_directory.h), checked
  // against libzip's reading: disagreements, local headers that name
  // another file, entries that overlap. Fills skip_.
  void cross_check(const ZipDirectory& dir, zip_uint64_t count);
  ZipDirectory walk_directory() const;
  void entry(zip_uint64_t index);
  // Inflates up to `limit` bytes of an entry through libzip; false (with a
  // finding) on failure.
  bool inflate(zip_uint64_t index, const std::string& name, uint64_t limit,
               std::vector<uint8_t>& out);
  // Inflates a whole entry and checks it against its declared size; false
  // (with a finding) on failure.
  bool inflate_whole(zip_uint64_t index, const std::string& name, const zip_stat_t& st,
                     std::vector<uint8_t>& out);
  bool inflate_raw(zip_uint64_t index, const std::string& name, const zip_stat_t& st,
                   std::vector<uint8_t>& out);
  void size_mismatch(const std::string& name, uint64_t declared, std::optional<uint64_t> real);
  bool within_limits(const std::string& name, const zip_stat_t& st);
  void finding(const base::FindingKind& kind, std::string subject, std::string message) {
    findings_.push_back(
        base::finding(kind, {artifact_.path, std::move(subject)}, std::move(message)));
  }

  const InputFile& input_;
  const ReadOptions& options_;
  ArtifactReport& artifact_;
  std::vector<Finding>& findings_;
  const ModuleSink& sink_;
  std::unique_ptr<zip_t, ZipCloser> zip_;
  std::unordered_set<std::string> seen_;
  std::unordered_map<std::string, std::string> folded_;  // lowercased name -> first name
  // Names with other than ASCII, by their key on a normalizing file system
  // (base/unicode_fold.h) -> first name.
  std::unordered_map<std::string, std::string> unicode_folded_;
  std::vector<bool> skip_;  // entries not to read: their bytes overlap another's
  uint64_t inflated_ = 0;
  std::unique_ptr<libdeflate_decompressor, DecompressorFree> decompressor_;
};

void ArchiveReader::read() {
  int err = 0;
  zip_.reset(zip_open(input_.path.c_str(), ZIP_RDONLY, &err));
  if (!zip_) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    finding(kMalformedArchive, "",
            fmt::format("cannot open as a zip archive: {} ({})", open_error_meaning(err),
                        zip_error_strerror(&ze)));
    zip_error_fini(&ze);
    // The hand walk says where the structure breaks, which libzip does not.
    if (const ZipDirectory dir = walk_directory(); dir.error) {
      findings_.back().offset = dir.error->offset;
      findings_.back().message +=
          fmt::format("; at offset {}: {}", dir.error->offset, dir.error->message);
    }
    return;
  }
  const zip_int64_t n = zip_get_num_entries(zip_.get(), 0);
  cross_check(walk_directory(), static_cast<zip_uint64_t>(std::max<zip_int64_t>(n, 0)));
  for (zip_int64_t i = 0; i < n; ++i)
    entry(static_cast<zip_uint64_t>(i));
  if (!options_.only_entry.empty() && artifact_.modules.empty() &&
      seen_.count(options_.only_entry) == 0) {
    finding(kMissingEntry, options_.only_entry, "no such member in the archive");
  }
}

ZipDirectory ArchiveReader::walk_directory() const {
  struct Fd {
    int fd;
    ~Fd() {
      if (fd >= 0) close(fd);
    }
  } file{open(input_.path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) return {.error = ZipDirectoryError{0, "cannot open the file"}};
  return read_zip_directory(artifact_.size, [&](uint64_t offset, std::span<uint8_t> out) {
    size_t done = 0;
    while (done < out.size()) {
      const ssize_t got =
          pread(file.fd, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
      if (got <= 0) return false;
      done += static_cast<size_t>(got);
    }
    return true;
  });
}

// What libzip says of entry `i`, as the hand walk would say it: the raw
// name bytes (libzip may take a name from an Info-ZIP Unicode extra field,
// or convert CP437) and the sizes.
std::string entry_disagreement(zip_t* zip, zip_uint64_t i, const ZipDirectoryEntry& e) {
  zip_stat_t st;
  zip_stat_init(&st);
  const char* raw = zip_get_name(zip, i, ZIP_FL_ENC_RAW);
  if (zip_stat_index(zip, i, 0, &st) != 0 || raw == nullptr) return "";
  if (e.name != raw) {
    return fmt::format("entry #{} is named '{}' by the central directory, '{}' by libzip", i,
                       e.name, raw);
  }
  if (st.size != e.size || st.comp_size != e.stored_size) {
    return fmt::format(
        "entry '{}' has {} bytes ({} stored) by the central directory, {} ({}) "
        "by libzip",
        e.name, e.size, e.stored_size, st.size, st.comp_size);
  }
  return "";
}

void ArchiveReader::cross_check(const ZipDirectory& dir, zip_uint64_t count) {
  skip_.assign(count, false);
  const std::string& path = artifact_.path;
  if (dir.error) {
    findings_.push_back(base::finding(
        kAmbiguousArchive, {path, "", dir.error->offset},
        fmt::format("libzip reads {} entries, but a plain walk of the central directory stops at "
                    "offset {}: {}; other zip readers may not read this archive at all",
                    count, dir.error->offset, dir.error->message)));
    return;
  }
  std::string differs;
  if (dir.entries.size() != count) {
    differs = fmt::format("libzip reads {} entries, the central directory holds {}", count,
                          dir.entries.size());
  }
  for (zip_uint64_t i = 0; differs.empty() && i < count; ++i)
    differs = entry_disagreement(zip_.get(), i, dir.entries[i]);
  if (!differs.empty()) {
    findings_.push_back(base::finding(
        kAmbiguousArchive, {path, ""},
        fmt::format("zip readers disagree on this archive: {}{}; an installer may unpack other "
                    "files than were measured",
                    differs,
                    dir.ambiguous_end ? " (the file's tail holds more than one end of central "
                                        "directory record)"
                                      : "")));
  }
  for (const ZipDirectoryEntry& e : dir.entries) {
    if (!e.local_name_differs) continue;
    findings_.push_back(base::finding(
        kHeaderMismatch, {path, e.name, e.header_offset},
        fmt::format("the local header at offset {} names another file than the central "
                    "directory's '{}': a streaming extractor writes that name, pip this one",
                    e.header_offset, e.name)));
  }
  const std::vector<size_t> overlapping = overlapping_entries(dir.entries);
  if (overlapping.empty() || dir.entries.size() != count) return;
  for (size_t i : overlapping)
    skip_[i] = true;
  const ZipDirectoryEntry& first = dir.entries[overlapping.front()];
  findings_.push_back(base::finding(
      kOverlappingEntries, {path, first.name, first.header_offset},
      fmt::format("{} entries share stored bytes with another entry (the first, '{}', at offset "
                  "{}): a zip bomb layout, where one deflate stream is counted many times. They "
                  "are counted by what they declare and not read",
                  overlapping.size(), first.name, first.header_offset)));
}

bool ArchiveReader::within_limits(const std::string& name, const zip_stat_t& st) {
  const ReadLimits& lim = options_.limits;
  if (st.size > lim.max_entry_size) {
    finding(kInflateLimit, name,
            fmt::format("entry declares {} bytes uncompressed, over the {}-byte entry limit "
                        "(--max-entry-size); not read",
                        st.size, lim.max_entry_size));
    return false;
  }
  if (st.comp_method != ZIP_CM_STORE && st.size > (uint64_t{1} << 20) &&
      st.size / std::max<uint64_t>(st.comp_size, 1) > lim.max_ratio) {
    finding(kInflateLimit, name,
            fmt::format("compression ratio {}:1 ({} -> {} bytes) is over the {}:1 limit "
                        "(--max-compression-ratio), a zip bomb; not read",
                        st.size / std::max<uint64_t>(st.comp_size, 1), st.comp_size, st.size,
                        lim.max_ratio));
    return false;
  }
  if (inflated_ + st.size > lim.max_total_inflated) {
    finding(kInflateLimit, name,
            fmt::format("reading this entry would inflate more than {} bytes from one artifact "
                        "(--max-inflated-size); not read",
                        lim.max_total_inflated));
    return false;
  }
  return true;
}

bool ArchiveReader::inflate(zip_uint64_t index, const std::string& name, uint64_t limit,
                            std::vector<uint8_t>& out) {
  std::unique_ptr<zip_file_t, ZipFileCloser> f(zip_fopen_index(zip_.get(), index, 0));
  if (!f) {
    finding(kCorruptEntry, name, fmt::format("cannot open entry: {}", zip_strerror(zip_.get())));
    return false;
  }
  // Inflate straight into `out`, for `limit` plus one byte: that byte tells
  // a header that understated the size.
  out.resize(std::min(limit + 1, kUpFrontLimit));
  size_t filled = 0;
  for (;;) {
    if (filled == out.size()) {
      if (filled > limit) break;
      out.resize(std::min<uint64_t>(limit + 1, out.size() * 2));
    }
    const zip_int64_t got = zip_fread(f.get(), out.data() + filled, out.size() - filled);
    if (got < 0) {
      finding(kCorruptEntry, name,
              fmt::format("cannot inflate entry: {}", zip_file_strerror(f.get())));
      return false;
    }
    if (got == 0) break;
    filled += static_cast<size_t>(got);
  }
  out.resize(filled);
  inflated_ += filled;
  return true;
}

void ArchiveReader::size_mismatch(const std::string& name, uint64_t declared,
                                  std::optional<uint64_t> real) {
  finding(
      kSizeMismatch, name,
      real ? fmt::format("entry declares {} bytes uncompressed but inflates to {}", declared, *real)
           : fmt::format("entry declares {} bytes uncompressed but inflates to more", declared));
}

bool ArchiveReader::inflate_whole(zip_uint64_t index, const std::string& name, const zip_stat_t& st,
                                  std::vector<uint8_t>& out) {
  const bool one_shot = st.comp_method == ZIP_CM_DEFLATE && st.size <= kUpFrontLimit &&
                        (st.valid & ZIP_STAT_CRC) && (st.valid & ZIP_STAT_COMP_SIZE);
  if (one_shot) return inflate_raw(index, name, st, out);
  if (!inflate(index, name, st.size, out)) return false;
  if (out.size() == st.size) return true;
  size_mismatch(name, st.size, out.size() > st.size ? std::nullopt : std::optional(out.size()));
  return false;
}

// The entry's deflate stream, read raw through libzip and inflated in one
// call by libdeflate: about twice as fast as zlib behind zip_fread, which is
// most of what reading a wheel costs. The CRC-32 is checked here, as libzip
// would.
bool ArchiveReader::inflate_raw(zip_uint64_t index, const std::string& name, const zip_stat_t& st,
                                std::vector<uint8_t>& out) {
  if (st.comp_size > artifact_.size) {
    finding(kCorruptEntry, name,
            fmt::format("entry declares {} stored bytes, more than the {}-byte archive holds",
                        st.comp_size, artifact_.size));
    return false;
  }
  std::unique_ptr<zip_file_t, ZipFileCloser> f(
      zip_fopen_index(zip_.get(), index, ZIP_FL_COMPRESSED));
  std::vector<uint8_t> packed(st.comp_size);
  if (!f ||
      zip_fread(f.get(), packed.data(), packed.size()) != static_cast<zip_int64_t>(packed.size())) {
    finding(kCorruptEntry, name,
            fmt::format("cannot read the entry's {} stored bytes: {}", st.comp_size,
                        f ? zip_file_strerror(f.get()) : zip_strerror(zip_.get())));
    return false;
  }
  if (!decompressor_) decompressor_.reset(libdeflate_alloc_decompressor());
  out.resize(st.size);
  size_t real = 0;
  const libdeflate_result rc = libdeflate_deflate_decompress(
      decompressor_.get(), packed.data(), packed.size(), out.data(), out.size(), &real);
  if (rc == LIBDEFLATE_INSUFFICIENT_SPACE) {
    size_mismatch(name, st.size, std::nullopt);
    return false;
  }
  if (rc != LIBDEFLATE_SUCCESS) {
    finding(kCorruptEntry, name, "cannot inflate entry: invalid deflate data");
    return false;
  }
  if (real != st.size) {
    size_mismatch(name, st.size, real);
    return false;
  }
  if (libdeflate_crc32(0, out.data(), out.size()) != st.crc) {
    finding(kCorruptEntry, name,
            fmt::format("entry inflates to data whose CRC-32 differs from the declared {:08x}",
                        st.crc));
    return false;
  }
  inflated_ += real;
  return true;
}

void ArchiveReader::entry(zip_uint64_t index) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(zip_.get(), index, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME)) {
    finding(kCorruptEntry, fmt::format("#{}", index), "cannot read the entry's header");
    return;
  }
  const std::string name = st.name;
  const bool folder = name.ends_with("/");
  if (folder && st.size == 0 && st.comp_size <= kEmptyDeflate) return;  // holds no bytes
  artifact_.entries_stored_size += st.comp_size;
  artifact_.uncompressed_size += st.size;
  if (folder) {
    // Named as a folder, holding bytes: an extractor makes a folder and
    // drops them, so they are counted as a file and said, never lost.
    finding(kCorruptEntry, name,
            fmt::format("a folder entry that holds {} bytes ({} stored); counted as a file, not "
                        "measured",
                        st.size, st.comp_size));
    artifact_.files.push_back({name, st.comp_size, st.size});
    return;
  }

  if (is_unsafe_entry_path(name)) {
    finding(kUnsafePath, name,
            "entry path is absolute or climbs out with '..'; an installer would write outside "
            "the target folder");
  }
  if (!seen_.insert(name).second) {
    finding(kDuplicateEntry, name,
            "entry name appears more than once; which copy an installer keeps is undefined");
  }
  std::string folded = name;
  std::transform(folded.begin(), folded.end(), folded.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  // An ASCII name is its own Unicode key, lowercased; K and U+212A KELVIN
  // SIGN still meet there.
  const bool ascii = std::none_of(name.begin(), name.end(), [](char c) { return c & 0x80; });
  const auto [u, unicode_fresh] =
      unicode_folded_.emplace(ascii ? folded : base::unicode_fold_key(name), name);
  if (const auto [it, fresh] = folded_.emplace(std::move(folded), name);
      !fresh && it->second != name) {
    finding(kCaseCollision, name,
            fmt::format("differs from '{}' only in letter case: on a case-insensitive file system "
                        "(macOS, Windows) one overwrites the other",
                        it->second));
  } else if (!unicode_fresh && u->second != name) {
    finding(kUnicodeCollision, name,
            fmt::format("is the same file as '{}' to macOS (APFS, HFS+): the names differ only in "
                        "Unicode normalization (NFC/NFD) or letter case, and one overwrites the "
                        "other",
                        u->second));
  }
  const bool wanted = options_.only_entry.empty() || options_.only_entry == name;
  auto as_file = [&] { artifact_.files.push_back({name, st.comp_size, st.size}); };
  if (!wanted) return as_file();
  if (is_archive_name(name)) {
    // Opening archives inside archives multiplies every limit above; say
    // so rather than leave the modules inside silently unmeasured.
    finding(kNestedArchive, name,
            "an archive inside the archive is counted as one file and not opened; modules in it "
            "are not measured");
  }
  if (index < skip_.size() && skip_[index]) return as_file();
  if (st.encryption_method != ZIP_EM_NONE) {
    finding(kEncryptedEntry, name, "entry is encrypted; it cannot be measured");
    return as_file();
  }
  if (!within_limits(name, st)) return as_file();
  // Empty by both sizes: nothing to read. Any other entry is read (at
  // least peeked at), whatever it declares: a central directory that says
  // 0 bytes must not hide a module.
  if (st.size == 0 && st.comp_size <= kEmptyDeflate && !options_.hash_entries) return as_file();

  // Most entries of a wheel are Python files: peek at their magic number
  // rather than inflating them, unless every entry is to be hashed.
  std::vector<uint8_t> bytes;
  const bool whole =
      options_.hash_entries || looks_like_module(name) || !options_.only_entry.empty();
  if (!whole) {
    if (is_text_entry(name)) return as_file();
    if (!inflate(index, name, 4, bytes) || !wasm::has_wasm_magic(bytes)) return as_file();
  }
  if (!inflate_whole(index, name, st, bytes)) return as_file();
  const std::string digest = options_.hash_entries ? record_digest(bytes) : "";
  if (is_record_entry(name)) artifact_.record.emplace(bytes.begin(), bytes.end());
  if (!wasm::has_wasm_magic(bytes)) {
    artifact_.files.push_back({name, st.comp_size, st.size, digest});
    return;
  }
  sink_({name, st.comp_size, st.size, digest}, std::move(bytes));
}

void read_zip(const InputFile& input, const ReadOptions& options, ArtifactReport& artifact,
              std::vector<Finding>& findings, const ModuleSink& sink) {
  fill_package_facts(artifact, input.path.filename().string());
  ArchiveReader(input, options, artifact, findings, sink).read();
}

// Local file header, or the end of central directory alone (an empty zip).
bool sniff_zip(std::span<const uint8_t> head, std::string_view file_name) {
  static constexpr uint8_t kLocal[] = {'P', 'K', 3, 4}, kEmpty[] = {'P', 'K', 5, 6};
  if (head.size() >= 4 && (std::equal(kLocal, kLocal + 4, head.begin()) ||
                           std::equal(kEmpty, kEmpty + 4, head.begin())))
    return true;
  // Not a zip by content, but named as one: read as a zip, which reports it
  // as a malformed archive rather than as a module that is not wasm.
  return !wasm::has_wasm_magic(head) && is_archive_name(file_name);
}

constexpr std::string_view kZipSuffixes[] = {".whl", ".zip"};

}  // namespace

extern const Source kZipSource{
    .name = "zip", .sniff = sniff_zip, .folder_suffixes = kZipSuffixes, .read = read_zip};

}  // namespace wasmsize::sources
