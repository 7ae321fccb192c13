// The pipeline's parallel part: reading artifacts and analysing their
// modules on a pool of workers (see Scheduler below).
#include "pipeline/pipeline.h"

#include <fmt/format.h>
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>

#include "analysis/fingerprint.h"
#include "analysis/measure.h"
#include "pipeline/findings.h"
#include "sources/findings.h"
#include "sources/package.h"
#include "transfer/transfer.h"
#include "wasm/parser.h"

namespace wasmsize::pipeline {

namespace {

// One module's measurements and findings. `after` is how many of the
// artifact's own findings came before it, so findings keep entry order
// however the modules were scheduled.
struct ModuleResult {
  model::ModuleReport report;
  std::vector<model::Finding> findings;
  size_t after = 0;
};

struct ArtifactResult {
  model::ArtifactReport artifact;
  std::vector<model::Finding> findings;  // about the archive itself
  // unique_ptr: a worker fills a slot while the reader appends more.
  std::vector<std::unique_ptr<ModuleResult>> modules;
  // About the file's own figures (analyse_file), which may run while the
  // modules do: apart from `findings`, appended after them.
  std::vector<model::Finding> file_findings;
};

// `artifact` is the path findings name; `loose` when the module is the file.
void analyse_module(const sources::ModuleEntry& entry, const std::vector<uint8_t>& bytes,
                    const std::string& artifact, bool loose, const Needs& needs,
                    uint32_t max_functions, bool hash, base::ContentCache& cache,
                    ModuleResult& out) {
  const model::Levels levels = needs.levels;
  // The fingerprint pass decodes every body anyway, so the parser does not.
  wasm::ParseResult parsed = wasm::parse_module(
      bytes, {.validate_code = levels == model::kNoLevels, .max_functions = max_functions});
  std::vector<model::FunctionPrint> prints;
  if (!parsed.error && levels != model::kNoLevels && parsed.module.unkept_bodies == 0) {
    try {
      prints = analysis::fingerprint_module(parsed.module, levels);
    } catch (const wasm::ParseError& e) {
      parsed.error = wasm::ParseFailure{e.offset(), e.what()};
    }
  }
  model::ModuleReport& m = out.report;
  m = analysis::measure_module(parsed, bytes.size(), needs.function_list);
  m.prints = std::move(prints);
  m.name = sources::module_name(entry.path);
  m.path = loose ? "" : entry.path;
  m.compressed_size = entry.stored_size;
  m.sha256 = entry.sha256;
  // A distribution's closures compare modules across wheels by content.
  if (hash && m.sha256.empty()) m.sha256 = sources::record_digest(bytes);
  if (levels != model::kNoLevels) {  // for whole files shipped twice (analysis/duplicates)
    const XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
    std::memcpy(m.content.data(), &h.low64, 8);
    std::memcpy(m.content.data() + 8, &h.high64, 8);
    constexpr std::string_view kCython = "cython_runtime";  // for analysis/cluster_advice
    for (const auto& d : parsed.module.data) {
      const std::string_view text(reinterpret_cast<const char*>(d.data.data()), d.data.size());
      m.cython = m.cython || text.find(kCython) != std::string_view::npos;
    }
  }
  if (needs.transfer.modules) m.transfer = transfer::module_transfer(bytes, cache);
  if (parsed.module.unkept_bodies > 0) {
    out.findings.push_back(base::finding(
        kResourceLimit, {artifact, m.name},
        fmt::format("{} functions, over the --max-functions limit of {}: the module's sections are "
                    "measured, its functions are not listed or compared for duplicates",
                    parsed.module.unkept_bodies, max_functions)));
  }
  if (m.error) {
    out.findings.push_back(base::finding(
        kMalformedModule, {artifact, m.name, m.error->offset},
        fmt::format("malformed module at byte {}: {}", m.error->offset, m.error->message)));
  }
  for (const wasm::CustomIssue& c : parsed.module.custom_issues) {
    out.findings.push_back(
        base::finding(kMalformedCustomSection, {artifact, m.name, c.offset},
                      fmt::format("custom section '{}' does not decode at byte {}: {}", c.section,
                                  c.offset, c.message)));
  }
}

// Runs `f`; what it throws (memory a hostile input asked for and the
// machine did not have, a library's error) becomes a finding about that
// input, never an escape from a worker thread, which would abort.
template <typename F>
bool guarded(const std::string& artifact, const std::string& subject,
             std::vector<model::Finding>& findings, F&& f) {
  try {
    f();
    return true;
  } catch (const std::bad_alloc&) {
    findings.push_back(base::finding(
        kResourceLimit, {artifact, subject},
        "ran out of memory measuring this input; it is left out, the others are measured"));
  } catch (const std::exception& e) {
    findings.push_back(base::finding(kResourceLimit, {artifact, subject},
                                     fmt::format("could not be measured: {}", e.what())));
  }
  return false;
}

// The artifact file's own figures: its SHA-256 and transfer sizes. The
// file is read again whole (the source streamed it); it is bounded like
// everything a source inflates.
void analyse_file(const sources::InputFile& input, const Needs& needs,
                  const sources::ReadLimits& limits, base::ContentCache& cache,
                  model::ArtifactReport& artifact, std::vector<model::Finding>& findings) {
  // A file no archive of modules would be (a sparse 2 GiB file named like a
  // wheel beside a lock) is neither held nor hashed: --max-entry-size
  // bounds it as it bounds every module.
  if (artifact.size > limits.max_entry_size) {
    findings.push_back(base::finding(
        kResourceLimit, {artifact.path, ""},
        fmt::format("{} bytes, over the {}-byte limit (--max-entry-size): the file is not hashed "
                    "and has no transfer size",
                    artifact.size, limits.max_entry_size)));
    return;
  }
  const bool closure = needs.transfer.distributions && input.in_distribution;
  const bool closure_potential = needs.transfer.distribution_potential && input.in_distribution;
  const bool transfer = needs.transfer.artifacts || needs.transfer.potential || closure;
  std::ifstream in(input.path, std::ios::binary);
  if (!transfer) {
    // The hash alone: streamed, so memory does not grow with the file.
    std::string digest;
    if (!base::sha256_stream(in, artifact.size, digest)) {
      findings.push_back(base::finding(kResourceLimit, {artifact.path, ""},
                                       "the file changed while it was read: not hashed"));
      return;
    }
    artifact.file_sha256 = std::move(digest);
    return;
  }
  std::vector<uint8_t> bytes(artifact.size);
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (static_cast<uint64_t>(in.gcount()) != bytes.size()) {
    findings.push_back(base::finding(kResourceLimit, {artifact.path, ""},
                                     "the file changed while it was read: not hashed"));
    return;
  }
  artifact.file_sha256 =
      base::sha256_hex({reinterpret_cast<const char*>(bytes.data()), bytes.size()});
  const bool potential = needs.transfer.potential || closure_potential;
  std::string no_potential;
  artifact.transfer =
      transfer::artifact_transfer(bytes, artifact.file_sha256,
                                  {.archive = artifact.kind != model::kLooseModule,
                                   .potential = potential,
                                   .limits = transfer::repack_limits(bytes.size(), limits)},
                                  cache, &no_potential);
  if (potential && !no_potential.empty()) {
    findings.push_back(base::finding(kResourceLimit, {artifact.path, ""},
                                     fmt::format("no stored-repack potential: {}", no_potential)));
  }
}

// A module that could not be measured still counts, whole, as its size.
model::ModuleReport unmeasured(const sources::ModuleEntry& entry, bool loose, uint64_t size) {
  model::ModuleReport m;
  m.name = sources::module_name(entry.path);
  m.path = loose ? "" : entry.path;
  m.size = m.other_size = size;
  m.compressed_size = entry.stored_size;
  m.error = model::ParseErrorInfo{0, "not measured: out of memory"};
  return m;
}

// More parallel jobs than this are never useful on the machines wasmsize
// runs on, and each costs a thread.
constexpr unsigned kMaxJobs = 256;

// Workers take, in this order of preference, a module some reader has
// inflated, or the next artifact to read. An archive is read by one worker
// (a libzip handle is not shared between threads), but the modules it yields
// are analysed by any free worker, so one large wheel still uses every core.
// A reader hands a module over only while fewer than jobs - 1 wait or run;
// otherwise it analyses the module itself, which bounds memory to about one
// module per job and never lets a reader block.
class Scheduler {
 public:
  Scheduler(const std::vector<sources::InputFile>& inputs, const sources::ReadOptions& read,
            const Needs& needs, base::ContentCache& cache,
            std::function<void(size_t, size_t)> progress, std::vector<ArtifactResult>& results)
      : inputs_(inputs),
        read_(read),
        needs_(needs),
        cache_(cache),
        progress_(std::move(progress)),
        results_(results),
        order_(inputs.size()) {
    // Largest artifacts first, so no job is left with a big one at the end.
    std::vector<uintmax_t> sizes(inputs.size());
    for (size_t i = 0; i < inputs.size(); ++i) {
      std::error_code ec;
      sizes[i] = std::filesystem::file_size(inputs[i].path, ec);
      order_[i] = i;
    }
    std::stable_sort(order_.begin(), order_.end(),
                     [&](size_t a, size_t b) { return sizes[a] > sizes[b]; });
  }

  void run(unsigned jobs) {
    // More workers than inputs' modules could use only cost threads; past
    // what the system gives, run with the threads we got.
    jobs_ = std::clamp(jobs, 1u, kMaxJobs);
    std::vector<std::thread> threads;
    for (unsigned j = 1; j < jobs_; ++j) {
      try {
        threads.emplace_back([this] { work(); });
      } catch (const std::system_error&) {
        std::lock_guard lock(mutex_);
        jobs_ = static_cast<unsigned>(threads.size()) + 1;
        break;
      }
    }
    work();
    for (auto& t : threads)
      t.join();
  }

 private:
  using Task = std::function<void()>;

  void work() {
    std::unique_lock lock(mutex_);
    for (;;) {
      if (!tasks_.empty()) {
        Task task = std::move(tasks_.front());
        tasks_.pop_front();
        lock.unlock();
        task();
        lock.lock();
        --in_flight_;
      } else if (next_ < order_.size()) {
        const size_t index = order_[next_++];
        ++readers_;
        lock.unlock();
        read(index);
        lock.lock();
        --readers_;
      } else if (readers_ == 0 && in_flight_ == 0) {
        cv_.notify_all();
        return;
      } else {
        cv_.wait(lock);
        continue;
      }
      cv_.notify_all();
    }
  }

  void read(size_t index) {
    ArtifactResult& out = results_[index];
    guarded(inputs_[index].path.generic_string(), "", out.findings, [&] { read_artifact(index); });
    if (progress_) progress_(++done_, inputs_.size());
  }

  void read_artifact(size_t index) {
    ArtifactResult& out = results_[index];
    sources::read_artifact(
        inputs_[index], read_, out.artifact, out.findings,
        [&](const sources::ModuleEntry& entry, std::vector<uint8_t>&& bytes) {
          auto& slot = *out.modules.emplace_back(std::make_unique<ModuleResult>());
          slot.after = out.findings.size();
          auto task = [&slot, entry, bytes = std::move(bytes), path = out.artifact.path,
                       loose = out.artifact.kind == model::kLooseModule,
                       hash = inputs_[index].in_distribution, this] {
            if (!guarded(path, sources::module_name(entry.path), slot.findings, [&] {
                  analyse_module(entry, bytes, path, loose, needs_, read_.limits.max_functions,
                                 hash, cache_, slot);
                })) {
              slot.report = unmeasured(entry, loose, bytes.size());
            }
          };
          if (!hand_over(task)) task();
        });
    if (!needs_.file_hashes && !needs_.transfer.artifacts && !needs_.transfer.potential &&
        !inputs_[index].in_distribution) {
      return;
    }
    // After the modules, so the file's own (often slowest) figure runs
    // beside them rather than before.
    auto file_task = [this, index, &out] {
      auto& findings = out.file_findings;
      guarded(out.artifact.path, "", findings, [&] {
        analyse_file(inputs_[index], needs_, read_.limits, cache_, out.artifact, findings);
      });
    };
    if (!hand_over(file_task)) file_task();
  }

  template <typename F>
  bool hand_over(F& task) {
    std::lock_guard lock(mutex_);
    if (in_flight_ + 1 >= jobs_) return false;
    ++in_flight_;
    tasks_.emplace_back(std::move(task));
    cv_.notify_one();
    return true;
  }

  const std::vector<sources::InputFile>& inputs_;
  const sources::ReadOptions& read_;
  const Needs& needs_;
  base::ContentCache& cache_;
  std::function<void(size_t, size_t)> progress_;
  std::vector<ArtifactResult>& results_;
  std::vector<size_t> order_;
  unsigned jobs_ = 1;

  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Task> tasks_;
  size_t next_ = 0;       // into order_
  size_t readers_ = 0;    // artifacts being read
  size_t in_flight_ = 0;  // modules handed over and not finished
  std::atomic<size_t> done_{0};
};

}  // namespace

model::Run scan(const std::vector<sources::InputFile>& inputs, const Needs& needs,
                const Options& options) {
  const sources::ReadOptions read{.limits = options.limits,
                                  .only_entry = options.only_entry,
                                  .hash_entries = needs.entry_hashes};
  std::vector<ArtifactResult> results(inputs.size());
  base::ContentCache no_cache;
  base::ContentCache& cache = options.cache ? *options.cache : no_cache;
  Scheduler(inputs, read, needs, cache, options.progress, results).run(options.jobs);
  cache.prune();

  model::Run run;
  for (auto& r : results) {
    size_t emitted = 0;
    auto archive_findings_until = [&](size_t n) {
      for (; emitted < n; ++emitted)
        run.findings.push_back(std::move(r.findings[emitted]));
    };
    for (auto& m : r.modules) {
      archive_findings_until(m->after);
      r.artifact.modules.push_back(std::move(m->report));
      std::move(m->findings.begin(), m->findings.end(), std::back_inserter(run.findings));
    }
    archive_findings_until(r.findings.size());
    std::move(r.file_findings.begin(), r.file_findings.end(), std::back_inserter(run.findings));
    run.artifacts.push_back(std::move(r.artifact));
  }
  return run;
}

}  // namespace wasmsize::pipeline
