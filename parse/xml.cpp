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

constexpr int kReaderOptions = kXmlOptions | XML_PARSE_COMPACT;

}  // namespace

XmlLibrary::XmlLibrary() {
  xmlInitParser();
  xmlSetExternalEntityLoader(refuse_external_entity);
}

XmlLibrary::~XmlLibrary() {
  xmlCleanupParser();
}

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

Status check_xml_input(std::string_view bytes) {
  if (xmlGetExternalEntityLoader() != refuse_external_entity) {
    return fail(Error::permanent("XML library not initialised (construct parse::XmlLibrary)"));
  }
  if (bytes.empty()) return fail(Error::invalid("empty file"));
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return fail(Error::invalid("file too large"));
  }
  return {};
}

Error malformed_xml(const std::string& first, std::string_view inside,
                    const std::string& missing_end) {
  std::string msg = first.empty() ? "malformed XML" : first;
  if (!inside.empty() && inside.front() != '#') msg += fmt::format(" (inside <{}>)", inside);
  if (!missing_end.empty()) msg = fmt::format("truncated: the file stops {}; {}", missing_end, msg);
  return Error::invalid(std::move(msg));
}

Status take_refused_entity() {
  const bool refused = t_refused_entity;
  t_refused_entity = false;
  if (!refused) return {};
  return fail(Error::invalid("external entity refused (external entities are never loaded)"));
}

void forget_refused_entity() {
  t_refused_entity = false;
}

std::string describe_xml_error(const xmlError& error) {
  return fmt::format("line {}: {}", error.line, trim_message(error.message));
}

XmlStream::XmlStream(XmlReaderPtr reader, std::unique_ptr<Errors> errors, std::string name,
                     std::string missing_end)
    : reader_(std::move(reader)),
      errors_(std::move(errors)),
      name_(std::move(name)),
      missing_end_(std::move(missing_end)) {}

Result<XmlStream> XmlStream::open(std::string_view bytes, std::string_view name) {
  PW_TRY(check_xml_input(bytes));
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
  errors->first = describe_xml_error(*error);
}

Result<bool> XmlStream::check(int rc) {
  PW_TRY(take_refused_entity());
  if (rc < 0 || !errors_->first.empty())
    return fail(malformed_xml(errors_->first, name(), missing_end_));
  return rc == 1;
}

Result<bool> XmlStream::next() {
  forget_refused_entity();
  return check(xmlTextReaderRead(reader_.get()));
}

Result<bool> XmlStream::skip() {
  forget_refused_entity();
  return check(xmlTextReaderNext(reader_.get()));
}

Result<xmlNode*> XmlStream::expand() {
  forget_refused_entity();
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
