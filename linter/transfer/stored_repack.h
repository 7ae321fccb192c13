// The wheel a CDN could serve: the same entries, in the same order, stored
// instead of deflated, so that the server's brotli sees the raw bytes.
// Deflated entries hide their redundancy from brotli (a deflated wheel
// gains about 1 %); stored, numpy's wheel goes from 3.06 MB to 1.95 MB
// (pyodide#3655). The repack is streamed into a sink, one entry inflated at
// a time, and never written anywhere.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>

namespace wasmsize::transfer {

using ByteSink = std::function<void(std::span<const uint8_t>)>;

struct RepackLimits {
  uint64_t max_total_inflated = uint64_t{4} << 30;  // as sources::ReadLimits
};

// Streams the stored repack of the zip in `archive` into `sink`. Returns
// why it could not (a directory that does not read, an entry that does not
// inflate to its size, a method other than stored or deflate, over the
// limits), or nothing when it was streamed whole.
std::optional<std::string> stored_repack(std::span<const uint8_t> archive,
                                         const RepackLimits& limits, const ByteSink& sink);

}  // namespace wasmsize::transfer
