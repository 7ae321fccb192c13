// The mergeable level against an independent oracle (mergeable_oracle.h):
// precision on generated modules built to trap each false-positive class and
// on every mergeable cluster of corpus wheels; recall by exhaustive pairwise
// comparison on small generated modules.
#include <gtest/gtest.h>

#include <deque>
#include <iostream>
#include <map>
#include <random>

#include "analysis/duplicates.h"
#include "analysis/fingerprint.h"
#include "oracle/mergeable_oracle.h"
#include "sources/source.h"
#include "support/paths.h"
#include "support/wasm_builder.h"
#include "wasm/parser.h"

namespace wasmsize {
namespace {

using namespace test;

// Modules kept alive with the bytes they view.
struct Loaded {
  std::string artifact, name;
  std::vector<uint8_t> bytes;
  wasm::Module module;
  std::vector<model::FunctionPrint> prints;
};

void load(std::deque<Loaded>& out, std::string artifact, std::string name,
          std::vector<uint8_t> bytes) {
  Loaded& l =
      out.emplace_back(Loaded{std::move(artifact), std::move(name), std::move(bytes), {}, {}});
  auto parsed = wasm::parse_module(l.bytes);
  ASSERT_FALSE(parsed.error) << l.name << ": " << parsed.error->message;
  l.module = std::move(parsed.module);
  l.prints = analysis::fingerprint_module(l.module, model::kMergeable);
}

struct Verdict {
  size_t clusters = 0, pairs = 0, rejected = 0;
  uint64_t claimed = 0, false_bytes = 0;  // wasted bytes claimed, and of rejected copies
  std::vector<std::string> reasons;
};

// Every copy of every mergeable cluster against the cluster's first copy.
Verdict judge(const std::deque<Loaded>& modules, uint64_t min_size) {
  model::Run run;
  std::map<std::pair<std::string_view, std::string_view>, const Loaded*> by_place;
  for (const Loaded& l : modules) {
    if (run.artifacts.empty() || run.artifacts.back().path != l.artifact)
      run.artifacts.push_back({.path = l.artifact});
    model::ModuleReport m;
    m.name = l.name;
    m.prints = l.prints;
    run.artifacts.back().modules.push_back(std::move(m));
  }
  for (const auto& a : run.artifacts) {
    for (const auto& m : a.modules) {
      for (const Loaded& l : modules) {
        if (l.artifact == a.path && l.name == m.name) by_place[{a.path, m.name}] = &l;
      }
    }
  }
  const auto d = analysis::find_duplicates(run, min_size, model::kMergeable);
  Verdict v;
  for (const auto& c : d.mergeable->clusters) {
    ++v.clusters;
    v.claimed += c.wasted;
    const auto& first = c.copies.front();
    const Loaded* a = by_place.at({first.artifact, first.module});
    for (size_t i = 1; i < c.copies.size(); ++i) {
      const auto& copy = c.copies[i];
      const Loaded* b = by_place.at({copy.artifact, copy.module});
      ++v.pairs;
      const std::string why = oracle_mergeable(a->module, first.function, b->module, copy.function);
      if (!why.empty()) {
        ++v.rejected;
        v.false_bytes += c.size;
        if (v.reasons.size() < 20) {
          v.reasons.push_back(a->name + " func[" + std::to_string(first.function) + "] vs " +
                              b->name + " func[" + std::to_string(copy.function) + "]: " + why);
        }
      }
    }
  }
  return v;
}

std::string reasons(const Verdict& v) {
  std::string s;
  for (const auto& r : v.reasons)
    s += "  " + r + "\n";
  return s;
}

// A side module as the trap tests need it: imports env.f0..f1 (() -> ()),
// __memory_base (global 0), __table_base (global 1), memory, table; type 0
// () -> (), type 1 (i32) -> (); one data segment at __memory_base + 0; one
// mutable global of its own (global 2).
struct Side {
  std::string data;
  std::vector<std::pair<uint32_t, Buf>> bodies;  // type, code
  std::vector<std::pair<std::string, uint32_t>> exports;
};

Buf build(const Side& s) {
  const Buf imports = side_module_imports({"f0", "f1"});
  Buf funcs = uleb(s.bodies.size()), code = uleb(s.bodies.size());
  for (const auto& [type, b] : s.bodies) {
    append(funcs, uleb(type));
    append(code, body({{2, kI32}}, b));
  }
  Buf exports = uleb(s.exports.size());
  for (const auto& [n, i] : s.exports)
    append(exports, cat({name(n), bytes({0x00}), uleb(i)}));
  const Buf globals = vec({bytes({kI32, 0x01, 0x41, 0x00, 0x0B})});
  const Buf data = cat({uleb(1), uleb(0), bytes({0x23, 0x00, 0x0B}), name(s.data)});
  return module({section(1, vec({functype({}, {}), functype({kI32}, {})})), section(2, imports),
                 section(3, funcs), section(6, globals), section(7, exports), section(10, code),
                 section(11, data)});
}

// Instruction snippets: defined functions start at index 2.
Buf call(uint32_t f) {
  return cat({bytes({0x10}), uleb(f)});
}
Buf addr(uint32_t k) {  // global.get base; i32.const k; i32.add; drop
  return cat({bytes({0x23, 0x00, 0x41}), sleb(k), bytes({0x6A, 0x1A})});
}
Buf tee_addr(uint32_t k) {  // global.get base; local.tee 0; i32.const k; i32.add; drop
  return cat({bytes({0x23, 0x00, 0x22, 0x00, 0x41}), sleb(k), bytes({0x6A, 0x1A})});
}
Buf counter(uint32_t k) {  // a private counter in memory: base + k += 1
  return cat({bytes({0x23, 0x00, 0x41}), sleb(k), bytes({0x6A, 0x23, 0x00, 0x41}), sleb(k),
              bytes({0x6A, 0x28, 0x02, 0x00, 0x41, 0x01, 0x6A, 0x36, 0x02, 0x00})});
}
const Buf kEnd = bytes({0x0B});
Buf padding() {  // enough nops for the default minimum size
  return Buf(40, 0x01);
}

std::deque<Loaded> load_sides(const std::vector<Side>& sides) {
  std::deque<Loaded> out;
  for (size_t i = 0; i < sides.size(); ++i)
    load(out, "trap.whl", "m" + std::to_string(i), build(sides[i]));
  return out;
}

// Each class of false "mergeable" an audit found, built small. The oracle
// must accept every cluster the fingerprint makes of them.
TEST(DuplicatesOracle, TrapModulesHoldNoFalseCluster) {
  std::vector<Side> sides;
  // A library twice: an exported `free` over a private counter at other
  // offsets (bss past the data), and its caller.
  for (uint32_t k : {4000u, 8000u}) {
    sides.push_back(
        {.data = std::string("lib\0", 4),
         .bodies = {{0, cat({padding(), call(3), kEnd})}, {0, cat({padding(), counter(k), kEnd})}},
         .exports = {{"H5FL_reg_free", 3}}});
  }
  // local.tee bases over coinciding layouts: other strings at one offset.
  for (const char* s : {"alpha\0", "omega\0"})
    sides.push_back(
        {.data = std::string(s, 6), .bodies = {{0, cat({padding(), tee_addr(0), kEnd})}}});
  // One body under two signatures.
  sides.push_back(
      {.data = "", .bodies = {{0, cat({padding(), kEnd})}, {1, cat({padding(), kEnd})}}});
  // Structs with zero bytes: equal up to the first NUL, different after.
  for (const char* s : {"\xa0\xc1\x00\x00\x01", "\xa0\xc1\x00\x00\x02"})
    sides.push_back({.data = std::string(s, 5), .bodies = {{0, cat({padding(), addr(0), kEnd})}}});
  // A mutable global of each module's own.
  for (int i = 0; i < 2; ++i)
    sides.push_back(
        {.data = "", .bodies = {{0, cat({padding(), bytes({0x23, 0x02, 0x1A}), kEnd})}}});
  // And true duplicates, which must still cluster: a string at other offsets.
  sides.push_back({.data = std::string("xxhello\0", 8),
                   .bodies = {{0, cat({padding(), tee_addr(2), call(0), kEnd})}}});
  sides.push_back({.data = std::string("hello\0", 6),
                   .bodies = {{0, cat({padding(), tee_addr(0), call(0), kEnd})}}});
  const auto modules = load_sides(sides);
  const Verdict v = judge(modules, 32);
  EXPECT_EQ(v.rejected, 0u) << reasons(v);
  EXPECT_EQ(v.clusters, 1u) << "only the true duplicate clusters";
}

// Recall: on small generated modules, every pair the oracle accepts has
// one mergeable fingerprint.
TEST(DuplicatesOracle, NoMergeablePairIsMissed) {
  std::mt19937 rng(14);
  const std::vector<std::string> datas = {std::string("hello\0world\0", 12),
                                          std::string("world\0hello\0", 12),
                                          std::string("xhello\0", 7)};
  auto pick = [&](size_t n) { return static_cast<uint32_t>(rng() % n); };
  std::vector<Side> sides;
  for (int m = 0; m < 24; ++m) {
    Side s{.data = datas[pick(datas.size())], .bodies = {}, .exports = {}};
    for (int f = 0; f < 4; ++f) {
      Buf code;
      for (int i = 0; i < 2; ++i) {
        switch (pick(5)) {
          case 0:
            append(code, addr(static_cast<uint32_t>(s.data.find("hello"))));
            break;
          case 1:
            append(code,
                   tee_addr(static_cast<uint32_t>(
                       s.data.find("world") == std::string::npos ? 0 : s.data.find("world"))));
            break;
          case 2:
            append(code, call(pick(2)));
            break;
          case 3:
            append(code, call(2));  // the module's first function
            break;
          default:
            append(code, bytes({0x41, uint8_t(pick(2)), 0x1A}));
            break;
        }
      }
      code.push_back(0x0B);
      s.bodies.push_back({pick(4) == 0 ? 1u : 0u, code});
    }
    sides.push_back(s);
  }
  const auto modules = load_sides(sides);
  size_t accepted = 0, missed = 0;
  std::string first_miss, rejected_equal;
  for (const Loaded& a : modules) {
    for (const Loaded& b : modules) {
      for (const auto& pa : a.prints) {
        for (const auto& pb : b.prints) {
          if (&a == &b && pa.index == pb.index) continue;
          const std::string why = oracle_mergeable(a.module, pa.index, b.module, pb.index);
          if (!why.empty()) {
            if (pa.mergeable == pb.mergeable && rejected_equal.empty()) rejected_equal = why;
            continue;
          }
          ++accepted;
          if (pa.mergeable != pb.mergeable || pa.shape != pb.shape) {
            ++missed;
            if (first_miss.empty())
              first_miss = a.name + " func[" + std::to_string(pa.index) + "] / " + b.name +
                           " func[" + std::to_string(pb.index) + "]";
          }
        }
      }
    }
  }
  std::cout << "recall: " << accepted << " mergeable pairs by the oracle, " << missed
            << " missed\n";
  EXPECT_GT(accepted, 50u) << rejected_equal;
  EXPECT_EQ(missed, 0u) << first_miss;
}

// Precision on real wheels: every pair in every mergeable cluster.
TEST(DuplicatesOracle, EveryMergeableClusterOfCorpusWheelsHolds) {
  WASMSIZE_REQUIRE_SHARED();
  const auto corpus = shared_dir() / "corpus";
  const std::vector<std::filesystem::path> wheels = {
      corpus / "more" / "statsmodels-0.13.5-cp310-cp310-emscripten_3_1_27_wasm32.whl",
      corpus / "pyodide-0.27" / "numcodecs-0.13.1-cp312-cp312-pyodide_2024_0_wasm32.whl",
      corpus / "pyodide-0.27" / "zstandard-0.22.0-cp312-cp312-pyodide_2024_0_wasm32.whl",
      corpus / "pyodide-0.27" / "cysignals-1.12.2-cp312-cp312-pyodide_2024_0_wasm32.whl",
      corpus / "pyodide-0.27" / "sisl-0.15.1-cp312-cp312-pyodide_2024_0_wasm32.whl",
      corpus / "pyodide-0.27" / "gmpy2-2.1.5-cp312-cp312-pyodide_2024_0_wasm32.whl"};
  std::deque<Loaded> modules;
  for (const auto& wheel : wheels) {
    ASSERT_TRUE(std::filesystem::exists(wheel)) << wheel;
    model::ArtifactReport artifact;
    std::vector<model::Finding> findings;
    sources::read_artifact({wheel, {}}, {}, artifact, findings,
                           [&](const sources::ModuleEntry& e, std::vector<uint8_t>&& bytes) {
                             load(modules, wheel.filename().string(), e.path, std::move(bytes));
                           });
  }
  const Verdict v = judge(modules, 32);
  std::cout << "oracle: " << v.clusters << " mergeable clusters, " << v.pairs << " pairs, "
            << v.rejected << " rejected (" << v.false_bytes << " of " << v.claimed
            << " B claimed)\n";
  EXPECT_GT(v.clusters, 100u);
  EXPECT_EQ(v.rejected, 0u) << reasons(v);
}

}  // namespace
}  // namespace wasmsize
