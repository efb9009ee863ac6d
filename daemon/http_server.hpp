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

// HTTP/1.1 server (Boost.Beast) on an io_context: each request is read
// within the limits, handed to a handler, and answered; connections are
// kept alive between requests. No handler sees a request that broke a
// limit. The server's methods are called on its io_context's thread.
class HttpServer {
 public:
  using Handler = std::function<web::Response(const web::Request&)>;
  // Answers a request elsewhere: called on the io_context's thread, it must
  // not block; it calls `answer` once, from any thread, when it has the
  // response (and must not throw: it answers its own failures).
  using Answer = std::function<void(web::Response)>;
  using AsyncHandler = std::function<void(web::Request request, Answer answer)>;

  // Binds and listens (SO_REUSEADDR). `handler` answers every request on
  // the io_context's thread, or with set_offload() only those whose path is
  // one of the limits' reserved paths. A port in use or a missing address
  // is a permanent error naming the address.
  static Result<std::unique_ptr<HttpServer>> listen(boost::asio::io_context& io,
                                                    const ListenAddress& address, Handler handler,
                                                    HttpServerLimits limits);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The bound address, e.g. "127.0.0.1:8026" (the real port when 0 was asked).
  std::string local_address() const;
  // Requests to paths other than the reserved ones are handed to `handler`
  // (which answers them elsewhere; the answer is sent from the io_context's
  // thread), so a slow handler holds up only its own requests. Set before
  // start().
  void set_offload(AsyncHandler handler);
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
