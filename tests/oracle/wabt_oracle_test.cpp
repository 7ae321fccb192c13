// wabt as the oracle: for every module of every wheel in ../shared/corpus,
// the section table, the function count and every body's offset and size must
// equal what wasm-objdump (Debian's wabt) prints.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <memory>
#include <regex>

#include "sources/source.h"
#include "support/paths.h"
#include "wasm/parser.h"

namespace wasmsize {
namespace {

std::string run(const std::string& cmd) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  std::string out;
  char buf[1 << 16];
  size_t n;
  while (pipe && (n = fread(buf, 1, sizeof buf, pipe.get())) > 0)
    out.append(buf, n);
  return out;
}

struct Oracle {
  std::vector<std::string> sections;         // "kind name start size"
  std::map<uint32_t, uint64_t> body_size;    // func index -> size
  std::map<uint32_t, uint64_t> body_offset;  // func index -> offset
};

// wasm-objdump's names for section ids.
std::string objdump_kind(uint8_t id) {
  static const char* kNames[] = {"Custom", "Type",   "Import",    "Function", "Table",
                                 "Memory", "Global", "Export",    "Start",    "Elem",
                                 "Code",   "Data",   "DataCount", "Tag"};
  return id < std::size(kNames) ? kNames[id] : "?";
}

Oracle objdump(const std::filesystem::path& file) {
  Oracle o;
  const std::string f = "'" + file.string() + "'";
  static const std::regex section_re(
      R"(^\s*(\w+) start=0x([0-9a-f]+) end=0x[0-9a-f]+ \(size=0x([0-9a-f]+)\)(?: \"(.*)\")?)");
  std::smatch m;
  std::istringstream h(run("wasm-objdump -h " + f));
  for (std::string line; std::getline(h, line);) {
    if (std::regex_search(line, m, section_re)) {
      o.sections.push_back(m[1].str() + " " + m[4].str() + " " +
                           std::to_string(std::stoull(m[2], nullptr, 16)) + " " +
                           std::to_string(std::stoull(m[3], nullptr, 16)));
    }
  }
  static const std::regex size_re(R"(^ - func\[(\d+)\] size=(\d+))");
  std::istringstream x(run("wasm-objdump -x -j Code " + f));
  for (std::string line; std::getline(x, line);) {
    if (std::regex_search(line, m, size_re)) o.body_size[std::stoul(m[1])] = std::stoull(m[2]);
  }
  static const std::regex offset_re(R"(^([0-9a-f]+) func\[(\d+)\])");
  std::istringstream d(run("wasm-objdump -d " + f + " | grep -E '^[0-9a-f]+ func\\['"));
  for (std::string line; std::getline(d, line);) {
    if (std::regex_search(line, m, offset_re)) {
      o.body_offset[std::stoul(m[2])] = std::stoull(m[1], nullptr, 16);
    }
  }
  return o;
}

TEST(WabtOracle, SectionsAndBodiesMatchWasmObjdumpOnTheCorpus) {
  WASMSIZE_REQUIRE_SHARED();
  if (!test::have_tool("wasm-objdump")) GTEST_SKIP() << "needs wasm-objdump (Debian: wabt)";
  test::TempDir tmp;
  size_t modules = 0, mismatched = 0, bodies = 0;
  for (const auto& wheel : test::corpus_wheels()) {
    model::ArtifactReport artifact;
    std::vector<model::Finding> findings;
    sources::read_artifact(
        {wheel, {}}, {}, artifact, findings,
        [&](const sources::ModuleEntry& e, std::vector<uint8_t>&& bytes) {
          const auto file = tmp.path() / "m.wasm";
          test::write_file(file, bytes);
          const wasm::ParseResult p = wasm::parse_module(bytes);
          ASSERT_FALSE(p.error) << wheel.filename() << "!" << e.path << ": " << p.error->message;
          const Oracle o = objdump(file);
          std::vector<std::string> ours;
          for (const auto& s : p.module.sections) {
            ours.push_back(objdump_kind(s.id) + " " + std::string(s.name) + " " +
                           std::to_string(s.payload_offset) + " " + std::to_string(s.size));
          }
          bool same = ours == o.sections;
          EXPECT_EQ(ours, o.sections) << wheel.filename() << "!" << e.path;
          const auto& m = p.module;
          same = same && o.body_size.size() == m.bodies.size() &&
                 o.body_offset.size() == m.bodies.size();
          EXPECT_EQ(o.body_size.size(), m.bodies.size()) << e.path;
          for (size_t i = 0; i < m.bodies.size() && same; ++i) {
            const uint32_t index = m.imported_funcs + static_cast<uint32_t>(i);
            same = o.body_size.count(index) && o.body_size.at(index) == m.bodies[i].size &&
                   o.body_offset.count(index) && o.body_offset.at(index) == m.bodies[i].offset;
            EXPECT_TRUE(same) << wheel.filename() << "!" << e.path << " func[" << index << "]";
          }
          ++modules;
          bodies += m.bodies.size();
          if (!same) ++mismatched;
        });
  }
  std::cout << "wabt oracle: " << modules << " modules, " << bodies << " function bodies compared, "
            << mismatched << " mismatches\n";
  EXPECT_GT(modules, 200u);
  EXPECT_EQ(mismatched, 0u);
}

}  // namespace
}  // namespace wasmsize
