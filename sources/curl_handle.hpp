#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sources/curl_library.hpp"

namespace pw::sources {

struct CurlEasyCleanup {
  void operator()(CURL* c) const { curl().easy_cleanup(c); }
};
struct CurlSlistFree {
  void operator()(curl_slist* l) const { curl().slist_free_all(l); }
};

// Owners of libcurl's easy handles and header lists.
using CurlEasy = std::unique_ptr<CURL, CurlEasyCleanup>;
using CurlSlist = std::unique_ptr<curl_slist, CurlSlistFree>;

// A new easy handle (opening libcurl first if need be), or a null one with
// the reason in `why`.
CurlEasy new_easy_handle(std::string& why);

// The value of header `name` (case-insensitive) if `line` is that header,
// trimmed of surrounding spaces and the line end.
std::optional<std::string> header_value(std::string_view line, std::string_view name);

// Resets `c` to what every parlwatch transfer shares: only `protocols`,
// no redirects followed by libcurl, proxies from the environment ignored,
// no signals, the timeouts, an error buffer and (unless "") a user agent.
// Live connections are kept for reuse.
void reset_common_options(CURL* c, const char* protocols, const std::string& user_agent,
                          std::chrono::milliseconds connect_timeout,
                          std::chrono::milliseconds timeout, char* error_buffer);

// Appends one header line to `list`; libcurl must be open (an easy handle made).
void append_header(CurlSlist& list, const std::string& line);

}  // namespace pw::sources
