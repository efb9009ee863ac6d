#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include "core/result.hpp"

namespace pw::parse {

// Initialises libxml2 for the whole process and installs an external-entity
// loader that refuses everything (no files, no network). Construct exactly
// one, in main() or a test environment, before any parsing; parsing without
// it fails with a permanent error rather than risking XXE.
class XmlLibrary {
 public:
  XmlLibrary();
  ~XmlLibrary();
  XmlLibrary(const XmlLibrary&) = delete;
  XmlLibrary& operator=(const XmlLibrary&) = delete;
};

struct XmlReaderDeleter {
  void operator()(xmlTextReader* r) const { xmlFreeTextReader(r); }
};
using XmlReaderPtr = std::unique_ptr<xmlTextReader, XmlReaderDeleter>;

// A streaming reader over a byte buffer, with libxml2's errors captured
// instead of printed. The buffer must outlive the reader.
// Hostile input is refused: external entities and network access are
// disabled, and entity expansion stays within libxml2's default bounds
// (XML_PARSE_HUGE is never set).
class XmlStream {
 public:
  // Opens a reader over `bytes`; `name` is used in error messages only.
  static Result<XmlStream> open(std::string_view bytes, std::string_view name);

  // Advances to the next node. Returns true on a node, false at the end,
  // or an invalid_input error naming the line and the element it was
  // inside when the XML is malformed, and saying so when the file stops
  // before its root element's end tag (truncated).
  Result<bool> next();

  // Skips the current node's subtree. Same results as next().
  Result<bool> skip();

  // Returns the current node expanded as a tree (owned by the reader, valid
  // until the next call to next() or skip()), or an error.
  Result<xmlNode*> expand();

  xmlTextReader* reader() const { return reader_.get(); }

  // Name of the current node ("" for text nodes without a name).
  std::string_view name() const;
  int depth() const;
  int node_type() const;

  // Value of attribute `attr` on the current element, or "" if absent.
  std::string attribute(const char* attr) const;

 private:
  struct Errors {
    std::string first;
    bool refused_entity = false;
  };
  XmlStream(XmlReaderPtr reader, std::unique_ptr<Errors> errors, std::string name,
            std::string missing_end);
  Result<bool> check(int rc);
  static void on_error(void* ctx, xmlError* error);

  XmlReaderPtr reader_;
  std::unique_ptr<Errors> errors_;  // stable address handed to libxml2
  std::string name_;
  std::string missing_end_;  // "before </publicwhip>" when the bytes stop early; else ""
};

// The options every parlwatch XML parse uses: entities substituted (within
// libxml2's bounds), no network, CDATA as text, errors captured not printed.
inline constexpr int kXmlOptions =
    XML_PARSE_NOENT | XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOWARNING | XML_PARSE_NOERROR;

// An error (permanent) if no XmlLibrary has been constructed; checks
// `bytes` are not empty and within libxml2's int sizes (invalid_input).
Status check_xml_input(std::string_view bytes);

// Where `bytes` stop early: "before </root>" if the end tag of their first
// element is nowhere, "before its first element" if there is none; "" if
// the end tag is there (any error is then malformation, not truncation).
std::string missing_end(std::string_view bytes);

// The error for malformed XML: libxml2's first error ("line N: ..."; if
// "", "malformed XML"), the element it was inside (unless "" or a "#text"
// kind of name) and, when `missing_end` says so, that the file is truncated.
Error malformed_xml(const std::string& first, std::string_view inside,
                    const std::string& missing_end);

// invalid_input if an external entity was refused (on this thread) since
// the last call; forgets it either way.
Status take_refused_entity();
// Forgets a refused external entity not yet taken (before a new parse).
void forget_refused_entity();

// libxml2's error as parlwatch reports it: "line N: message".
std::string describe_xml_error(const xmlError& error);

// Returns the attribute of an expanded node, or "" if absent.
std::string node_attribute(const xmlNode* node, const char* attr);

// Returns the element name of a node.
std::string_view node_name(const xmlNode* node);

}  // namespace pw::parse
