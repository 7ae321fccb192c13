// A plain text table: columns padded to their widest cell, numbers right-
// aligned. Colour codes in a cell do not count towards its width.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace wasmsize::report {

class Table {
 public:
  enum Align { kLeft, kRight };
  // `drop`: where a narrow terminal loses this column, the highest rank
  // first; 0 keeps it always.
  void column(std::string header, Align align, int drop = 0) {
    columns_.push_back({std::move(header), align, drop});
  }
  // Print within `width` display columns (0: as wide as the cells): drop
  // columns by rank, then elide the widest text column's cells in the middle.
  void fit(size_t width) { max_width_ = width; }
  void row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  void separator() { rows_.push_back({}); }
  void print(std::ostream& out, const std::string& indent, bool bold_header) const;

 private:
  struct Column {
    std::string header;
    Align align;
    int drop;
  };
  size_t max_width_ = 0;
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;  // empty row = separator line
};

size_t display_width(const std::string& s);
// `s` in at most `width` display columns, its middle replaced by "…"
// (numpy.random._bou…ed_integers); coloured text is left whole.
std::string elide_middle(const std::string& s, size_t width);
// `text` after `indent`, broken between words to fit `width` columns (0:
// one line); continuation lines are indented two more. Ends with a newline.
void write_wrapped(std::string_view indent, std::string_view text, size_t width, std::ostream& out);

}  // namespace wasmsize::report
