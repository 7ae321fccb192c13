// `wasmsize --version`: what a bug report needs to reproduce a result, the
// version, the commit, the build day and every library that reads or
// measures input, taken from the headers it was compiled against.
#include "cli/version_text.h"

#include <fmt/format.h>
#include <openssl/opensslv.h>
#include <spdlog/version.h>
#include <zip.h>
#include <zlib.h>

#include <CLI/Version.hpp>
#include <nlohmann/json.hpp>

#include <brotli/encode.h>
#include <libdeflate.h>
#include <xxhash.h>
#include "version.h"

namespace wasmsize::cli {

std::string version_text() {
  return fmt::format(
      "wasmsize {}\n"
      "commit {}, built {} ({})\n"
      "libzip {}, zlib {}, libdeflate {}, brotli {}.{}.{}, xxhash {}.{}.{}, {}\n"
      "yaml-cpp {}, nlohmann-json {}.{}.{}, CLI11 {}, fmt {}.{}.{}, spdlog {}.{}.{}",
      kVersion, kGitCommit, kBuildDate, kLinkage, LIBZIP_VERSION, ZLIB_VERSION,
      LIBDEFLATE_VERSION_STRING, BrotliEncoderVersion() >> 24, BrotliEncoderVersion() >> 12 & 0xFFF,
      BrotliEncoderVersion() & 0xFFF, XXH_VERSION_MAJOR, XXH_VERSION_MINOR, XXH_VERSION_RELEASE,
      OPENSSL_VERSION_TEXT, kYamlCppVersion[0] != '\0' ? kYamlCppVersion : "unknown",
      NLOHMANN_JSON_VERSION_MAJOR, NLOHMANN_JSON_VERSION_MINOR, NLOHMANN_JSON_VERSION_PATCH,
      CLI11_VERSION, FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100,
      SPDLOG_VER_MAJOR, SPDLOG_VER_MINOR, SPDLOG_VER_PATCH);
}

}  // namespace wasmsize::cli
