// Counting allocations, to test that work grows linearly with the hostile
// dimension of an input without timing anything: this test executable
// replaces the global operator new (allocations.cpp), so every C++
// allocation anywhere (ours, yaml-cpp's, the standard library's) is counted.
// Work that allocates nothing is counted by the code itself (FingerprintStats).
#pragma once

#include <cstdint>
#include <functional>

namespace wasmsize::test {

struct Allocations {
  uint64_t calls = 0, bytes = 0;
};

// What `f` allocated, in calls and bytes (freed or not).
Allocations allocations_of(const std::function<void()>& f);

// Runs `at(n)` for n, 2n and 4n: each doubling may at most double the
// allocated bytes and calls (x2.25 for container growth, plus `slack` for
// fixed costs; quadratic work would quadruple them). The failure
// message names the family and the sizes.
void expect_linear(const char* family, uint64_t n, const std::function<void(uint64_t)>& at,
                   uint64_t slack = 4096);

}  // namespace wasmsize::test
