// Text from inputs is untrusted: an entry name, a function name, a package
// name or a path is written by someone else, and wasmsize writes it to
// terminals, CI logs, step summaries, spreadsheets and browsers. One policy
// per kind of output, applied where text leaves the tool (the writers in
// report/ and the CLI's stderr), never at the source, so the model keeps
// names as they are and each format shows them its own safe way.
//
// Every policy first makes the bytes valid UTF-8: a byte that starts no
// valid sequence becomes U+FFFD (as nlohmann's json does with
// error_handler_t::replace), in every format alike.
#pragma once

#include <string>
#include <string_view>

namespace wasmsize::base {

// Valid UTF-8: each byte of an invalid sequence (overlong, surrogate, past
// U+10FFFF, truncated) becomes U+FFFD. Valid text is returned unchanged.
std::string valid_utf8(std::string_view s);

// For a terminal and a CI log (text output, stderr): control characters
// and invisible formatting made visible, so a name can neither move the
// cursor, set the clipboard (OSC 52), print a link (OSC 8), reorder a line
// (bidi overrides) nor start a new one. C0 controls and DEL become `\n`,
// `\r`, `\t`, `\x1b`…; C1 controls `\u0085`…; bidi, zero-width and other
// format characters `<U+202E>`. A word that begins like a GitHub workflow
// command (`::` or `##[`) gets its first character as `\x3a`/`\x23`, so
// no line of output, wrapped or not, starts a command from input text.
std::string for_terminal(std::string_view s);

// for_terminal on each line of a message the tool composed over several
// lines (a usage error listing choices): its own line breaks stay, while a
// name inside it, escaped where the message was made or here, cannot add any.
std::string for_terminal_lines(std::string_view s);

// For the text of a markdown document (GitHub-flavoured, a table cell or a
// heading): for_terminal, then every ASCII character that can end a cell or
// start markup (| \ ` * _ [ ] < > ! ~ & # + - = { } ( ) : .) behind a
// backslash, which CommonMark shows as the character itself.
std::string for_markdown(std::string_view s);
// The same text as a code span (`name`), which shows it verbatim: a fence
// longer than any backtick run inside, `|` escaped (GFM tables split on it
// even in code spans).
std::string markdown_code(std::string_view s);

// For one CSV field (RFC 4180): for_terminal, a leading = + - @ (a formula
// to a spreadsheet) behind a single quote, quoted where needed.
std::string for_csv(std::string_view s);

// For XML and HTML text and attribute values: for_terminal (XML 1.0 has no
// place for most control characters), then & < > " ' as entities.
std::string for_markup(std::string_view s);

// A JSON text to embed in an HTML <script>: "<", ">", "&" and the two line
// separators as \u escapes, so nothing in a string can close the script or
// open a comment (`</script>`, `<!--`). Only valid inside JSON strings and
// between tokens, which is where these characters can be.
std::string for_script(std::string_view json_text);

}  // namespace wasmsize::base
