#include "parse/text.hpp"

#include <string_view>
#include <vector>

#include "parse/xml.hpp"

namespace pw::parse {
namespace {

// Accumulates lines, collapsing whitespace as text arrives.
class LineBuilder {
 public:
  void add(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        pending_space_ = !current_.empty() && !after_separator_;
      } else if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {
        pending_space_ = !current_.empty() && !after_separator_;  // no-break space
        ++i;
      } else {
        if (pending_space_) current_ += ' ';
        pending_space_ = false;
        after_separator_ = false;
        current_ += c;
      }
    }
  }
  void separator(std::string_view sep) {
    if (!current_.empty()) current_ += sep;
    pending_space_ = false;
    after_separator_ = true;
  }
  void end_line() {
    while (!current_.empty() && current_.back() == ' ') current_.pop_back();
    if (!current_.empty()) lines_.push_back(std::move(current_));
    current_.clear();
    pending_space_ = false;
    after_separator_ = false;
  }
  std::string join() {
    end_line();
    std::string out;
    for (const auto& l : lines_) {
      if (!out.empty()) out += '\n';
      out += l;
    }
    return out;
  }

 private:
  std::vector<std::string> lines_;
  std::string current_;
  bool pending_space_ = false;
  bool after_separator_ = false;  // drop whitespace that follows a separator
};

void collect(const xmlNode* node, LineBuilder& out);

void collect_children(const xmlNode* node, LineBuilder& out) {
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) collect(c, out);
}

void collect_row(const xmlNode* row, LineBuilder& out) {
  out.end_line();
  bool first = true;
  for (const xmlNode* c = row->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (!first) out.separator(" | ");
    collect_children(c, out);
    first = false;
  }
  out.end_line();
}

void collect(const xmlNode* node, LineBuilder& out) {
  if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
    if (node->content) out.add(reinterpret_cast<const char*>(node->content));
    return;
  }
  if (node->type != XML_ELEMENT_NODE) return;
  const std::string_view name = node_name(node);
  if (name == "tr") {
    collect_row(node, out);
  } else if (name == "br") {
    out.end_line();
  } else if (name == "p" || name == "table") {
    out.end_line();
    collect_children(node, out);
    out.end_line();
  } else {
    collect_children(node, out);
  }
}

void add_all_text(const xmlNode* node, LineBuilder& out) {
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) {
      add_all_text(c, out);
    } else if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
      out.add(reinterpret_cast<const char*>(c->content));
    }
  }
}

}  // namespace

std::string element_text(const xmlNode* element) {
  LineBuilder out;
  collect_children(element, out);
  return out.join();
}

std::string inline_text(const xmlNode* element) {
  LineBuilder out;
  add_all_text(element, out);
  return out.join();
}

}  // namespace pw::parse
