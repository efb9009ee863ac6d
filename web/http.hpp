#pragma once

#include <utility>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace pw::web {

// One HTTP request as the server read it (the transport enforces size
// limits and timeouts before this exists).
struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query, as sent: "/m/u7.abc?x=1"
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::string client;  // the peer's address, for rate limits

  // The first value of a header (name in lower case), or "".
  std::string header(std::string_view name) const;
  // The target without its query string.
  std::string path() const;
  // A query-string parameter, percent-decoded, or "" if absent.
  std::string query_param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra ones
};

// {"error": message} with the given status.
Response json_error(int status, std::string_view message);
// A JSON body (already serialised) with the given status.
Response json_response(int status, std::string body);
// A complete HTML page: `title` and `body_html` (already escaped) inside
// the site's layout.
Response html_page(int status, std::string_view title, std::string_view body_html);
// 405 with an Allow header ("GET", "GET, POST") and a JSON error.
Response method_not_allowed(const char* allow);
// The id in a path or form field: digits only, above zero; else nothing.
std::optional<std::int64_t> parse_positive_id(std::string_view text);
// 303 See Other to `location`.
Response redirect(std::string location);
class Counters;
// The answer as sent: with the headers every answer carries (no caching,
// no type sniffing, and for HTML a content security policy allowing no
// scripts), counted in parlwatch_http_requests_total under `route`.
Response finish_answer(Response r, const std::string& route, Counters& counters);

// A request refused, with the HTTP status that says why and a message for
// the person or program that sent it.
struct Refusal {
  int status = 400;
  std::string message;
};

template <typename T>
using Answer = tl::expected<T, Refusal>;

inline tl::unexpected<Refusal> refuse(int status, std::string message) {
  return tl::unexpected<Refusal>(Refusal{status, std::move(message)});
}

// The refusal for an Error: invalid_input 422, transient 503 (try again),
// permanent 500.
Refusal refusal_for(const Error& e);

// Percent-decodes (and '+' as space); nothing for bad escapes.
std::optional<std::string> percent_decode(std::string_view text);
// Parses an application/x-www-form-urlencoded body; malformed pairs are
// skipped.
std::vector<std::pair<std::string, std::string>> parse_form(std::string_view body);
// The value of a form field, or "".
std::string form_value(const std::vector<std::pair<std::string, std::string>>& form,
                       std::string_view name);

}  // namespace pw::web
