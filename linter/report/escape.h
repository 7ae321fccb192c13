// The writers' names for the escaping policies of base/escape.h: every
// string that came from an input goes through the one for its format
// where it is written (tests/report/hostile_names_test.cpp runs every
// writer on hostile names and checks each output's grammar).
#pragma once

#include <string>
#include <string_view>

#include "base/escape.h"

namespace wasmsize::report {

// Text for a terminal or a CI log.
inline std::string term(std::string_view s) {
  return base::for_terminal(s);
}
// XML (JUnit) and HTML text and attributes.
inline std::string markup_escape(std::string_view s) {
  return base::for_markup(s);
}
// Markdown text (a cell, a heading) and a name as a code span.
inline std::string markdown_escape(std::string_view s) {
  return base::for_markdown(s);
}
inline std::string md_code(std::string_view s) {
  return base::markdown_code(s);
}

}  // namespace wasmsize::report
