#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace pw::sources {

// An absolute http or https URL split into the parts the fetcher checks.
struct Url {
  std::string scheme;  // "http" or "https", lower case
  std::string host;    // lower case; IPv6 literals without brackets
  int port = 0;        // explicit or the scheme's default
  std::string target;  // path and query, starting with '/'

  // Returns the URL as text, with brackets around IPv6 hosts.
  std::string str() const;
};

// Parses an absolute http(s) URL. User info ("user@host"), fragments,
// spaces, control characters and ports outside 1-65535 are invalid_input.
Result<Url> parse_url(std::string_view text);

// True for "localhost", 127.0.0.0/8 and ::1 (also as ::ffff:127.x.y.z).
bool is_loopback_host(std::string_view host);

// Refuses what the fetcher must never request: anything but https, except
// plain http to a loopback host (tests, a local mirror). Pure: decides
// before any connection is attempted.
Status check_fetch_url(const Url& url);

// Resolves a Location header against the URL it came from: absolute URLs,
// scheme-relative ("//host/x"), absolute paths and relative paths.
Result<Url> resolve_location(const Url& base, std::string_view location);

// True when both URLs name the same scheme, host and port.
bool same_origin(const Url& a, const Url& b);

}  // namespace pw::sources
