#include "report/table.h"

#include <algorithm>

namespace wasmsize::report {

size_t display_width(const std::string& s) {
  size_t w = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\x1b') {  // skip an ANSI escape sequence
      while (i < s.size() && s[i] != 'm')
        ++i;
      continue;
    }
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++w;  // count UTF-8 lead bytes
  }
  return w;
}

void Table::print(std::ostream& out, const std::string& indent, bool bold_header) const {
  std::vector<size_t> width(columns_.size());
  for (size_t c = 0; c < columns_.size(); ++c)
    width[c] = display_width(columns_[c].header);
  for (const auto& r : rows_) {
    for (size_t c = 0; c < r.size() && c < width.size(); ++c) {
      width[c] = std::max(width[c], display_width(r[c]));
    }
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string s = indent;
    for (size_t c = 0; c < columns_.size(); ++c) {
      const std::string cell = c < cells.size() ? cells[c] : "";
      const std::string pad(width[c] - display_width(cell), ' ');
      const bool last = c + 1 == columns_.size();
      if (c > 0) s += "  ";
      if (columns_[c].align == kRight) {
        s += pad + cell;
      } else {
        s += cell;
        if (!last) s += pad;
      }
    }
    s.erase(s.find_last_not_of(' ') + 1);
    out << s << '\n';
  };
  std::vector<std::string> header;
  for (const auto& c : columns_)
    header.push_back(c.header);
  if (bold_header) out << "\x1b[1m";
  line(header);
  if (bold_header) out << "\x1b[0m";
  size_t total = 0;
  for (size_t w : width)
    total += w + 2;
  for (const auto& r : rows_) {
    if (r.empty()) {
      out << indent << std::string(total > 2 ? total - 2 : 0, '-') << '\n';
    } else {
      line(r);
    }
  }
}

}  // namespace wasmsize::report
