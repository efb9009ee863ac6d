#pragma once

#include <utility>

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "tests/fakes/loopback_listener.hpp"

namespace pw::test {

// An HTTP/1.1 request as the fake server read it. Header names are lower
// case.
struct HttpRequestSeen {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;
  std::string body;  // as announced by Content-Length
};

// What the fake server does with one request, faults included.
struct HttpReply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds stall{0};  // wait this long before answering
  bool truncate = false;               // announce the whole body, send half, close
  bool hang_up = false;                // close without answering
};

// A loopback-only HTTP server for tests: listens on 127.0.0.1 on a free
// port and answers each connection on its own thread with `handler`,
// keeping it open for further requests (HTTP/1.1 keep-alive) until the
// client closes it or a fault ends it. Stops and joins its threads when
// destroyed.
class HttpServer {
 public:
  using Handler = std::function<HttpReply(const HttpRequestSeen&)>;

  explicit HttpServer(Handler handler);
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const { return listener_.port(); }
  // "http://127.0.0.1:PORT"
  std::string origin() const;
  // Requests answered so far, in arrival order.
  std::vector<HttpRequestSeen> requests() const;

 private:
  void serve(int fd);

  Handler handler_;
  mutable std::mutex mutex_;
  std::vector<HttpRequestSeen> requests_;
  LoopbackListener listener_;  // last: its threads use the members above
};

// Returns the reason phrase for the statuses tests use.
const char* reason_phrase(int status);

}  // namespace pw::test
