#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pw::deliver {

// Quoted-printable (RFC 2045 6.7) of UTF-8 text whose lines end in "\n":
// CRLF line ends, soft breaks keep lines within 76 characters, "=" and
// bytes outside printable ASCII are escaped, as is a space or tab before a
// line end. Never contains "=_", so a boundary starting "=_" is safe.
std::string quoted_printable(std::string_view text);

// A header value as RFC 2047 encoded-words ("=?UTF-8?B?...?=", at most 45
// bytes of text each, one per folded line) when it has anything but
// printable ASCII; returned as it is otherwise.
std::string encode_header(std::string_view value);

// "Name: value\r\n", the value encoded if it needs it and folded at
// spaces so that no line passes 78 characters where it can be helped.
std::string header_line(std::string_view name, std::string_view value);

// "Name <a@b>" -> "a@b"; a bare address is returned as it is.
std::string bare_address(std::string_view address);

// "Name <a@b>" with the display name encoded if it needs it.
std::string encode_address(std::string_view address);

// Wraps each paragraph (lines separated by "\n") at `width` columns,
// breaking at spaces; a word longer than the width (a URL) is kept whole.
// Leading spaces of a line are kept as its hanging indent, two more for a
// list item ("* " after them). Counts UTF-8 characters, not bytes.
std::string wrap(std::string_view text, std::size_t width = 72);

// Escapes &, <, >, " and ' for HTML text and attributes.
std::string html_escape(std::string_view text);

// Percent-encodes everything but unreserved characters (RFC 3986).
std::string url_encode(std::string_view text);

// Wraps the words of `text` that start with any of `terms` (ASCII
// case-insensitive, at a word start, as extract() finds them) in
// open/close; with `html` the text itself is HTML-escaped.
std::string mark_terms(std::string_view text, const std::vector<std::string>& terms,
                       std::string_view open, std::string_view close, bool html);

}  // namespace pw::deliver
