#include "parse/sax.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "parse/xml.hpp"

namespace pw::parse {
namespace {

constexpr std::size_t kPieceBytes = 64u << 10;

std::string_view view(const xmlChar* s) {
  return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view();
}

std::string_view view(const xmlChar* begin, const xmlChar* end) {
  return {reinterpret_cast<const char*>(begin), static_cast<std::size_t>(end - begin)};
}

// One parse: reached from libxml2's callbacks through the context's
// _private (its userData must stay the context for libxml2's own SAX2
// callbacks, which keep entity declarations).
struct Run {
  SaxHandler& handler;
  xmlParserCtxtPtr context = nullptr;
  std::vector<std::string> open;  // names of the open elements, outermost first
  std::string first_error;
  std::optional<Error> stopped;  // the handler's error
};

Run& run_of(void* context) {
  return *static_cast<Run*>(static_cast<xmlParserCtxtPtr>(context)->_private);
}

void on_start(void* context, const xmlChar* local, const xmlChar* prefix, const xmlChar*, int,
              const xmlChar**, int attribute_count, int, const xmlChar** attributes) {
  Run& run = run_of(context);
  if (run.stopped) return;
  const SaxElement element{view(local), view(prefix)};
  run.open.push_back(element.qualified());
  if (auto ok = run.handler.start(element, SaxAttributes(attributes, attribute_count)); !ok) {
    run.stopped = ok.error();
    xmlStopParser(run.context);
  }
}

void on_end(void* context, const xmlChar*, const xmlChar*, const xmlChar*) {
  Run& run = run_of(context);
  if (run.stopped) return;
  if (!run.open.empty()) run.open.pop_back();
  run.handler.end();
}

void on_text(void* context, const xmlChar* chars, int length) {
  Run& run = run_of(context);
  if (run.stopped) return;
  run.handler.text(view(chars, chars + length));
}

void on_error(void* context, xmlError* error) {
  if (context == nullptr || error == nullptr || error->level < XML_ERR_ERROR) return;
  if (static_cast<xmlParserCtxtPtr>(context)->_private == nullptr) return;  // not ours yet
  Run& run = run_of(context);
  if (run.first_error.empty()) run.first_error = describe_xml_error(*error);
}

// libxml2's SAX2 handler (which keeps the DTD's entities, so they can be
// substituted) with the element and text callbacks replaced by ours.
xmlSAXHandler handler_table() {
  xmlSAXHandler h{};
  xmlSAXVersion(&h, 2);
  h.startElementNs = on_start;
  h.endElementNs = on_end;
  h.characters = on_text;
  h.ignorableWhitespace = on_text;
  h.cdataBlock = on_text;
  h.serror = on_error;
  h.startElement = nullptr;
  h.endElement = nullptr;
  return h;
}

struct ContextFree {
  void operator()(xmlParserCtxt* c) const {
    if (c->myDoc != nullptr) xmlFreeDoc(c->myDoc);
    c->myDoc = nullptr;
    xmlFreeParserCtxt(c);
  }
};

}  // namespace

std::string SaxElement::qualified() const {
  if (prefix.empty()) return std::string(local);
  std::string name(prefix);
  name += ':';
  name += local;
  return name;
}

std::string_view SaxAttributes::name(std::size_t i) const {
  return view(raw_[i * 5]);
}

std::string_view SaxAttributes::value(std::size_t i) const {
  return view(raw_[i * 5 + 3], raw_[i * 5 + 4]);
}

std::string_view SaxAttributes::get(std::string_view wanted) const {
  for (std::size_t i = 0; i < size(); ++i) {
    if (raw_[i * 5 + 1] == nullptr && name(i) == wanted) return value(i);
  }
  return {};
}

Status parse_sax(std::string_view bytes, SaxHandler& handler) {
  PW_TRY(check_xml_input(bytes));
  // Pieces, so its input and decoding buffers stay small however large the
  // file. No bytes at creation: libxml2 then works out the encoding from the
  // first piece, when our error handler can already take its errors.
  xmlSAXHandler table = handler_table();  // copied into the context
  std::unique_ptr<xmlParserCtxt, ContextFree> context(
      xmlCreatePushParserCtxt(&table, nullptr, nullptr, 0, nullptr));
  if (!context) return fail(Error::permanent("cannot create XML parser"));
  Run run{handler, context.get(), {}, {}, {}};
  context->_private = &run;
  xmlCtxtUseOptions(context.get(), kXmlOptions);
  forget_refused_entity();
  int rc = 0;
  std::size_t at = 0;
  do {
    const std::size_t piece = std::min(bytes.size() - at, kPieceBytes);
    const bool last = at + piece == bytes.size();
    rc = xmlParseChunk(context.get(), bytes.data() + at, static_cast<int>(piece), last ? 1 : 0);
    at += piece;
  } while (rc == 0 && !run.stopped && at < bytes.size());
  PW_TRY(take_refused_entity());
  if (run.stopped) return fail(*run.stopped);
  if (rc != 0 || !context->wellFormed || !run.first_error.empty()) {
    const std::string inside = run.open.empty() ? "" : run.open.back();
    return fail(malformed_xml(run.first_error, inside, missing_end(bytes)));
  }
  return {};
}

}  // namespace pw::parse
