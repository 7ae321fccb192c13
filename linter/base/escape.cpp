#include "base/escape.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

namespace wasmsize::base {

namespace {

constexpr std::string_view kReplacement = "\uFFFD";

// The length of the valid UTF-8 sequence at s[i] and its code point, or 0
// when the bytes there start none (RFC 3629: no overlongs, no surrogates,
// nothing past U+10FFFF).
size_t decode(std::string_view s, size_t i, char32_t& cp) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  size_t n = 0;
  char32_t min = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2, cp = c & 0x1F, min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3, cp = c & 0x0F, min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4, cp = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

// Characters that change how a line shows without showing themselves:
// bidi embeddings, overrides and isolates, zero-width characters, line and
// paragraph separators, the byte-order mark, interlinear annotations.
bool invisible_format(char32_t cp) {
  return cp == 0x061C || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) ||
         (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF ||
         (cp >= 0xFFF9 && cp <= 0xFFFB);
}

// Calls `each(code point, its bytes)` for every character of `s`, with an
// invalid byte given as U+FFFD.
template <typename F>
void for_each_char(std::string_view s, F&& each) {
  for (size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const size_t n = decode(s, i, cp);
    if (n == 0) {
      each(char32_t{0xFFFD}, kReplacement);
      ++i;
    } else {
      each(cp, s.substr(i, n));
      i += n;
    }
  }
}

void append_visible_control(char32_t cp, std::string& out) {
  switch (cp) {
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default:
      break;
  }
  if (cp < 0x80) {
    out += fmt::format("\\x{:02x}", static_cast<unsigned>(cp));
  } else if (cp < 0xA0) {
    out += fmt::format("\\u{:04x}", static_cast<unsigned>(cp));
  } else {
    out += fmt::format("<U+{:04X}>", static_cast<unsigned>(cp));
  }
}

bool control(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || invisible_format(cp);
}

}  // namespace

std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for_each_char(s, [&](char32_t, std::string_view bytes) { out += bytes; });
  return out;
}

std::string for_terminal(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for_each_char(s, [&](char32_t cp, std::string_view bytes) {
    if (control(cp)) {
      append_visible_control(cp, out);
    } else {
      out += bytes;
    }
  });
  // A workflow command is a line starting with "::" (or the older "##["),
  // which the runner reads after leading blanks too; a word of a name can
  // start a line where text is wrapped between words, so every word is
  // checked, not only the first.
  for (size_t i = 0; i < out.size(); ++i) {
    if (i > 0 && out[i - 1] != ' ') continue;
    const std::string_view rest = std::string_view(out).substr(i);
    // A lone ':' ending the text may meet the ':' a writer puts after a
    // name ("  {}:"), so it counts as the start of "::" too.
    if (rest.starts_with("::") || rest == ":") {
      out.replace(i, 1, "\\x3a");
    } else if (rest.starts_with("##[")) {
      out.replace(i, 1, "\\x23");
    }
  }
  return out;
}

std::string for_terminal_lines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t begin = 0;;) {
    const size_t end = s.find('\n', begin);
    out += for_terminal(s.substr(begin, end == std::string_view::npos ? end : end - begin));
    if (end == std::string_view::npos) return out;
    out += '\n';
    begin = end + 1;
  }
}

std::string for_markdown(std::string_view s) {
  static constexpr std::string_view kMarkup = "|\\`*_[]<!~&#$";
  const std::string text = for_terminal(s);
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  for (char c : text) {
    if (kMarkup.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string markdown_code(std::string_view s) {
  std::string text;
  for (char c : for_terminal(s)) {
    if (c == '|') text += '\\';
    text += c;
  }
  size_t longest = 0;
  for (size_t i = 0; i < text.size();) {
    if (text[i] != '`') {
      ++i;
      continue;
    }
    const size_t run = std::min(text.find_first_not_of('`', i), text.size()) - i;
    longest = std::max(longest, run);
    i += run;
  }
  const std::string fence(longest + 1, '`');
  const bool pad = !text.empty() && (text.front() == '`' || text.back() == '`' ||
                                     (text.front() == ' ' && text.back() == ' '));
  return pad ? fence + " " + text + " " + fence : fence + text + fence;
}

std::string for_csv(std::string_view s) {
  std::string text = for_terminal(s);
  if (!text.empty() && std::string_view("=+-@").find(text.front()) != std::string_view::npos) {
    text.insert(0, 1, '\'');
  }
  if (text.find_first_of(",\"") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string for_markup(std::string_view s) {
  const std::string text = for_terminal(s);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string for_script(std::string_view json_text) {
  std::string out;
  out.reserve(json_text.size());
  for (size_t i = 0; i < json_text.size(); ++i) {
    const char c = json_text[i];
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else if (json_text.substr(i).starts_with("\u2028")) {
      out += "\\u2028";
      i += 2;
    } else if (json_text.substr(i).starts_with("\u2029")) {
      out += "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace wasmsize::base
