#include "cli/common.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>

#include "base/units.h"

namespace wasmsize::cli {

void add_common_options(CLI::App& cmd, CommonOptions& o, const std::vector<std::string>& formats) {
  cmd.add_option("--format", o.formats,
                 fmt::format("output format: {} (default {}); NAME=FILE writes that format to "
                             "FILE, and the option repeats, so one run writes several reports",
                             fmt::join(formats, ", "), formats.front()))
      ->type_name("NAME[=FILE]")
      // One value per --format, repeated: `--format json dist/` keeps dist/ an input.
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd.add_option("-o,--output", o.output,
                 "write the --format NAME report to FILE instead of stdout");
  cmd.add_option("-j,--jobs", o.jobs, "parallel jobs (default: one per core)");
  cmd.add_flag("-q,--quiet", o.quiet, "print nothing but findings");
  cmd.add_flag("-v,--verbose", o.verbose, "log progress and timings to stderr");
  cmd.add_flag("--no-color", o.no_color, "no colour (also: NO_COLOR in the environment)");
  cmd.add_option("--width", o.width,
                 "text tables fit N columns (0: every column; default: the terminal's, or 100)")
      ->check(CLI::NonNegativeNumber);
  cmd.add_flag("--verify-cache", o.verify_cache,
               "compute every transfer size again and compare it with the cached one");
  cmd.add_flag("--allow-empty", o.allow_empty,
               "accept inputs that hold no WebAssembly module (default: exit 2, as a linter "
               "given no files does)");
  cmd.add_option("--max-inflated-size", o.max_inflated,
                 "cap on bytes inflated from one archive (zip-bomb guard)")
      ->default_str(o.max_inflated);
  cmd.add_option("--max-entry-size", o.max_entry,
                 "cap on one module's or archive entry's uncompressed size")
      ->default_str(o.max_entry);
  cmd.add_option("--max-functions", o.max_functions,
                 "modules with more functions are measured by section only (memory guard)")
      ->check(CLI::PositiveNumber)
      ->default_str(std::to_string(o.max_functions));
  cmd.add_option("--max-compression-ratio", o.max_ratio,
                 "entries over 1 MiB that inflate more than N:1 are not read (zip-bomb guard)")
      ->check(CLI::PositiveNumber)
      ->default_str(std::to_string(o.max_ratio));
}

std::vector<Target> format_targets(const CommonOptions& o, const std::vector<std::string>& names) {
  std::vector<Target> targets;
  bool bare = false;
  for (const std::string& spec : o.formats.empty() ? std::vector{names.front()} : o.formats) {
    const size_t eq = spec.find('=');
    Target t{spec.substr(0, eq), eq == std::string::npos ? "" : spec.substr(eq + 1)};
    if (std::find(names.begin(), names.end(), t.format) == names.end()) {
      throw UsageError{fmt::format("--format: unknown format '{}'; this command writes {}",
                                   t.format, fmt::join(names, ", "))};
    }
    if (eq != std::string::npos && t.file.empty()) {
      throw UsageError{fmt::format("--format {}=: a file name must follow '='", t.format)};
    }
    if (t.file.empty()) {
      if (bare) {
        throw UsageError{
            "--format: at most one format without a file (it goes to stdout or --output); "
            "write the others as --format NAME=FILE"};
      }
      bare = true;
      t.file = o.output;
    }
    targets.push_back(std::move(t));
  }
  // Reports to files only: the default one still goes to stdout (or
  // --output), so a person reading the log sees what the files say.
  if (!bare) targets.insert(targets.begin(), Target{names.front(), o.output});
  return targets;
}

namespace {

// Text on a terminal fits it; elsewhere (a CI log, a pipe) 100 columns,
// unless --width or COLUMNS says otherwise. A file gets every column.
size_t text_width(const CommonOptions& o, bool to_stdout) {
  if (o.width >= 0) return static_cast<size_t>(o.width);
  if (!to_stdout) return 0;
  winsize ws{};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return ws.ws_col;
  if (const char* columns = std::getenv("COLUMNS")) {
    const long n = std::strtol(columns, nullptr, 10);
    if (n > 0 && n < 10000) return static_cast<size_t>(n);
  }
  return 100;
}

bool color_wanted(const CommonOptions& o, bool to_stdout) {
  const char* no_color = std::getenv("NO_COLOR");
  return to_stdout && !o.no_color && !(no_color && *no_color) && isatty(STDOUT_FILENO);
}

}  // namespace

void write_targets(const std::vector<Target>& targets, const CommonOptions& o,
                   const Writer& write) {
  for (const Target& t : targets) {
    const report::Style style{.color = color_wanted(o, t.file.empty()),
                              .quiet = o.quiet,
                              .width = text_width(o, t.file.empty() || t.file == "-")};
    if (t.file.empty() || t.file == "-") {
      write(t.format, style, std::cout);
      std::cout.flush();
      if (!std::cout) throw UsageError{"cannot write to stdout"};
      continue;
    }
    // Like eslint's -o: a report path in a folder that does not exist yet works.
    std::error_code ec;
    const auto parent = std::filesystem::path(t.file).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    std::ofstream file(t.file, std::ios::binary);
    if (file) write(t.format, style, file);
    if (file) file.close();
    if (!file) throw UsageError{fmt::format("cannot write to {}", t.file)};
  }
}

namespace {
uint64_t size_option(const char* option, const std::string& text) {
  base::UnitError error;
  const auto bytes = base::parse_size(text, &error);
  if (!bytes) throw UsageError{fmt::format("{}: {}", option, error.message)};
  return *bytes;
}

// A progress bar on stderr, when stderr is a terminal and the run is long
// enough to want one; else empty.
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
}  // namespace

bool formats_list_functions(const CommonOptions& o) {
  return std::any_of(o.formats.begin(), o.formats.end(), [](const std::string& f) {
    const std::string_view name = std::string_view(f).substr(0, f.find('='));
    return name == "json" || name == "html";
  });
}

pipeline::Options pipeline_options(const CommonOptions& o) {
  return {.limits = {.max_total_inflated = size_option("--max-inflated-size", o.max_inflated),
                     .max_entry_size = size_option("--max-entry-size", o.max_entry),
                     .max_ratio = o.max_ratio,
                     .max_functions = o.max_functions},
          .jobs = job_count(o),
          .only_entry = "",
          .progress = progress_bar(o),
          .cache = &content_cache()};
}

// What the cache did that a user must know: figures it held that their
// format cannot have (a tampered or foreign cache), and --verify-cache's
// count.
void report_cache(const base::ContentCache& cache, const CommonOptions& o) {
  if (cache.rejected() > 0) {
    spdlog::warn(
        "transfer cache {}: {} cached figure(s) impossible for their input were ignored and "
        "computed again (a tampered or foreign cache?)",
        cache.dir().string(), cache.rejected());
  }
  if (o.verify_cache && cache.differed() > 0) {
    spdlog::warn(
        "transfer cache: {} of {} cached figure(s) differed from the computed ones and "
        "were rewritten",
        cache.differed(), cache.verified());
  } else if (o.verify_cache && !o.quiet) {
    std::cerr << fmt::format(
        "wasmsize: transfer cache: {} cached figure(s) verified, none differed\n",
        cache.verified());
  }
}

base::ContentCache& content_cache() {
  static base::ContentCache cache = base::ContentCache::from_environment();
  return cache;
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

pipeline::Measurements measure(const std::vector<std::string>& inputs, const pipeline::Needs& needs,
                               const CommonOptions& o) {
  pipeline::Measurements m;
  content_cache().set_verify(o.verify_cache);
  try {
    m = pipeline::measure(inputs, needs, pipeline_options(o));
  } catch (const pipeline::InputError& e) {
    throw UsageError{e.message};
  }
  report_cache(content_cache(), o);
  // A budget checked against nothing passes: `check emptydist/` said "0
  // checks passed". A wrong path or a build that produced nothing must
  // stop the build instead, as eslint and size-limit do on no files. Inputs
  // that held something unreadable (a zip bomb, a .so that is not wasm) say
  // so in their findings instead, which this must not hide.
  if (m.run.module_count() == 0 && m.run.findings.empty() && !o.allow_empty) {
    std::string names;
    for (const auto& i : inputs)
      names += (names.empty() ? "" : ", ") + i;
    throw UsageError{fmt::format(
        "no WebAssembly module in {} ({} artifact{} read): wasmsize reads wheels, zips, "
        ".wasm/.so modules, folders of them and saved json reports; --allow-empty accepts this",
        names, m.run.artifacts.size(), m.run.artifacts.size() == 1 ? "" : "s")};
  }
  return m;
}

}  // namespace wasmsize::cli
