#include "cli/common.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>

#include "rules/units.h"

namespace wasmsize::cli {

void add_common_options(CLI::App& cmd, CommonOptions& o, const std::vector<std::string>& formats) {
  cmd.add_option("--format", o.format, "output format")
      ->check(CLI::IsMember(formats))
      ->default_str(o.format);
  cmd.add_option("-o,--output", o.output, "write the output to FILE instead of stdout");
  cmd.add_option("-j,--jobs", o.jobs, "parallel jobs (default: one per core)");
  cmd.add_flag("-q,--quiet", o.quiet, "print nothing but findings");
  cmd.add_flag("-v,--verbose", o.verbose, "log progress and timings to stderr");
  cmd.add_flag("--no-color", o.no_color, "no colour (also: NO_COLOR in the environment)");
  cmd.add_option("--max-inflated-size", o.max_inflated,
                 "cap on bytes inflated from one archive (zip-bomb guard)")
      ->default_str(o.max_inflated);
  cmd.add_option("--max-entry-size", o.max_entry,
                 "cap on one module's or archive entry's uncompressed size")
      ->default_str(o.max_entry);
  cmd.add_option("--max-compression-ratio", o.max_ratio,
                 "entries over 1 MiB that inflate more than N:1 are not read (zip-bomb guard)")
      ->check(CLI::PositiveNumber)
      ->default_str(std::to_string(o.max_ratio));
}

Output::Output(const CommonOptions& o) {
  if (!o.output.empty()) {
    // Like eslint's -o: a report path in a folder that does not exist yet works.
    std::error_code ec;
    const auto parent = std::filesystem::path(o.output).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    file_ = std::make_unique<std::ofstream>(o.output, std::ios::binary);
    if (!*file_) throw UsageError{fmt::format("cannot write to {}", o.output)};
  }
  const char* no_color = std::getenv("NO_COLOR");
  style_.color = !file_ && !o.no_color && !(no_color && *no_color) && isatty(STDOUT_FILENO);
}

namespace {
uint64_t size_option(const char* option, const std::string& text) {
  rules::UnitError error;
  const auto bytes = rules::parse_size(text, &error);
  if (!bytes) throw UsageError{fmt::format("{}: {}", option, error.message)};
  return *bytes;
}
}  // namespace

archive::ReadLimits read_limits(const CommonOptions& o) {
  archive::ReadLimits limits;
  limits.max_total_inflated = size_option("--max-inflated-size", o.max_inflated);
  limits.max_entry_size = size_option("--max-entry-size", o.max_entry);
  limits.max_ratio = o.max_ratio;
  return limits;
}

std::function<void(size_t, size_t)> progress_bar(const CommonOptions& o) {
  if (o.quiet || !isatty(STDERR_FILENO)) return {};
  const auto start = std::chrono::steady_clock::now();
  auto mutex = std::make_shared<std::mutex>();
  return [start, mutex](size_t done, size_t total) {
    // Only for runs long enough to notice, and never for a single input.
    if (total < 2 || std::chrono::steady_clock::now() - start < std::chrono::milliseconds(300))
      return;
    std::lock_guard lock(*mutex);
    constexpr size_t kWidth = 30;
    const size_t filled = kWidth * done / total;
    std::fprintf(stderr, "\r[%s%s] %zu/%zu artifacts", std::string(filled, '#').c_str(),
                 std::string(kWidth - filled, '.').c_str(), done, total);
    if (done == total) std::fprintf(stderr, "\r%*s\r", int(kWidth + 30), "");
    std::fflush(stderr);
  };
}

unsigned job_count(const CommonOptions& o) {
  if (o.jobs > 0) return o.jobs;
  return std::max(1u, std::thread::hardware_concurrency());
}

int exit_status(const std::vector<model::Finding>& findings) {
  for (const auto& f : findings) {
    if (f.severity == model::Severity::kError) return kFindings;
  }
  return kOk;
}

}  // namespace wasmsize::cli
