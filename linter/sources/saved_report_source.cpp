// A saved `wasmsize report --format json` (or `inspect`) document: it stands
// for the build it was made from, so CI can keep the report of a release and
// compare later builds with it (diff, check --base) instead of its wheels.
#include <fmt/format.h>

#include <fstream>
#include <stdexcept>

#include "json/schema.h"
#include "sources/source.h"

namespace wasmsize::sources {

namespace {

// JSON by content: an object, after optional whitespace and a UTF-8 BOM.
bool sniff_json(std::span<const uint8_t> head, std::string_view) {
  size_t i = 0;
  if (head.size() >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF) i = 3;
  while (i < head.size() &&
         (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t'))
    ++i;
  return i < head.size() && head[i] == '{';
}

LoadedRun load_saved_report(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot read", path.string()));
  LoadedRun loaded;
  try {
    const auto doc = nlohmann::json::parse(in);
    loaded.run = json::run_from_document(doc, loaded.gaps);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(
        fmt::format("{}: not a wasmsize json report: {}", path.string(), e.what()));
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(fmt::format("{}: {}", path.string(), e.what()));
  }
  return loaded;
}

}  // namespace

extern const Source kSavedReportSource{
    .name = "saved report", .sniff = sniff_json, .folder_suffixes = {}, .load = load_saved_report};

}  // namespace wasmsize::sources
