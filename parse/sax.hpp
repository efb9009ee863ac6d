#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <libxml/tree.h>

#include "core/result.hpp"

namespace pw::parse {

// An element as a SAX parse reports it starting; views valid only during
// the call.
struct SaxElement {
  std::string_view local;   // name without prefix
  std::string_view prefix;  // "" when the name has none
  // The name as written: "prefix:local" or "local".
  std::string qualified() const;
};

// The attributes of an element being started, in document order, values
// with entities decoded; valid only during the call.
class SaxAttributes {
 public:
  // `raw` is libxml2's array of `count` five-pointer entries.
  SaxAttributes(const xmlChar** raw, int count) : raw_(raw), count_(count) {}

  std::size_t size() const { return static_cast<std::size_t>(count_); }
  // The local name and value of the i-th attribute.
  std::string_view name(std::size_t i) const;
  std::string_view value(std::size_t i) const;
  // The value of the unprefixed attribute `name`, or "" if absent.
  std::string_view get(std::string_view name) const;

 private:
  const xmlChar** raw_;
  int count_;
};

// What a SAX parse reports, in document order.
class SaxHandler {
 public:
  virtual ~SaxHandler() = default;
  // An element starts. A failed Status stops the parse with that error.
  virtual Status start(const SaxElement& element, const SaxAttributes& attributes) = 0;
  // The innermost open element ends.
  virtual void end() = 0;
  // Character data (entities and CDATA as text), in pieces of any size.
  virtual void text(std::string_view chars) = 0;
};

// Parses `bytes` with libxml2's SAX interface, reporting to `handler`.
// The same refusals and errors as XmlStream (see xml.hpp): external
// entities and the network refused, entity expansion within libxml2's
// default bounds, invalid_input naming the line and the element it was
// inside for malformed XML (and saying so when the file is truncated).
// `handler`'s own error is returned as it is. Needs an XmlLibrary.
Status parse_sax(std::string_view bytes, SaxHandler& handler);

}  // namespace pw::parse
