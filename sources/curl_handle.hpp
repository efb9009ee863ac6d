#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <curl/curl.h>

namespace pw::sources {

// Initialises libcurl once per process (thread-safe).
void init_curl_once();

struct CurlEasyCleanup {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct CurlSlistFree {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

// Owners of libcurl's easy handles and header lists.
using CurlEasy = std::unique_ptr<CURL, CurlEasyCleanup>;
using CurlSlist = std::unique_ptr<curl_slist, CurlSlistFree>;

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

// Appends one header line to `list`.
void append_header(CurlSlist& list, const std::string& line);

}  // namespace pw::sources
