#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/stop_flag.hpp"
#include "sources/http_client.hpp"

namespace pw::sources {

struct CurlSettings {
  std::string user_agent = "parlwatch";
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds timeout{60000};  // whole transfer
  std::uint64_t max_body_bytes = 64u << 20;  // enforced while downloading
  std::chrono::milliseconds delay_between_requests{0};
  int max_redirects = 5;  // followed only within the same scheme, host and port
};

// HttpClient over one libcurl easy handle, so requests to a host reuse one
// connection. Refuses non-https URLs except loopback before connecting;
// ignores proxy environment variables; follows redirects itself and only
// within the same origin; aborts a body over the cap as it arrives and a
// transfer in flight when `stop` is raised. Waits `delay_between_requests`
// between the end of one request and the start of the next. One instance
// per thread.
class CurlHttpClient final : public HttpClient {
 public:
  CurlHttpClient(CurlSettings settings, StopFlag& stop);
  ~CurlHttpClient() override;
  CurlHttpClient(const CurlHttpClient&) = delete;
  CurlHttpClient& operator=(const CurlHttpClient&) = delete;

  Result<HttpResponse> get(const HttpRequest& request) override;

  // Sockets opened so far: lets tests prove a refusal came before any
  // connection.
  int connections_opened() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pw::sources
