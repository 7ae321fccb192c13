// The WebAssembly spec's own binary tests (../shared/spec-binary): every
// `valid` module is accepted, every `malformed` one rejected with an offset
// inside the file, and nothing crashes (run under ASan+UBSan in CI).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/paths.h"
#include "wasm/parser.h"

namespace wasmsize::wasm {
namespace {

struct Row {
  std::string file, expect, source, text, features;
};

std::vector<Row> manifest() {
  std::ifstream in(test::shared_dir() / "spec-binary" / "manifest.tsv");
  std::vector<Row> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    Row r;
    std::getline(ss, r.file, '\t');
    std::getline(ss, r.expect, '\t');
    std::getline(ss, r.source, '\t');
    std::getline(ss, r.text, '\t');
    std::getline(ss, r.features, '\t');
    rows.push_back(r);
  }
  return rows;
}

TEST(SpecCorpus, ValidAcceptedMalformedRejectedWithOffset) {
  WASMSIZE_REQUIRE_SHARED();
  const auto rows = manifest();
  ASSERT_GT(rows.size(), 2000u);
  size_t valid = 0, valid_ok = 0, malformed = 0, malformed_ok = 0, invalid = 0;
  for (const Row& r : rows) {
    const auto bytes = test::read_file(test::shared_dir() / "spec-binary" / r.file);
    const ParseResult p = parse_module(bytes);
    if (r.expect == "valid") {
      ++valid;
      if (!p.error) {
        ++valid_ok;
      } else {
        ADD_FAILURE() << r.file << " (" << r.source << ", " << r.features << ") rejected at byte "
                      << p.error->offset << ": " << p.error->message;
      }
    } else if (r.expect == "malformed") {
      ++malformed;
      if (p.error && p.error->offset <= bytes.size()) {
        ++malformed_ok;
      } else {
        ADD_FAILURE() << r.file << " (" << r.source << ") should be rejected: " << r.text;
      }
    } else {
      ++invalid;  // may be accepted or rejected; must only not crash
    }
  }
  std::cout << "spec corpus: valid accepted " << valid_ok << "/" << valid << ", malformed rejected "
            << malformed_ok << "/" << malformed << ", invalid parsed without crashing " << invalid
            << "\n";
}

}  // namespace
}  // namespace wasmsize::wasm
