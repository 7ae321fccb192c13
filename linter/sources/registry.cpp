// The source table: which sources exist, in the order they sniff. A new kind
// of input is one line here plus its own file.
#include <fmt/format.h>

#include <array>
#include <fstream>

#include "sources/findings.h"
#include "sources/source.h"

namespace wasmsize::sources {

extern const Source kZipSource;          // zip_source.cpp
extern const Source kModuleSource;       // module_source.cpp
extern const Source kSavedReportSource;  // saved_report_source.cpp
extern const Source kGzipSource;         // gzip_source.cpp
extern const Source kLockSource;         // lock_source.cpp

std::span<const Source> all_sources() {
  static const Source kSources[] = {
      kZipSource,         kModuleSource,
      kLockSource,  // before saved reports: both are JSON
      kSavedReportSource, kGzipSource,
  };
  return kSources;
}

const Source& source_for(const std::filesystem::path& path) {
  std::array<uint8_t, 64> head{};
  size_t got = 0;
  if (std::ifstream in{path, std::ios::binary}) {
    in.read(reinterpret_cast<char*>(head.data()), head.size());
    got = static_cast<size_t>(in.gcount());
  }
  const std::string name = path.filename().string();
  for (const Source& s : all_sources()) {
    if (s.sniff(std::span(head).first(got), name)) return s;
  }
  return kModuleSource;
}

void read_artifact(const InputFile& input, const ReadOptions& options,
                   model::ArtifactReport& artifact, std::vector<model::Finding>& findings,
                   const ModuleSink& sink) {
  artifact.path = input.path.generic_string();
  std::error_code ec;
  artifact.size = std::filesystem::file_size(input.path, ec);
  if (ec) {
    findings.push_back(base::finding(kUnreadable, {artifact.path, ""},
                                     fmt::format("cannot read: {}", ec.message())));
    return;
  }
  const Source& source = input.source ? *input.source : source_for(input.path);
  if (!source.read) {  // a lock is expanded by the pipeline, a saved report loaded
    findings.push_back(base::finding(
        kUnreadable, {artifact.path, ""},
        fmt::format("a {} holds measurements, not modules; it can stand only for a build to "
                    "compare with (diff, check --base)",
                    source.name)));
    return;
  }
  source.read(input, options, artifact, findings, sink);
  total_files(artifact);
}

}  // namespace wasmsize::sources
