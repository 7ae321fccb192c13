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

// A parsed document costs about thirty times its text, so a saved report
// is bounded before and while it is parsed: in bytes, in modules (objects
// two arrays deep: artifacts[].modules[]) and in everything below them
// (functions, sections, imports). The bounds are far past any real build's
// report (scipy's 110 modules and 60,000 functions) and keep a hostile one
// (a million empty modules took 3.9 GB) within the resource contract.
constexpr uint64_t kMaxSavedReportBytes = uint64_t{256} << 20;
constexpr size_t kMaxModules = 100'000;
constexpr size_t kMaxNested = 4'000'000;

LoadedRun load_saved_report(const std::filesystem::path& path) {
  std::error_code ec;
  const uint64_t size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxSavedReportBytes) {
    throw std::runtime_error(fmt::format("{}: {} bytes, over the {}-byte limit for a saved report",
                                         path.string(), size, kMaxSavedReportBytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot read", path.string()));
  LoadedRun loaded;
  size_t modules = 0, nested = 0;
  const auto bound = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json&) {
    if (depth > 64) throw std::runtime_error("nested more than 64 levels deep: not a report");
    if (event != nlohmann::json::parse_event_t::object_start) return true;
    if (depth == 4 && ++modules > kMaxModules) {
      throw std::runtime_error(
          fmt::format("holds more than {} modules, past any build's report", kMaxModules));
    }
    if (depth > 4 && ++nested > kMaxNested) {
      throw std::runtime_error(
          fmt::format("holds more than {} functions, sections and imports, past any build's report",
                      kMaxNested));
    }
    return true;
  };
  try {
    const auto doc = nlohmann::json::parse(in, bound);
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
