#include <utility>  // before Asio (GCC 12 + Boost 1.74)

#include <algorithm>
#include <list>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "daemon/connection_budget.hpp"
#include "daemon/http_server.hpp"
#include "daemon/loop_guard.hpp"

namespace pw {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::string endpoint_text(const tcp::endpoint& e) {
  const auto a = e.address();
  return a.is_v6() ? fmt::format("[{}]:{}", a.to_string(), e.port())
                   : fmt::format("{}:{}", a.to_string(), e.port());
}

http::response<http::string_body> to_response(web::Response in, unsigned version, bool keep_alive,
                                              bool head) {
  http::response<http::string_body> out{static_cast<http::status>(in.status), version};
  out.set(http::field::server, "parlwatch");
  if (!in.body.empty() || in.status != 303) out.set(http::field::content_type, in.content_type);
  for (const auto& [k, v] : in.headers) out.set(k, v);
  out.keep_alive(keep_alive);
  const auto size = in.body.size();
  out.body() = std::move(in.body);
  out.prepare_payload();
  if (head) {
    out.body().clear();
    out.content_length(size);
  }
  return out;
}

web::Response plain(int status, std::string text) {
  return web::Response{status, "text/plain; charset=utf-8", std::move(text) + "\n", {}};
}

// How long a connection over the limits has to send its request headers,
// and how long to wait before accepting again after accept() failed.
constexpr std::chrono::seconds kTriageTimeout{1};
constexpr std::chrono::milliseconds kAcceptRetry{100};

bool reserved_path(const BeastRequest& req, const std::vector<std::string>& paths) {
  const auto target = req.target();
  const std::string_view path(target.data(), std::min(target.size(), target.find('?')));
  return std::find(paths.begin(), paths.end(), path) != paths.end();
}

// A GET or HEAD of a reserved path: what a connection in triage may ask.
bool reserved(const BeastRequest& req, const std::vector<std::string>& paths) {
  const bool get = req.method() == http::verb::get || req.method() == http::verb::head;
  return get && reserved_path(req, paths);
}

// "GET /m" for a request to /m/TOKEN?x: the route without tokens or queries.
std::string route_of(const BeastRequest& req) {
  const auto target = req.target();
  const std::string_view path(target.data(), target.size());
  const auto method = req.method_string();
  return fmt::format("{} {}", std::string_view(method.data(), method.size()),
                     path.substr(0, path.find_first_of("/?", 1)));
}

class Session;

// What the acceptor and every session share; kept alive by the handlers
// in flight, so the server object may go first.
struct ServerState : std::enable_shared_from_this<ServerState> {
  asio::io_context& io;
  tcp::acceptor acceptor;
  HttpServer::Handler handler;
  HttpServerLimits limits;
  ConnectionBudget budget;
  asio::steady_timer accept_retry;
  std::list<Session*> open;
  bool stopped = false;
  std::function<void(int status)> refused;  // told of every answer the handler never saw
  std::function<void(const std::string& what)> handler_error;  // told when the handler throws
  HttpServer::AsyncHandler offload;  // when set: answers the unreserved paths elsewhere

  ServerState(asio::io_context& c, HttpServer::Handler h, HttpServerLimits l)
      : io(c),
        acceptor(c),
        handler(std::move(h)),
        limits(std::move(l)),
        budget(limits),
        accept_retry(c) {}

  void accept();
};

// One connection: reads a request within the limits, answers it, and
// reads the next while the client keeps the connection alive. Owned by the
// completion handlers in flight; unregisters itself when the last is done.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<ServerState> server)
      : stream_(std::move(socket)), server_(std::move(server)), deadline_(server_->io) {
    boost::system::error_code ec;
    const auto peer = stream_.socket().remote_endpoint(ec);
    client_ = ec ? "" : peer.address().to_string();
    admission_ = server_->budget.admit(client_);
    registered_ = server_->open.insert(server_->open.end(), this);
  }
  ~Session() {
    server_->budget.release(client_, admission_);
    server_->open.erase(registered_);
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start() {
    if (admission_ == Admission::kRefused) return refuse(busy());
    read_header();
  }

  void close() {
    deadline_.cancel();
    boost::system::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
  }

 private:
  void read_header() {
    const auto& limits = server_->limits;
    parser_.emplace();
    apply_limits(*parser_, limits);
    stream_.expires_never();
    arm(admission_ == Admission::kTriage ? kTriageTimeout : limits.request_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                              self->on_header(ec);
                            });
  }

  void on_header(const boost::system::error_code& ec) {
    if (ec) return refuse_broken(ec);
    if (parser_->get()[http::field::expect] != "100-continue") return read_body();
    auto go = std::make_shared<http::response<http::empty_body>>(http::status::continue_,
                                                                 parser_->get().version());
    http::async_write(stream_, *go,
                      [self = shared_from_this(), go](boost::system::error_code e, std::size_t) {
                        if (e) return self->close();
                        self->read_body();
                      });
  }

  void read_body() {
    arm(server_->limits.request_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                       self->on_request(ec);
                     });
  }

  void on_request(const boost::system::error_code& ec) {
    disarm();
    if (ec) return refuse_broken(ec);
    const auto& req = parser_->get();
    const bool triage = admission_ == Admission::kTriage;
    if (triage && !reserved(req, server_->limits.reserved_paths)) return refuse(busy());
    const bool keep_alive = req.keep_alive() && !server_->stopped && !triage;
    if (server_->offload && !reserved_path(req, server_->limits.reserved_paths)) {
      return offload(req, keep_alive);
    }
    auto response =
        call_guarded([&] { return server_->handler(to_request(req, client_)); },
                     [&](std::string_view what) { return handler_failed(route_of(req), what); });
    respond(std::move(response), req.version(), keep_alive, req.method() == http::verb::head);
  }

  // Hands the request to the offload handler; the answer comes back to this
  // io_context's thread. Only the handler's copy of the request crosses
  // threads.
  // The answer hands its reference to the session on to the io_context's
  // thread, so the session always ends there, never on the handler's.
  void offload(const BeastRequest& req, bool keep_alive) {
    auto answer = [self = shared_from_this(), version = req.version(), keep_alive,
                   head = req.method() == http::verb::head](web::Response response) mutable {
      if (!self) return;  // answered already
      auto& io = self->server_->io;
      asio::post(
          io, [self = std::move(self), response = std::move(response), version, keep_alive,
               head]() mutable { self->respond(std::move(response), version, keep_alive, head); });
    };
    server_->offload(to_request(req, client_), std::move(answer));
  }

  // The answer to a request whose handler threw; the server goes on. The
  // log names the route (the path's first segment), never a token or query.
  web::Response handler_failed(const std::string& route, std::string_view what) {
    if (server_->handler_error) server_->handler_error(fmt::format("{}: {}", route, what));
    return plain(500, "internal error; it has been logged");
  }

  static web::Response busy() { return plain(503, "too many connections; try again shortly"); }

  // Starts the clock for the read now under way: when it runs out, the
  // read is cancelled and `timed_out_` set.
  void arm(std::chrono::seconds limit) {
    const auto phase = ++phase_;
    deadline_.expires_after(limit);
    deadline_.async_wait([self = shared_from_this(), phase](boost::system::error_code ec) {
      if (ec || phase != self->phase_) return;
      self->timed_out_ = true;
      self->stream_.cancel();
    });
  }

  void disarm() {
    ++phase_;
    deadline_.cancel();
  }

  // Answers a request that broke a limit or could not be parsed, or ran out
  // of time part-way (408); a closed connection, or an idle one that timed
  // out, gets nothing.
  void refuse_broken(const boost::system::error_code& ec) {
    disarm();
    if (timed_out_) {
      timed_out_ = false;
      if (admission_ == Admission::kTriage) return refuse(busy());
      if (parser_->got_some()) return refuse(plain(408, "request timed out"));
      return close();
    }
    if (ec == http::error::body_limit) {
      return refuse(web::json_error(
          413, fmt::format("the body is over {} bytes", server_->limits.max_body_bytes)));
    }
    if (ec == http::error::header_limit) return refuse(plain(431, "request headers too large"));
    const bool quiet = ec == http::error::end_of_stream || ec == beast::error::timeout ||
                       ec == asio::error::operation_aborted || ec == asio::error::eof ||
                       ec == asio::error::connection_reset || ec == http::error::partial_message;
    if (quiet) return close();
    refuse(plain(400, "bad request: " + ec.message()));
  }

  // Answers and closes, and tells the server's `refused` callback.
  void refuse(web::Response response) {
    if (server_->refused) server_->refused(response.status);
    respond(std::move(response), 11, false, false);
  }

  void respond(web::Response response, unsigned version, bool keep_alive, bool head) {
    auto out = std::make_shared<http::response<http::string_body>>(
        to_response(std::move(response), version, keep_alive, head));
    stream_.expires_after(server_->limits.request_timeout);
    http::async_write(
        stream_, *out,
        [self = shared_from_this(), out, keep_alive](boost::system::error_code ec, std::size_t) {
          if (ec || !keep_alive) return self->close();
          self->read_header();
        });
  }

  beast::tcp_stream stream_;
  std::shared_ptr<ServerState> server_;
  asio::steady_timer deadline_;
  unsigned phase_ = 0;  // which arm() a firing deadline belongs to
  bool timed_out_ = false;
  Admission admission_ = Admission::kRefused;
  std::string client_;
  beast::flat_buffer buffer_;
  std::optional<BeastRequestParser> parser_;
  std::list<Session*>::iterator registered_;
};

void ServerState::accept() {
  acceptor.async_accept(
      [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
        if (self->stopped || ec == asio::error::operation_aborted) return;
        if (!ec) {
          std::make_shared<Session>(std::move(socket), self)->start();
          return self->accept();
        }
        spdlog::warn("http: accept failed: {}; trying again shortly", ec.message());
        self->accept_retry.expires_after(kAcceptRetry);
        self->accept_retry.async_wait([self](boost::system::error_code e) {
          if (!e && !self->stopped) self->accept();
        });
      });
}

}  // namespace

struct HttpServer::Impl : ServerState {
  using ServerState::ServerState;
};

Result<std::unique_ptr<HttpServer>> HttpServer::listen(asio::io_context& io,
                                                       const ListenAddress& address,
                                                       Handler handler, HttpServerLimits limits) {
  auto impl = std::make_unique<Impl>(io, std::move(handler), std::move(limits));
  boost::system::error_code ec;
  const auto ip = asio::ip::make_address(address.host, ec);
  const tcp::endpoint endpoint(ip, address.port);
  const auto failed = [&](const char* what) {
    return fail(Error::permanent(
        fmt::format("http: cannot {} {}: {}", what, endpoint_text(endpoint), ec.message())));
  };
  if (ec) return failed("use");
  if (impl->acceptor.open(endpoint.protocol(), ec); ec) return failed("open");
  if (impl->acceptor.set_option(tcp::acceptor::reuse_address(true), ec); ec) return failed("use");
  if (impl->acceptor.bind(endpoint, ec); ec) return failed("listen on");
  if (impl->acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) {
    return failed("listen on");
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() {
  try {
    stop();
  } catch (const std::exception& e) {  // a timer's cancel() failing: nothing left to do
    spdlog::warn("http: stopping: {}", e.what());
  }
}

std::string HttpServer::local_address() const {
  boost::system::error_code ec;
  const auto e = impl_->acceptor.local_endpoint(ec);
  return ec ? "" : endpoint_text(e);
}

void HttpServer::set_offload(AsyncHandler handler) {
  impl_->offload = std::move(handler);
}

void HttpServer::start() {
  impl_->accept();
}

void HttpServer::set_limits(HttpServerLimits limits) {
  impl_->budget.set_limits(limits);
  impl_->limits = std::move(limits);
}

void HttpServer::on_refused(std::function<void(int status)> callback) {
  impl_->refused = std::move(callback);
}

void HttpServer::on_handler_error(std::function<void(const std::string& what)> callback) {
  impl_->handler_error = std::move(callback);
}

void HttpServer::stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  boost::system::error_code ec;
  impl_->acceptor.close(ec);
  impl_->accept_retry.cancel();
  for (auto* session : impl_->open) session->close();
}

}  // namespace pw
