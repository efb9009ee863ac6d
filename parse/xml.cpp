#include "parse/xml.hpp"

#include <limits>

#include <fmt/format.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

namespace pw::parse {
namespace {

// Flags every refusal so the stream can fail the document: libxml2 itself
// only warns when an external entity cannot be loaded.
thread_local bool t_refused_entity = false;

xmlParserInputPtr refuse_external_entity(const char*, const char*, xmlParserCtxtPtr) {
  t_refused_entity = true;
  return nullptr;
}

std::string trim_message(const char* m) {
  std::string s = m ? m : "unknown XML error";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

constexpr int kReaderOptions = XML_PARSE_NOENT | XML_PARSE_NONET | XML_PARSE_NOCDATA |
                               XML_PARSE_COMPACT | XML_PARSE_NOWARNING | XML_PARSE_NOERROR;

}  // namespace

XmlLibrary::XmlLibrary() {
  xmlInitParser();
  xmlSetExternalEntityLoader(refuse_external_entity);
}

XmlLibrary::~XmlLibrary() {
  xmlCleanupParser();
}

namespace {

// Where `bytes` stop early: "before </root>" if the end tag of their first
// element is nowhere, "before its first element" if there is none; "" if
// the end tag is there (any error is then malformation, not truncation).
std::string missing_end(std::string_view bytes) {
  std::size_t at = 0;
  while ((at = bytes.find('<', at)) != std::string_view::npos && at + 1 < bytes.size() &&
         (bytes[at + 1] == '?' || bytes[at + 1] == '!')) {
    ++at;
  }
  const auto end = at == std::string_view::npos ? at : bytes.find_first_of(" \t\r\n/>", at + 1);
  if (end == std::string_view::npos) return "before its first element";
  const std::string tag = "</" + std::string(bytes.substr(at + 1, end - at - 1)) + ">";
  return bytes.find(tag, end) == std::string_view::npos ? "before " + tag : "";
}

}  // namespace

XmlStream::XmlStream(XmlReaderPtr reader, std::unique_ptr<Errors> errors, std::string name,
                     std::string missing_end)
    : reader_(std::move(reader)),
      errors_(std::move(errors)),
      name_(std::move(name)),
      missing_end_(std::move(missing_end)) {}

Result<XmlStream> XmlStream::open(std::string_view bytes, std::string_view name) {
  if (xmlGetExternalEntityLoader() != refuse_external_entity) {
    return fail(Error::permanent("XML library not initialised (construct parse::XmlLibrary)"));
  }
  if (bytes.empty()) return fail(Error::invalid("empty file"));
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return fail(Error::invalid("file too large"));
  }
  XmlReaderPtr reader(xmlReaderForMemory(bytes.data(), static_cast<int>(bytes.size()), nullptr,
                                         nullptr, kReaderOptions));
  if (!reader) return fail(Error::permanent("cannot create XML reader"));
  auto errors = std::make_unique<Errors>();
  xmlTextReaderSetStructuredErrorHandler(reader.get(), &XmlStream::on_error, errors.get());
  return XmlStream(std::move(reader), std::move(errors), std::string(name), missing_end(bytes));
}

void XmlStream::on_error(void* ctx, xmlError* error) {
  auto* errors = static_cast<Errors*>(ctx);
  if (error == nullptr || error->level < XML_ERR_ERROR || !errors->first.empty()) return;
  errors->first = fmt::format("line {}: {}", error->line, trim_message(error->message));
}

Result<bool> XmlStream::check(int rc) {
  if (t_refused_entity) {
    t_refused_entity = false;
    return fail(Error::invalid("external entity refused (external entities are never loaded)"));
  }
  if (rc < 0 || !errors_->first.empty()) {
    std::string msg = errors_->first.empty() ? "malformed XML" : errors_->first;
    if (const auto inside = name(); !inside.empty() && inside.front() != '#') {
      msg += fmt::format(" (inside <{}>)", inside);
    }
    if (!missing_end_.empty()) {
      msg = fmt::format("truncated: the file stops {}; {}", missing_end_, msg);
    }
    return fail(Error::invalid(std::move(msg)));
  }
  return rc == 1;
}

Result<bool> XmlStream::next() {
  t_refused_entity = false;
  return check(xmlTextReaderRead(reader_.get()));
}

Result<bool> XmlStream::skip() {
  t_refused_entity = false;
  return check(xmlTextReaderNext(reader_.get()));
}

Result<xmlNode*> XmlStream::expand() {
  t_refused_entity = false;
  xmlNode* node = xmlTextReaderExpand(reader_.get());
  PW_TRY(check(node == nullptr ? -1 : 1));
  return node;
}

std::string_view XmlStream::name() const {
  const xmlChar* n = xmlTextReaderConstName(reader_.get());
  return n ? std::string_view(reinterpret_cast<const char*>(n)) : std::string_view();
}

int XmlStream::depth() const {
  return xmlTextReaderDepth(reader_.get());
}

int XmlStream::node_type() const {
  return xmlTextReaderNodeType(reader_.get());
}

std::string XmlStream::attribute(const char* attr) const {
  std::unique_ptr<xmlChar, xmlFreeFunc> v(
      xmlTextReaderGetAttribute(reader_.get(), reinterpret_cast<const xmlChar*>(attr)), xmlFree);
  return v ? std::string(reinterpret_cast<const char*>(v.get())) : std::string();
}

std::string node_attribute(const xmlNode* node, const char* attr) {
  std::unique_ptr<xmlChar, xmlFreeFunc> v(
      xmlGetNoNsProp(node, reinterpret_cast<const xmlChar*>(attr)), xmlFree);
  return v ? std::string(reinterpret_cast<const char*>(v.get())) : std::string();
}

std::string_view node_name(const xmlNode* node) {
  return node->name ? std::string_view(reinterpret_cast<const char*>(node->name))
                    : std::string_view();
}

}  // namespace pw::parse
