#pragma once

#include <string>
#include <string_view>

#include "rules/query.hpp"

// How the query tests look at a parse: its S-expression or its error.
namespace pw::rules::test {

// The parsed query as describe() writes it, or "ERROR " and the message.
inline std::string parsed(std::string_view text) {
  auto q = parse_query(text);
  return q ? describe(q->root) : "ERROR " + q.error().message;
}

// The error message, or "parsed: " and the S-expression if it parsed.
inline std::string error_of(std::string_view text) {
  auto q = parse_query(text);
  return q ? "parsed: " + describe(q->root) : q.error().message;
}

}  // namespace pw::rules::test
