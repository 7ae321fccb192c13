// A loose module: one .wasm or .so file, which is its own artifact. Its
// compressed size is what deflate (level 6) would store, as a zip would.
#include <fmt/format.h>

#include <fstream>

#include "sources/findings.h"
#include "sources/source.h"
#include "wasm/parser.h"

namespace wasmsize::sources {

namespace {

void read_module(const InputFile& input, const ReadOptions& options,
                 model::ArtifactReport& artifact, std::vector<model::Finding>& findings,
                 const ModuleSink& sink) {
  artifact.kind = model::kLooseModule;
  const std::string rel = input.member_path();
  auto fail = [&](const base::FindingKind& kind, std::string message) {
    findings.push_back(base::finding(kind, {artifact.path, rel}, std::move(message)));
  };
  if (artifact.size > options.limits.max_entry_size) {
    return fail(
        kInflateLimit,
        fmt::format("file is {} bytes, over the {}-byte module limit (--max-entry-size); not read",
                    artifact.size, options.limits.max_entry_size));
  }
  std::ifstream in(input.path, std::ios::binary);
  std::vector<uint8_t> bytes(artifact.size);
  if (!in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()))) {
    return fail(kUnreadable, "cannot read the file");
  }
  artifact.uncompressed_size = artifact.entries_stored_size = bytes.size();
  if (!wasm::has_wasm_magic(bytes)) {
    artifact.files.push_back({rel, bytes.size(), bytes.size()});
    return fail(kNotWasm,
                "not a WebAssembly module (no \\0asm magic); counted as a file, not parsed");
  }
  const uint64_t size = bytes.size();
  const std::string digest = options.hash_entries ? record_digest(bytes) : "";
  sink({rel, deflated_size(bytes), size, digest}, std::move(bytes));
}

bool sniff_module(std::span<const uint8_t> head, std::string_view) {
  return wasm::has_wasm_magic(head);
}

constexpr std::string_view kModuleSuffixes[] = {".wasm", ".so"};

}  // namespace

extern const Source kModuleSource{.name = "module",
                                  .sniff = sniff_module,
                                  .folder_suffixes = kModuleSuffixes,
                                  .read = read_module};

}  // namespace wasmsize::sources
