// Folders given as inputs: walked recursively (sorted, so output does not
// depend on the file system's order) for the files some source reads by
// suffix, leaving out what git ignores and native .so files. A folder
// holding a pyodide-lock.json stands for that distribution. Files named on
// the command line are taken whatever their name.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <regex>
#include <set>

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

// A native .so (a CPython extension built for the host, a vendored
// library) in a walked folder is not an input: only a .so that starts like
// WebAssembly is. Named on the command line, any file is read (and a native
// one is an input.not-wasm warning).
bool native_shared_object(const fs::path& p) {
  if (p.extension() != ".so") return false;
  std::ifstream in(p, std::ios::binary);
  char magic[4] = {};
  in.read(magic, sizeof magic);
  return !(in.gcount() == 4 && magic[0] == 0 && magic[1] == 'a' && magic[2] == 's' &&
           magic[3] == 'm');
}

// The files git would show under `dir`: tracked, or untracked and not
// ignored; nullopt when `dir` is not in a git work tree, git is absent, or
// `dir` itself is ignored (`wasmsize check dist/` with dist/ in .gitignore
// means dist/). So `check .` in a repository skips node_modules/, .venv/ and
// build/ the way the repository says. core.fsmonitor is switched off: a
// repository's config must not run programs.
std::optional<std::set<fs::path>> git_visible(const fs::path& dir) {
  const std::string quoted = "'" + std::regex_replace(dir.string(), std::regex("'"), "'\\''") + "'";
  const std::string git = "git -c core.fsmonitor=false -C " + quoted;
  if (std::system((git + " rev-parse --is-inside-work-tree >/dev/null 2>&1").c_str()) != 0)
    return std::nullopt;
  if (std::system((git + " check-ignore -q . >/dev/null 2>&1").c_str()) == 0) return std::nullopt;
  FILE* pipe =
      popen((git + " ls-files -z --cached --others --exclude-standard . 2>/dev/null").c_str(), "r");
  if (!pipe) return std::nullopt;
  std::set<fs::path> out;
  std::string name;
  for (int c; (c = std::fgetc(pipe)) != EOF;) {
    if (c != 0) {
      name += static_cast<char>(c);
      continue;
    }
    out.insert((dir / name).lexically_normal());
    name.clear();
  }
  if (pclose(pipe) != 0) return std::nullopt;
  return out;
}

}  // namespace

// What a file is when it is not a regular one, for messages.
const char* kind_of(const fs::file_status& st) {
  switch (st.type()) {
    case fs::file_type::fifo:
      return "a FIFO (named pipe)";
    case fs::file_type::socket:
      return "a socket";
    case fs::file_type::character:
    case fs::file_type::block:
      return "a device";
    case fs::file_type::not_found:
      return "a broken symbolic link";
    default:
      return "not a regular file";
  }
}

void walk_folder(const fs::path& dir, std::vector<InputFile>& out, std::vector<std::string>& errors,
                 std::vector<SkippedFile>& skipped) {
  std::vector<fs::path> found;
  const auto visible = git_visible(dir);
  std::error_code ec;
  for (auto it =
           fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec) && it->path().filename() == ".git") {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_directory(ec) || !wanted_in_folder(it->path().filename().string())) continue;
    if (visible && !visible->count(it->path().lexically_normal())) continue;
    // A name a reader would take, but nothing to read: said, never opened
    // (a FIFO would block the open, a device would never end).
    const fs::file_status st = it->status(ec);
    if (!fs::is_regular_file(st)) {
      skipped.push_back({it->path(), kind_of(st)});
      continue;
    }
    if (native_shared_object(it->path())) continue;
    found.push_back(it->path());
  }
  if (ec) errors.push_back(fmt::format("{}: cannot walk folder: {}", dir.string(), ec.message()));
  std::sort(found.begin(), found.end());
  for (auto& f : found)
    out.push_back({f, dir});
}

std::vector<InputFile> expand_inputs(const std::vector<std::string>& args,
                                     std::vector<std::string>& errors,
                                     std::vector<SkippedFile>& skipped) {
  std::vector<InputFile> out;
  for (const std::string& arg : args) {
    const fs::path p(arg);
    std::error_code ec;
    const auto status = fs::status(p, ec);
    if (ec || !fs::exists(status)) {
      errors.push_back(fmt::format("{}: no such file or folder", arg));
    } else if (fs::is_directory(status) && fs::is_regular_file(p / "pyodide-lock.json", ec)) {
      // A folder holding a lock is a distribution: its wheels are read as
      // the lock's packages, and what else is beside it by the pipeline.
      out.push_back({p / "pyodide-lock.json", {}});
    } else if (fs::is_directory(status)) {
      walk_folder(p, out, errors, skipped);
    } else if (!fs::is_regular_file(status)) {
      // Refused before it is opened: a FIFO blocks, a device never ends,
      // and neither has a size to measure.
      errors.push_back(
          fmt::format("{}: {}, not a file or folder wasmsize can read (give the "
                      "file itself, not a pipe)",
                      arg, kind_of(status)));
    } else {
      out.push_back({p, {}});
    }
  }
  return out;
}

}  // namespace wasmsize::sources
