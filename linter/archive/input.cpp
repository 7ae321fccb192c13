#include "archive/input.h"

#include <fmt/format.h>
#include <libdeflate.h>
#include <openssl/evp.h>
#include <zip.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <memory>
#include <optional>
#include <unordered_set>

#include "archive/naming.h"
#include "wasm/parser.h"

namespace wasmsize::archive {

namespace fs = std::filesystem;
using model::ArtifactReport;
using model::Finding;
using model::Severity;

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_archive_name(std::string_view name) {
  return ends_with(name, ".whl") || ends_with(name, ".zip");
}

// Names a module is likely to have; other entries are only peeked at for the
// magic number, so a wheel's many .py files are not inflated whole.
bool looks_like_module(std::string_view name) {
  return ends_with(name, ".so") || ends_with(name, ".wasm") ||
         name.find(".so.") != std::string_view::npos;
}

// A wheel's RECORD sits in its top-level *.dist-info folder.
bool is_record_entry(std::string_view name) {
  const size_t slash = name.find('/');
  return slash != std::string_view::npos && name.substr(slash) == "/RECORD" &&
         ends_with(name.substr(0, slash), ".dist-info");
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
                     [&](std::string_view ext) { return ends_with(name, ext); });
}

bool is_input_file(const fs::path& p) {
  const std::string name = p.filename().string();
  return is_archive_name(name) || ends_with(name, ".wasm") || ends_with(name, ".so");
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

class ArchiveReader {
 public:
  ArchiveReader(const InputFile& input, const ReadOptions& options, ArtifactReport& artifact,
                std::vector<Finding>& findings, const ModuleSink& sink)
      : input_(input), options_(options), artifact_(artifact), findings_(findings), sink_(sink) {}

  void read();

 private:
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
  void finding(std::string rule, std::string subject, std::string message,
               Severity severity = Severity::kError) {
    findings_.push_back({std::move(rule), severity, artifact_.path, std::move(subject),
                         std::nullopt, std::move(message)});
  }

  const InputFile& input_;
  const ReadOptions& options_;
  ArtifactReport& artifact_;
  std::vector<Finding>& findings_;
  const ModuleSink& sink_;
  std::unique_ptr<zip_t, ZipCloser> zip_;
  std::unordered_set<std::string> seen_;
  uint64_t inflated_ = 0;
  std::unique_ptr<libdeflate_decompressor, DecompressorFree> decompressor_;
};

void ArchiveReader::read() {
  int err = 0;
  zip_.reset(zip_open(input_.path.c_str(), ZIP_RDONLY, &err));
  if (!zip_) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    finding("input.malformed-archive", "",
            fmt::format("cannot open as a zip archive: {}", zip_error_strerror(&ze)));
    zip_error_fini(&ze);
    return;
  }
  const zip_int64_t n = zip_get_num_entries(zip_.get(), 0);
  for (zip_int64_t i = 0; i < n; ++i)
    entry(static_cast<zip_uint64_t>(i));
  if (!options_.only_entry.empty() && artifact_.modules.empty() &&
      seen_.count(options_.only_entry) == 0) {
    finding("input.missing-entry", options_.only_entry, "no such member in the archive");
  }
}

bool ArchiveReader::within_limits(const std::string& name, const zip_stat_t& st) {
  const ReadLimits& lim = options_.limits;
  if (st.size > lim.max_entry_size) {
    finding("input.inflate-limit", name,
            fmt::format("entry declares {} bytes uncompressed, over the {}-byte entry limit "
                        "(--max-entry-size); not read",
                        st.size, lim.max_entry_size));
    return false;
  }
  if (st.comp_method != ZIP_CM_STORE && st.size > (uint64_t{1} << 20) &&
      st.size / std::max<uint64_t>(st.comp_size, 1) > lim.max_ratio) {
    finding("input.inflate-limit", name,
            fmt::format("compression ratio {}:1 ({} -> {} bytes) is over the {}:1 limit "
                        "(--max-compression-ratio), a zip bomb; not read",
                        st.size / std::max<uint64_t>(st.comp_size, 1), st.comp_size, st.size,
                        lim.max_ratio));
    return false;
  }
  if (inflated_ + st.size > lim.max_total_inflated) {
    finding("input.inflate-limit", name,
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
    finding("input.corrupt-entry", name,
            fmt::format("cannot open entry: {}", zip_strerror(zip_.get())));
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
      finding("input.corrupt-entry", name,
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
      "input.size-mismatch", name,
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
    finding("input.corrupt-entry", name,
            fmt::format("entry declares {} stored bytes, more than the {}-byte archive holds",
                        st.comp_size, artifact_.size));
    return false;
  }
  std::unique_ptr<zip_file_t, ZipFileCloser> f(
      zip_fopen_index(zip_.get(), index, ZIP_FL_COMPRESSED));
  std::vector<uint8_t> packed(st.comp_size);
  if (!f ||
      zip_fread(f.get(), packed.data(), packed.size()) != static_cast<zip_int64_t>(packed.size())) {
    finding("input.corrupt-entry", name,
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
    finding("input.corrupt-entry", name, "cannot inflate entry: invalid deflate data");
    return false;
  }
  if (real != st.size) {
    size_mismatch(name, st.size, real);
    return false;
  }
  if (libdeflate_crc32(0, out.data(), out.size()) != st.crc) {
    finding("input.corrupt-entry", name,
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
    finding("input.corrupt-entry", fmt::format("#{}", index), "cannot read the entry's header");
    return;
  }
  const std::string name = st.name;
  if (ends_with(name, "/")) return;  // a folder entry holds no bytes
  artifact_.entries_stored_size += st.comp_size;
  artifact_.uncompressed_size += st.size;

  if (is_unsafe_entry_path(name)) {
    finding("input.unsafe-path", name,
            "entry path is absolute or climbs out with '..'; an installer would write outside "
            "the target folder");
  }
  if (!seen_.insert(name).second) {
    finding("input.duplicate-entry", name,
            "entry name appears more than once; which copy an installer keeps is undefined");
  }
  const bool wanted = options_.only_entry.empty() || options_.only_entry == name;
  auto as_file = [&] { artifact_.files.push_back({name, st.comp_size, st.size}); };
  if (!wanted) return as_file();
  if (is_archive_name(name)) {
    // Opening archives inside archives multiplies every limit above; say
    // so rather than leave the modules inside silently unmeasured.
    finding("input.nested-archive", name,
            "an archive inside the archive is counted as one file and not opened; modules in it "
            "are not measured",
            Severity::kWarning);
  }
  if (st.encryption_method != ZIP_EM_NONE) {
    finding("input.encrypted-entry", name, "entry is encrypted; it cannot be measured");
    return as_file();
  }
  if (!within_limits(name, st)) return as_file();
  if (st.size < 8 && !options_.hash_entries) return as_file();  // too small for a module

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

void read_loose_module(const InputFile& input, const ReadOptions& options, ArtifactReport& artifact,
                       std::vector<Finding>& findings, const ModuleSink& sink) {
  const std::string rel = input.module_root.empty()
                              ? input.path.filename().string()
                              : input.path.lexically_relative(input.module_root).generic_string();
  auto fail = [&](std::string rule, std::string message, Severity sev = Severity::kError) {
    findings.push_back(
        {std::move(rule), sev, artifact.path, rel, std::nullopt, std::move(message)});
  };
  if (artifact.size > options.limits.max_entry_size) {
    return fail(
        "input.inflate-limit",
        fmt::format("file is {} bytes, over the {}-byte module limit (--max-entry-size); not read",
                    artifact.size, options.limits.max_entry_size));
  }
  std::ifstream in(input.path, std::ios::binary);
  std::vector<uint8_t> bytes(artifact.size);
  if (!in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()))) {
    return fail("input.unreadable", "cannot read the file");
  }
  artifact.uncompressed_size = artifact.entries_stored_size = bytes.size();
  if (!wasm::has_wasm_magic(bytes)) {
    artifact.files.push_back({rel, bytes.size(), bytes.size()});
    return fail("input.not-wasm",
                "not a WebAssembly module (no \\0asm magic); counted as a file, not parsed",
                Severity::kWarning);
  }
  const uint64_t size = bytes.size();
  const std::string digest = options.hash_entries ? record_digest(bytes) : "";
  sink({rel, deflated_size(bytes), size, digest}, std::move(bytes));
}

}  // namespace

std::vector<InputFile> expand_inputs(const std::vector<std::string>& args,
                                     std::vector<std::string>& errors) {
  std::vector<InputFile> out;
  for (const std::string& arg : args) {
    const fs::path p(arg);
    std::error_code ec;
    const auto status = fs::status(p, ec);
    if (ec || !fs::exists(status)) {
      errors.push_back(fmt::format("{}: no such file or folder", arg));
    } else if (fs::is_directory(status)) {
      std::vector<fs::path> found;
      for (auto it = fs::recursive_directory_iterator(
               p, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec) && is_input_file(it->path())) found.push_back(it->path());
      }
      if (ec) errors.push_back(fmt::format("{}: cannot walk folder: {}", arg, ec.message()));
      std::sort(found.begin(), found.end());
      for (auto& f : found)
        out.push_back({f, p});
    } else {
      out.push_back({p, {}});
    }
  }
  return out;
}

void read_artifact(const InputFile& input, const ReadOptions& options, ArtifactReport& artifact,
                   std::vector<Finding>& findings, const ModuleSink& sink) {
  artifact.path = input.path.generic_string();
  std::error_code ec;
  artifact.size = fs::file_size(input.path, ec);
  if (ec) {
    findings.push_back({"input.unreadable", Severity::kError, artifact.path, "", std::nullopt,
                        fmt::format("cannot read: {}", ec.message())});
    return;
  }
  const std::string file_name = input.path.filename().string();
  if (auto wheel = parse_wheel_name(file_name)) {
    artifact.kind = ArtifactReport::Kind::kWheel;
    artifact.distribution = wheel->distribution;
    artifact.version = wheel->version;
    artifact.platform_tag = wheel->platform_tag;
  } else if (is_archive_name(file_name)) {
    artifact.kind = ArtifactReport::Kind::kZip;
    artifact.distribution = file_name.substr(0, file_name.size() - 4);
  } else {
    artifact.kind = ArtifactReport::Kind::kModule;
    return read_loose_module(input, options, artifact, findings, sink);
  }
  ArchiveReader(input, options, artifact, findings, sink).read();
}

std::string record_digest(std::span<const uint8_t> bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr);
  std::string b64(4 * ((len + 2) / 3) + 1, '\0');
  const int n =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()), md, static_cast<int>(len));
  b64.resize(static_cast<size_t>(n));
  for (char& c : b64)
    c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!b64.empty() && b64.back() == '=')
    b64.pop_back();
  return b64;
}

uint64_t deflated_size(std::span<const uint8_t> bytes) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return 0;
  std::array<uint8_t, 1 << 16> out;
  uint64_t total = 0;
  zs.next_in = const_cast<Bytef*>(bytes.data());
  int rc = Z_OK;
  size_t fed = 0;
  do {
    // zlib's avail_in is 32-bit: feed large inputs in pieces.
    if (zs.avail_in == 0 && fed < bytes.size()) {
      const size_t piece = std::min<size_t>(bytes.size() - fed, 1u << 30);
      zs.next_in = const_cast<Bytef*>(bytes.data() + fed);
      zs.avail_in = static_cast<uInt>(piece);
      fed += piece;
    }
    zs.next_out = out.data();
    zs.avail_out = out.size();
    rc = deflate(&zs, fed == bytes.size() ? Z_FINISH : Z_NO_FLUSH);
    total += out.size() - zs.avail_out;
  } while (rc == Z_OK || rc == Z_BUF_ERROR);
  deflateEnd(&zs);
  return total;
}

}  // namespace wasmsize::archive
