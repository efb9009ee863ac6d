#pragma once

#include <string>

#include <libxml/tree.h>

namespace pw::parse {

// Returns the plain text of a transcript element: entities are already
// decoded by libxml2; inline markup (phrase, i, b, sup, a) is dropped and its
// text kept; each <p> becomes one line; each table row becomes one line with
// its cells separated by " | "; <br> breaks a line. Whitespace runs collapse
// to one space and lines are trimmed; empty lines are dropped. Lines are
// joined with '\n'.
std::string element_text(const xmlNode* element);

// Returns the text of an element on one line: descendants' text with
// whitespace collapsed and trimmed (used for headings and names).
std::string inline_text(const xmlNode* element);

}  // namespace pw::parse
