// Writing a large JSON document without holding all of it: nlohmann's DOM
// costs about a kilobyte per small object, so a `dups --top 0` of a million
// clusters, or a report of a million functions, built whole took gigabytes
// for what is a few hundred megabytes of text. The document is built with a
// placeholder where each large array goes; the array's elements are then
// made and written one at a time, and the text is byte for byte what
// dump(2) of the whole document would be.
#pragma once

#include <functional>
#include <ostream>
#include <span>
#include <string>

#include <nlohmann/json.hpp>

namespace wasmsize::json {

using nlohmann::json;

using ElementSink = std::function<void(const json&)>;
struct StreamedArray {
  std::string placeholder;  // a string value in the document, unique in it
  std::function<void(const ElementSink&)> fill;
};

// `doc` as JSON text (dump(indent)), whatever bytes its strings hold: a
// name that is not valid UTF-8 is written with U+FFFD for each bad byte,
// as base::valid_utf8 and every other format show it, never an exception.
std::string to_text(const json& doc, int indent = -1);

// A placeholder no real value equals ("\x01" and a number).
std::string stream_placeholder(size_t n);

// Writes `doc` as doc.dump(2), each placeholder replaced by its array.
void dump_streamed(std::ostream& out, const json& doc, std::span<const StreamedArray> arrays);

}  // namespace wasmsize::json
