// An oracle for "mergeable", written apart from analysis/fingerprint.cpp and
// with another strategy: it walks two bodies in lockstep, instruction by
// instruction, keeps an abstract operand stack for each (constants, bases,
// addresses), resolves every module-specific operand on both sides, and
// compares callees by their bodies (coinductively: a pair under comparison
// is assumed equal, so recursion terminates). It hashes nothing.
//
// It judges the fingerprint's claims: every pair of copies in a mergeable
// cluster must pass it.
#pragma once

#include <cstdint>
#include <string>

#include "wasm/module.h"

namespace wasmsize::test {

// "" when function `fa` of `a` and function `fb` of `b` (function index
// space) could share one body without changing behaviour; else why not.
// `a` and `b` may be the same module.
std::string oracle_mergeable(const wasm::Module& a, uint32_t fa, const wasm::Module& b,
                             uint32_t fb);

}  // namespace wasmsize::test
