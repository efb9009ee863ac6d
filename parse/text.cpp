#include "parse/text.hpp"

namespace pw::parse {
namespace {

// The length of the whitespace character at text[i]: 1 for ASCII
// whitespace, 2 for a UTF-8 no-break space, 0 for anything else.
std::size_t blank_length(std::string_view text, std::size_t i) {
  const char c = text[i];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return 1;
  return c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0' ? 2 : 0;
}

}  // namespace

void LineBuilder::add(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t blank = blank_length(text, i);
    if (blank > 0) {
      pending_space_ = !current_.empty() && !after_separator_;
      i += blank;
      continue;
    }
    std::size_t end = i + 1;
    while (end < text.size() && blank_length(text, end) == 0) ++end;
    if (pending_space_) current_ += ' ';
    pending_space_ = false;
    after_separator_ = false;
    current_.append(text.substr(i, end - i));
    i = end;
  }
}

void LineBuilder::separator(std::string_view sep) {
  if (!current_.empty()) current_ += sep;
  pending_space_ = false;
  after_separator_ = true;
}

void LineBuilder::end_line() {
  while (!current_.empty() && current_.back() == ' ') current_.pop_back();
  if (!current_.empty()) lines_.push_back(std::move(current_));
  current_.clear();
  pending_space_ = false;
  after_separator_ = false;
}

std::string LineBuilder::join() {
  end_line();
  std::string out;
  for (const auto& l : lines_) {
    if (!out.empty()) out += '\n';
    out += l;
  }
  lines_.clear();
  return out;
}

}  // namespace pw::parse
