#include "report/table.h"

#include <algorithm>
#include <vector>

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

std::string elide_middle(const std::string& s, size_t width) {
  if (display_width(s) <= width || width < 3 || s.find('\x1b') != std::string::npos) return s;
  std::vector<size_t> starts;  // of each UTF-8 character
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  const size_t head = (width - 1) / 2, tail = width - 1 - head;
  return s.substr(0, starts[head]) + "\u2026" + s.substr(starts[starts.size() - tail]);
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
  // Too wide for the terminal: columns go by rank, then the widest text
  // column is elided in the middle, never below 16 columns.
  std::vector<bool> shown(columns_.size(), true);
  auto line_width = [&] {
    size_t w = indent.size();
    for (size_t c = 0; c < columns_.size(); ++c)
      w += shown[c] ? width[c] + 2 : 0;
    return w - 2;
  };
  while (max_width_ > 0 && line_width() > max_width_) {
    size_t worst = columns_.size();
    for (size_t c = 0; c < columns_.size(); ++c) {
      if (shown[c] && columns_[c].drop > 0 &&
          (worst == columns_.size() || columns_[c].drop > columns_[worst].drop))
        worst = c;
    }
    if (worst == columns_.size()) break;
    shown[worst] = false;
  }
  constexpr size_t kMinName = 16;
  size_t elided = columns_.size();
  for (size_t c = 0; c < columns_.size(); ++c) {
    if (shown[c] && columns_[c].align == kLeft &&
        (elided == columns_.size() || width[c] > width[elided]))
      elided = c;
  }
  if (max_width_ > 0 && line_width() > max_width_ && elided < columns_.size() &&
      width[elided] > kMinName) {
    width[elided] =
        std::max(kMinName, width[elided] - std::min(width[elided], line_width() - max_width_));
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string s = indent;
    bool first = true;
    for (size_t c = 0; c < columns_.size(); ++c) {
      if (!shown[c]) continue;
      std::string cell = c < cells.size() ? cells[c] : "";
      if (c == elided) cell = elide_middle(cell, width[c]);
      const std::string pad(width[c] - display_width(cell), ' ');
      bool last = true;
      for (size_t d = c + 1; d < columns_.size(); ++d)
        last = last && !shown[d];
      if (!first) s += "  ";
      first = false;
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
  const size_t total = line_width() - indent.size();
  for (const auto& r : rows_) {
    if (r.empty()) {
      out << indent << std::string(total, '-') << '\n';
    } else {
      line(r);
    }
  }
}

// `text` after `indent`, broken between words to fit `width` columns (0:
// one line). A word longer than the line stays whole.
void write_wrapped(std::string_view indent, std::string_view text, size_t width,
                   std::ostream& out) {
  size_t column = 0;
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find(' ', at);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(at, end - at);
    if (column == 0) {
      out << indent << word;
      column = indent.size() + word.size();
    } else if (width && column + 1 + word.size() > width) {
      out << '\n' << indent << "  " << word;
      column = indent.size() + 2 + word.size();
    } else {
      out << ' ' << word;
      column += 1 + word.size();
    }
    at = end + 1;
  }
  out << '\n';
}

}  // namespace wasmsize::report
