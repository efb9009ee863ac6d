#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "daemon/http_request.hpp"
#include "daemon/listen_address.hpp"
#include "web/http.hpp"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace pw {

// HTTP/1.1 server (Boost.Beast) on the daemon's io_context: each request
// is read within the limits, handed to `handler` on the loop thread, and
// answered; connections are kept alive between requests. The handler
// never sees a request that broke a limit.
class HttpServer {
 public:
  using Handler = std::function<web::Response(const web::Request&)>;

  // Binds and listens (SO_REUSEADDR). A port in use or a missing address
  // is a permanent error naming the address.
  static Result<std::unique_ptr<HttpServer>> listen(boost::asio::io_context& io,
                                                    const ListenAddress& address, Handler handler,
                                                    HttpServerLimits limits);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The bound address, e.g. "127.0.0.1:8026" (the real port when 0 was asked).
  std::string local_address() const;
  // Starts accepting.
  void start();
  // New limits for new reads and connections; connections already open
  // keep their slots.
  void set_limits(HttpServerLimits limits);
  // Called with the status of every answer given without the handler (400,
  // 413, 431, 503 for too many connections), so they can be counted.
  void on_refused(std::function<void(int status)> callback);
  // Called when the handler throws; the request is answered 500 and the
  // server goes on. `what` names the request and the exception.
  void on_handler_error(std::function<void(const std::string& what)> callback);
  // Stops accepting and closes every connection; safe to call twice.
  void stop();

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

}  // namespace pw
