// Work grows linearly with the hostile dimension of an input, counted (not
// timed, so a busy machine does not matter): each test doubles the
// dimension twice and checks the work at most doubles each time, or stays
// flat where it must not depend on the dimension at all.
#include <gtest/gtest.h>

#include "analysis/fingerprint.h"
#include "support/wasm_builder.h"
#include "wasm/parser.h"

namespace wasmsize::analysis {
namespace {

using namespace wasmsize::test;

// One function calling an imported function whose name is `name_length`
// bytes long, `calls` times.
Buf long_import_called(size_t name_length, size_t calls) {
  Buf code;
  for (size_t i = 0; i < calls; ++i)
    append(code, bytes({0x10, 0x00}));
  code.push_back(0x0B);
  const std::string import(name_length, 'x');
  return module({section(1, vec({functype({}, {})})),
                 section(2, vec({cat({name("env"), name(import), bytes({0x00, 0x00})})})),
                 section(3, vec({uleb(0)})), section(10, vec({body({}, code)}))});
}

// One function with `n` locals, each given __memory_base, then each used as
// an address: local.get i; i32.const 8; i32.add; drop.
Buf many_base_locals(uint32_t n) {
  Buf code;
  for (uint32_t i = 0; i < n; ++i)
    append(code, cat({bytes({0x23, 0x00, 0x21}), uleb(i)}));
  for (uint32_t i = 0; i < n; ++i)
    append(code, cat({bytes({0x20}), uleb(i), bytes({0x41, 0x08, 0x6A, 0x1A})}));
  code.push_back(0x0B);
  Buf locals = cat({uleb(1), uleb(n), bytes({kI32})});
  append(locals, code);
  return module(
      {section(1, vec({functype({}, {})})),
       section(2, vec({cat({name("env"), name("__memory_base"), bytes({0x03, kI32, 0x00})})})),
       section(3, vec({uleb(0)})), section(10, vec({cat({uleb(locals.size()), locals})}))});
}

// One function of type (i32) -> () whose `n` locals copy each other
// backwards (local i = local i+1), the last given __memory_base, and the
// parameter overwritten with it: reading order cannot settle them, so the
// body is read again with every local classified, and the copies settle
// one link per round.
Buf backward_copies(uint32_t n) {
  Buf code;
  for (uint32_t i = 1; i < n; ++i)
    append(code, cat({bytes({0x20}), uleb(i + 1), bytes({0x21}), uleb(i)}));
  append(code, cat({bytes({0x23, 0x00, 0x21}), uleb(n), bytes({0x23, 0x00, 0x21, 0x00})}));
  for (uint32_t i = 1; i <= n; ++i)
    append(code, cat({bytes({0x20}), uleb(i), bytes({0x41, 0x08, 0x6A, 0x1A})}));
  code.push_back(0x0B);
  Buf locals = cat({uleb(1), uleb(n), bytes({kI32})});
  append(locals, code);
  return module(
      {section(1, vec({functype({kI32}, {})})),
       section(2, vec({cat({name("env"), name("__memory_base"), bytes({0x03, kI32, 0x00})})})),
       section(3, vec({uleb(0)})), section(10, vec({cat({uleb(locals.size()), locals})}))});
}

FingerprintStats work(const Buf& b) {
  const auto parsed = wasm::parse_module(b);
  EXPECT_FALSE(parsed.error) << parsed.error->message;
  FingerprintStats stats;
  fingerprint_module(parsed.module, model::kAllLevels, &stats);
  return stats;
}

TEST(Complexity, ALongImportNameCostsTheSameAtEveryCall) {
  const uint64_t short_name = work(long_import_called(2000, 2000)).stream_bytes;
  const uint64_t long_name = work(long_import_called(8000, 2000)).stream_bytes;
  EXPECT_GT(short_name, 0u);
  EXPECT_LE(long_name, short_name) << "stream bytes grow with the name's length";
}

TEST(Complexity, CallsGrowTheStreamLinearly) {
  uint64_t prev = work(long_import_called(100, 1000)).stream_bytes;
  for (size_t calls : {2000, 4000}) {
    const uint64_t now = work(long_import_called(100, calls)).stream_bytes;
    EXPECT_LE(now, 2 * prev + 64) << calls;
    prev = now;
  }
}

TEST(Complexity, LocalsHoldingABaseAreLookedUpInConstantTime) {
  for (uint32_t n : {1000, 2000, 4000}) {
    const FingerprintStats s = work(many_base_locals(n));
    EXPECT_GE(s.local_lookups, n) << n;
    EXPECT_LE(s.local_probes, 8 * s.local_lookups) << n << " locals: quadratic lookups";
  }
}

TEST(Complexity, ClassifyingLocalsGrowsLinearly) {
  uint64_t prev = 0;
  for (uint32_t n : {1000, 2000, 4000}) {
    const FingerprintStats s = work(backward_copies(n));
    EXPECT_EQ(s.rereads, 1u) << n;
    EXPECT_GE(s.local_joins, n) << n;
    if (prev) {
      EXPECT_LE(s.local_joins, 2 * prev + 64) << n << " locals: rounds grow with the chain";
    }
    EXPECT_LE(s.local_probes, 8 * s.local_lookups) << n;
    prev = s.local_joins;
  }
}

}  // namespace
}  // namespace wasmsize::analysis
