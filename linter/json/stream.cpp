#include "json/stream.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <string_view>
#include <vector>

namespace wasmsize::json {

namespace {

// Writes `text` (a dump(2) of one element) with every line indented by
// `indent` spaces, as it would sit inside its array.
void write_indented(std::ostream& out, std::string_view text, size_t indent) {
  const std::string pad(indent, ' ');
  size_t begin = 0;
  for (;;) {
    const size_t end = text.find('\n', begin);
    out << pad << text.substr(begin, end - begin);
    if (end == std::string_view::npos) return;
    out << '\n';
    begin = end + 1;
  }
}

}  // namespace

std::string to_text(const json& doc, int indent) {
  return doc.dump(indent, ' ', false, json::error_handler_t::replace);
}

// A per-process nonce in every placeholder: a name from a hostile wheel can
// hold "\x01wasmsize-stream-0", and the array would land in its place.
std::string stream_placeholder(size_t n) {
  static const std::string nonce = [] {
    std::random_device rd;
    return std::to_string((uint64_t{rd()} << 32) | rd());
  }();
  return "\x01wasmsize-stream-" + nonce + "-" + std::to_string(n);
}

void dump_streamed(std::ostream& out, const json& doc, std::span<const StreamedArray> arrays) {
  const std::string text = to_text(doc, 2);
  struct At {
    size_t pos, length;
    const StreamedArray* array;
  };
  std::vector<At> places;
  for (const auto& a : arrays) {
    const std::string quoted = json(a.placeholder).dump();
    const size_t pos = text.find(quoted);
    if (pos != std::string::npos) places.push_back({pos, quoted.size(), &a});
  }
  std::sort(places.begin(), places.end(), [](const At& x, const At& y) { return x.pos < y.pos; });
  size_t written = 0;
  for (const At& p : places) {
    out << std::string_view(text).substr(written, p.pos - written);
    const size_t line = text.rfind('\n', p.pos);
    const size_t start = line == std::string::npos ? 0 : line + 1;
    const size_t indent = text.find_first_not_of(' ', start) - start;
    bool any = false;
    out << '[';
    p.array->fill([&](const json& element) {
      out << (any ? ",\n" : "\n");
      write_indented(out, to_text(element, 2), indent + 2);
      any = true;
    });
    if (any) out << '\n' << std::string(indent, ' ');
    out << ']';
    written = p.pos + p.length;
  }
  out << std::string_view(text).substr(written);
}

}  // namespace wasmsize::json
