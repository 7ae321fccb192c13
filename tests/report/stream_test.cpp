// Streamed JSON is byte for byte what the whole document's dump(2) is,
// wherever the large arrays sit and whatever they hold.
#include "json/stream.h"

#include <gtest/gtest.h>

#include <sstream>

namespace wasmsize::json {
namespace {

std::string streamed(const json& doc, const std::vector<std::pair<std::string, json>>& arrays) {
  std::vector<StreamedArray> s;
  json with = doc;
  for (size_t i = 0; i < arrays.size(); ++i) {
    const auto& [pointer, items] = arrays[i];
    s.push_back({stream_placeholder(i), [items](const ElementSink& sink) {
                   for (const auto& e : items)
                     sink(e);
                 }});
    with[json::json_pointer(pointer)] = s.back().placeholder;
  }
  std::ostringstream out;
  dump_streamed(out, with, s);
  return out.str();
}

TEST(StreamedJson, IsWhatDumpWrites) {
  const json items = json::array({1, "two", json::object({{"a", json::array({1, 2})}}),
                                  json::array(), json::object(), nullptr});
  json doc = {{"z", 1},
              {"levels", {{"exact", {{"clusters", 0}, {"n", 2}}}, {"shape", {{"clusters", 0}}}}}};
  json whole = doc;
  whole["/levels/exact/clusters"_json_pointer] = items;
  whole["/levels/shape/clusters"_json_pointer] = json::array();
  EXPECT_EQ(
      streamed(doc, {{"/levels/exact/clusters", items}, {"/levels/shape/clusters", json::array()}}),
      whole.dump(2));
  // At the top level, and an array of arrays.
  json top = {{"a", 0}};
  json top_whole = {{"a", json::array({json::array({1, json::array({2})})})}};
  EXPECT_EQ(streamed(top, {{"/a", top_whole["a"]}}), top_whole.dump(2));
}

// A hostile name spelled like a placeholder of a fixed form stays a name.
TEST(StreamedJson, AValueSpelledLikeAPlaceholderIsLeftAlone) {
  const json items = json::array({1, 2});
  json doc = {{"a", "\x01wasmsize-stream-0"}, {"b", 0}};
  json whole = doc;
  whole["b"] = items;
  EXPECT_EQ(streamed(doc, {{"/b", items}}), whole.dump(2));
}

TEST(StreamedJson, PlaceholdersAreNotRealValues) {
  EXPECT_NE(stream_placeholder(0), stream_placeholder(1));
  EXPECT_EQ(stream_placeholder(7).front(), '\x01');
}

}  // namespace
}  // namespace wasmsize::json
