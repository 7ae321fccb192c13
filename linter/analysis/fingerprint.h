// Fingerprints of function bodies, for finding duplicated code that raw
// hashing misses. The same helper compiled into two side modules differs only
// in module-specific operands: function, global and type indices, and data
// and table addresses relative to __memory_base / __table_base. Three
// digests, each a reading of the same decoded instruction stream:
//
//   bytes      the body's bytes (SHA-256, truncated to 128 bits).
//   mergeable  every module-specific operand replaced by what it means:
//              imports by module.field, defined callees (exported or not)
//              by their own fingerprint (recursion resolved per strongly
//              connected component), imported globals by name, type indices
//              by signature, base-relative data addresses by the C string
//              they point at, table slots by the function they hold; the
//              function's own signature first. Where the meaning is not
//              known (binary data, a local that holds a base on some paths
//              only), the operand stays module-specific: a false "mergeable"
//              is worse than a missed one.
//   shape      as mergeable, with defined callees, data and table slots as
//              placeholders: the same code over different data (an upper
//              bound, as template instances).
//
// Levels combine them (model::Levels): exact = bytes and mergeable and
// shape, mergeable = mergeable and shape, so they nest by construction.
// mergeable and shape, which are only grouped, use XXH3-128.
#pragma once

#include <vector>

#include "model/model.h"
#include "wasm/module.h"

namespace wasmsize::analysis {

// The work fingerprinting did, for tests that check it grows linearly with
// the input whatever the input holds.
struct FingerprintStats {
  uint64_t stream_bytes = 0;   // appended to the normalized streams
  uint64_t local_lookups = 0;  // of locals that may hold a base
  uint64_t local_probes = 0;   // entries compared over those lookups
  uint64_t rereads = 0;        // bodies read again with their locals classified
  uint64_t local_joins = 0;    // writes joined while classifying locals, over all rounds
};

// Decodes every body (throws wasm::ParseError where one does not end exactly
// at its boundary) and returns one FunctionPrint per defined function, with
// the digests of `levels` filled in.
std::vector<model::FunctionPrint> fingerprint_module(const wasm::Module& m,
                                                     model::Levels levels = model::kAllLevels,
                                                     FingerprintStats* stats = nullptr);

}  // namespace wasmsize::analysis
