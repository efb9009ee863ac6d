#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace pw::rules {

// A parsed rule of the first, simple language: every word and every phrase
// must occur (AND), and if a speaker is given the item must be spoken by
// that person. Replaced by the full TheyWorkForYou-style language later.
struct Query {
  std::vector<std::string> words;                 // analysed terms
  std::vector<std::vector<std::string>> phrases;  // analysed terms, in order
  std::string speaker;                            // "uk.org.publicwhip/person/N" or ""

  bool has_keywords() const { return !words.empty() || !phrases.empty(); }
};

// Longest rule text accepted, in bytes.
inline constexpr std::size_t kMaxQueryBytes = 1024;

// Parses `text`: bare words, "quoted phrases" and `speaker:N` (a person id
// number or the full "uk.org.publicwhip/person/N"). Matching is
// case-insensitive. Returns invalid_input with the 1-based column and a
// caret line for an unterminated quote, a bad speaker value, an unknown
// filter, or a query with nothing to match.
Result<Query> parse_query(std::string_view text);

}  // namespace pw::rules
