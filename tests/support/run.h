// Runs the real wasmsize binary the way a user or CI does, and captures its
// exit status, stdout and stderr.
#pragma once

#include <sys/wait.h>

#include <string>

#include "support/paths.h"

namespace wasmsize::test {

struct RunResult {
  int status = -1;
  std::string out, err;
};

inline std::string slurp(const std::filesystem::path& p) {
  auto b = read_file(p);
  return {b.begin(), b.end()};
}

inline std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// `args` is appended as given (already quoted where needed).
inline RunResult run_wasmsize(const std::string& args, const std::string& env = "NO_COLOR=1") {
  TempDir tmp;
  const auto out = tmp.path() / "out", err = tmp.path() / "err";
  const std::string cmd = env + " " + quote(WASMSIZE_BINARY) + " " + args + " >" +
                          quote(out.string()) + " 2>" + quote(err.string()) + " </dev/null";
  const int rc = std::system(cmd.c_str());
  return {WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, slurp(out), slurp(err)};
}

}  // namespace wasmsize::test
