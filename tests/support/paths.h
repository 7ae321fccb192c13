// Where tests find what they do not own: ../shared beside the repository
// (or $WASMSIZE_SHARED), the built binary, and external tools. Tests that need
// one of them skip with a message saying which, rather than fail.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace wasmsize::test {

inline std::filesystem::path shared_dir() {
  if (const char* env = std::getenv("WASMSIZE_SHARED")) return env;
  return WASMSIZE_SHARED_DIR;
}

inline bool have_shared() {
  return std::filesystem::exists(shared_dir() / "corpus");
}

#define WASMSIZE_REQUIRE_SHARED()                                                          \
  if (!::wasmsize::test::have_shared())                                                    \
  GTEST_SKIP() << "needs ../shared (the corpus and spec tests) beside the repository, or " \
                  "WASMSIZE_SHARED; not found at "                                         \
               << ::wasmsize::test::shared_dir()

inline std::vector<std::filesystem::path> corpus_wheels() {
  std::vector<std::filesystem::path> out;
  for (const char* sub : {"pyodide-0.27", "more"}) {
    const auto dir = shared_dir() / "corpus" / sub;
    if (!std::filesystem::exists(dir)) continue;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      const auto ext = e.path().extension();
      if (ext == ".whl" || ext == ".zip") out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline std::vector<uint8_t> read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

inline void write_file(const std::filesystem::path& p, const std::vector<uint8_t>& b) {
  std::ofstream out(p, std::ios::binary);
  out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

inline bool have_tool(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

// A fresh temporary folder, removed when the object goes.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "wasmsize-test-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace wasmsize::test
