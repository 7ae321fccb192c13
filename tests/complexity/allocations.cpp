#include "allocations.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

std::atomic<uint64_t> g_calls{0}, g_bytes{0};

void* counted(size_t n) {
  g_calls.fetch_add(1, std::memory_order_relaxed);
  g_bytes.fetch_add(n, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}

}  // namespace

void* operator new(size_t n) {
  return counted(n);
}
void* operator new[](size_t n) {
  return counted(n);
}
void* operator new(size_t n, const std::nothrow_t&) noexcept {
  try {
    return counted(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](size_t n, const std::nothrow_t& t) noexcept {
  return operator new(n, t);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, size_t) noexcept {
  std::free(p);
}

namespace wasmsize::test {

Allocations allocations_of(const std::function<void()>& f) {
  const uint64_t calls = g_calls.load(), bytes = g_bytes.load();
  f();
  return {g_calls.load() - calls, g_bytes.load() - bytes};
}

void expect_linear(const char* family, uint64_t n, const std::function<void(uint64_t)>& at,
                   uint64_t slack) {
  Allocations prev = allocations_of([&] { at(n); });
  EXPECT_GT(prev.bytes, 0u) << family << ": nothing allocated, nothing measured";
  for (uint64_t k : {2 * n, 4 * n}) {
    const Allocations now = allocations_of([&] { at(k); });
    // Linear work doubles; containers that grow geometrically and hash
    // tables that rehash add a little. Quadratic work would quadruple.
    EXPECT_LE(now.bytes, prev.bytes * 9 / 4 + slack)
        << family << ": " << k / 2 << " -> " << k << " grew allocated bytes " << prev.bytes
        << " -> " << now.bytes;
    EXPECT_LE(now.calls, prev.calls * 9 / 4 + slack / 64)
        << family << ": " << k / 2 << " -> " << k << " grew allocations " << prev.calls << " -> "
        << now.calls;
    prev = now;
  }
}

}  // namespace wasmsize::test
