#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "rules/query.hpp"

// The query language's lexer, for rules/query.cpp only.
namespace pw::rules {

// One token of a query, with its column for error messages.
struct Tok {
  enum class T {
    kWord,
    kPhrase,
    kFilter,
    kLParen,
    kRParen,
    kMinus,
    kOr,
    kXor,
    kAnd,
    kNot,
    kNear,
    kEnd
  };
  T t = T::kEnd;
  std::string text;   // word or phrase; filter name for kFilter ("range" for a date range)
  std::string value;  // filter value
  std::size_t col = 0;
  std::size_t value_col = 0;
  std::uint32_t distance = kDefaultNear;
};

// True for the characters that end a bare word: space, parentheses, quote.
bool ends_word(char c);

// Replaces curly double quotes with straight ones so the lexer sees one kind.
std::string straighten_quotes(std::string_view text);

// Splits `text` (quotes straightened) into tokens ending with a kEnd;
// invalid_input with the column and a caret for an unclosed phrase, a bad
// NEAR distance or an unknown filter.
Result<std::vector<Tok>> lex_query(std::string_view text);

}  // namespace pw::rules
