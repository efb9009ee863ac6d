#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"

namespace pw::sources {

// A GET, optionally conditional on validators from an earlier response.
struct HttpRequest {
  std::string url;
  std::string etag;           // sent as If-None-Match when not empty
  std::string last_modified;  // sent as If-Modified-Since when not empty
};

struct HttpResponse {
  long status = 0;                                  // 200, 304, 404 ... (after same-host redirects)
  std::string url;                                  // the URL finally answered
  std::string body;                                 // empty for 304
  std::string etag;                                 // "" when absent
  std::string last_modified;                        // "" when absent
  std::optional<std::chrono::seconds> retry_after;  // from a 429 or 503
};

// Port for HTTP fetches, so sources can be tested with a fake and the
// daemon can use libcurl.
//
// get() returns a response for every status the server sends; it fails
// only when no complete response arrived: a refused or unsafe URL
// (permanent), a connection or timeout failure or a truncated body
// (transient), a body over the size cap (permanent). Not thread-safe: one
// client per thread.
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual Result<HttpResponse> get(const HttpRequest& request) = 0;
};

}  // namespace pw::sources
