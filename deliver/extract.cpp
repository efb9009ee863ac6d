#include "deliver/extract.hpp"

#include <algorithm>

namespace pw::deliver {
namespace {

// ASCII only, as std::tolower and std::isalnum are in the "C" locale the
// program runs in, without their calls.
char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool is_word_byte(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (static_cast<unsigned char>(c) & 0x80) != 0;
}

std::size_t find_term(std::string_view text, std::string_view term) {
  if (term.empty()) return std::string_view::npos;
  for (std::size_t i = 0; i + term.size() <= text.size(); ++i) {
    if (lower(text[i]) != term[0] || (i > 0 && is_word_byte(text[i - 1]))) continue;
    bool same = true;
    for (std::size_t j = 0; j < term.size() && same; ++j) same = lower(text[i + j]) == term[j];
    if (same) return i;
  }
  return std::string_view::npos;
}

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Moves `pos` back to a space (or the start), never into a UTF-8 sequence.
std::size_t snap_back(std::string_view text, std::size_t pos) {
  const std::size_t floor = pos > 40 ? pos - 40 : 0;
  std::size_t p = pos;
  while (p > floor && text[p] != ' ') --p;
  if (text[p] != ' ') p = pos;
  while (p > 0 && p < text.size() && is_continuation(text[p])) --p;
  return p;
}

}  // namespace

std::string extract(std::string_view text, const std::vector<std::string>& terms,
                    std::size_t max_bytes) {
  std::size_t hit = std::string_view::npos;
  for (const auto& t : terms) hit = std::min(hit, find_term(text, t));
  std::size_t begin = 0;
  if (hit != std::string_view::npos && hit > max_bytes / 3)
    begin = snap_back(text, hit - max_bytes / 3);
  std::size_t end = std::min(text.size(), begin + max_bytes);
  if (end < text.size()) end = snap_back(text, end);
  if (end <= begin) end = std::min(text.size(), begin + max_bytes);
  while (end < text.size() && is_continuation(text[end])) ++end;
  std::string out = begin > 0 ? "..." : "";
  std::string_view body = text.substr(begin, end - begin);
  while (!body.empty() && body.front() == ' ') body.remove_prefix(1);
  out.append(body);
  if (end < text.size()) out += "...";
  std::replace(out.begin(), out.end(), '\n', ' ');
  return out;
}

}  // namespace pw::deliver
