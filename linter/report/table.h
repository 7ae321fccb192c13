// A plain text table: columns padded to their widest cell, numbers right-
// aligned. Colour codes in a cell do not count towards its width.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace wasmsize::report {

class Table {
 public:
  enum Align { kLeft, kRight };
  void column(std::string header, Align align) { columns_.push_back({std::move(header), align}); }
  void row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  void separator() { rows_.push_back({}); }
  void print(std::ostream& out, const std::string& indent, bool bold_header) const;

 private:
  struct Column {
    std::string header;
    Align align;
  };
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;  // empty row = separator line
};

size_t display_width(const std::string& s);

}  // namespace wasmsize::report
