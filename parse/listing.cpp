#include "parse/listing.hpp"

#include <charconv>
#include <map>
#include <memory>
#include <set>

#include <libxml/HTMLparser.h>

#include "core/gid.hpp"

namespace pw::parse {
namespace {

constexpr std::size_t kMaxListingBytes = 16u << 20;

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

std::string href_of(const xmlNode* a) {
  std::unique_ptr<xmlChar, xmlFreeFunc> v(xmlGetProp(a, reinterpret_cast<const xmlChar*>("href")),
                                          xmlFree);
  return v ? std::string(reinterpret_cast<const char*>(v.get())) : std::string();
}

// The file name a link points to, if it is a transcript in this folder.
bool transcript_link(std::string href, std::string& name) {
  if (href.rfind("./", 0) == 0) href.erase(0, 2);
  if (href.find_first_of("/?#:%") != std::string::npos) return false;
  if (!parse_transcript_name(href)) return false;
  name = std::move(href);
  return true;
}

void collect(const xmlNode* node, std::vector<std::string>& out, std::set<std::string>& seen) {
  for (const xmlNode* n = node; n != nullptr; n = n->next) {
    if (n->type == XML_ELEMENT_NODE &&
        xmlStrcasecmp(n->name, reinterpret_cast<const xmlChar*>("a")) == 0) {
      std::string name;
      if (transcript_link(href_of(n), name) && seen.insert(name).second) out.push_back(name);
    }
    collect(n->children, out, seen);
  }
}

}  // namespace

Result<std::vector<std::string>> parse_directory_listing(std::string_view html) {
  if (html.empty()) return fail(Error::invalid("empty directory listing"));
  if (html.size() > kMaxListingBytes) return fail(Error::invalid("directory listing too large"));
  const int options = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                      HTML_PARSE_NOWARNING | HTML_PARSE_NOBLANKS | HTML_PARSE_COMPACT;
  std::unique_ptr<xmlDoc, DocFree> doc(
      htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8", options));
  std::vector<std::string> out;
  if (!doc) return out;
  std::set<std::string> seen;
  collect(xmlDocGetRootElement(doc.get()), out, seen);
  return out;
}

ChangeDates parse_changedates(std::string_view text) {
  std::map<std::string, std::int64_t> latest;
  ChangeDates result;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (line.empty()) continue;
    const std::size_t comma = line.find(',');
    std::int64_t t = 0;
    const auto [p, ec] =
        std::from_chars(line.data(), line.data() + std::min(comma, line.size()), t);
    const std::string_view file = comma == std::string_view::npos ? "" : line.substr(comma + 1);
    if (comma == std::string_view::npos || ec != std::errc() || p != line.data() + comma || t < 0 ||
        !parse_transcript_name(file)) {
      ++result.bad_lines;
      continue;
    }
    auto [it, added] = latest.try_emplace(std::string(file), t);
    if (!added && t > it->second) it->second = t;
  }
  for (auto& [file, t] : latest) result.latest.push_back(ChangeDate{t, file});
  return result;
}

}  // namespace pw::parse
