// Folders given as inputs: walked recursively (sorted, so output does not
// depend on the file system's order) for the files some source reads by
// suffix. Files named on the command line are taken whatever their name.
#include <fmt/format.h>

#include <algorithm>

#include "sources/source.h"

namespace wasmsize::sources {

namespace fs = std::filesystem;

namespace {

bool wanted_in_folder(std::string_view name) {
  for (const Source& s : all_sources()) {
    for (std::string_view suffix : s.folder_suffixes) {
      if (name.ends_with(suffix)) return true;
    }
  }
  return false;
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
        if (it->is_regular_file(ec) && wanted_in_folder(it->path().filename().string()))
          found.push_back(it->path());
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

}  // namespace wasmsize::sources
