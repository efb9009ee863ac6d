#include <utility>  // before Asio (GCC 12 + Boost 1.74)

#include <list>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "daemon/http_server.hpp"

namespace pw {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;

std::string endpoint_text(const tcp::endpoint& e) {
  const auto a = e.address();
  return a.is_v6() ? fmt::format("[{}]:{}", a.to_string(), e.port())
                   : fmt::format("{}:{}", a.to_string(), e.port());
}

web::Request to_request(const http::request<http::string_body>& in, std::string client) {
  web::Request r;
  r.method = std::string(in.method_string());
  r.target = std::string(in.target());
  for (const auto& field : in) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  r.body = in.body();
  r.client = std::move(client);
  return r;
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

}  // namespace

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  asio::io_context& io;
  tcp::acceptor acceptor;
  Handler handler;
  HttpServerLimits limits;
  std::list<beast::tcp_stream*> open;
  bool stopped = false;

  Impl(asio::io_context& c, Handler h, HttpServerLimits l)
      : io(c), acceptor(c), handler(std::move(h)), limits(l) {}

  awaitable<void> accept_loop() {
    auto self = shared_from_this();
    while (!stopped) {
      boost::system::error_code ec;
      tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(use_awaitable, ec));
      if (ec) {
        if (stopped || ec == asio::error::operation_aborted) break;
        spdlog::warn("http: accept failed: {}", ec.message());
        continue;
      }
      asio::co_spawn(io, session(std::move(socket)), asio::detached);
    }
  }

  awaitable<void> session(tcp::socket socket) {
    auto self = shared_from_this();
    boost::system::error_code ec;
    const auto peer = socket.remote_endpoint(ec);
    const std::string client = ec ? "" : peer.address().to_string();
    beast::tcp_stream stream(std::move(socket));
    const auto registered = open.insert(open.end(), &stream);
    if (static_cast<int>(open.size()) > limits.max_connections) {
      co_await reply(stream, plain(503, "too many connections; try again shortly"), 11, false);
    } else {
      co_await serve(stream, client);
    }
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream.socket().close(ec);
    open.erase(registered);
  }

  awaitable<void> serve(beast::tcp_stream& stream, const std::string& client) {
    beast::flat_buffer buffer;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
      parser.body_limit(limits.max_body_bytes);
      stream.expires_after(limits.request_timeout);
      boost::system::error_code ec;
      co_await http::async_read_header(stream, buffer, parser,
                                       asio::redirect_error(use_awaitable, ec));
      if (!ec && parser.get()[http::field::expect] == "100-continue") {
        http::response<http::empty_body> go{http::status::continue_, parser.get().version()};
        co_await http::async_write(stream, go, asio::redirect_error(use_awaitable, ec));
      }
      if (!ec) {
        co_await http::async_read(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
      }
      if (ec) {
        co_await refuse_broken(stream, ec);
        co_return;
      }
      const auto& req = parser.get();
      const bool keep_alive = req.keep_alive() && !stopped;
      auto response = handler(to_request(req, client));
      if (!co_await reply(stream, std::move(response), req.version(), keep_alive,
                          req.method() == http::verb::head) ||
          !keep_alive) {
        co_return;
      }
    }
  }

  // Answers a request that broke a limit or could not be parsed; a closed
  // or timed-out connection gets nothing.
  awaitable<void> refuse_broken(beast::tcp_stream& stream, const boost::system::error_code& ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::eof ||
        ec == asio::error::connection_reset || ec == http::error::partial_message) {
      co_return;
    }
    if (ec == http::error::body_limit) {
      co_await reply(
          stream,
          web::json_error(413, fmt::format("the body is over {} bytes", limits.max_body_bytes)), 11,
          false);
    } else if (ec == http::error::header_limit) {
      co_await reply(stream, plain(431, "request headers too large"), 11, false);
    } else {
      co_await reply(stream, plain(400, "bad request: " + ec.message()), 11, false);
    }
  }

  awaitable<bool> reply(beast::tcp_stream& stream, web::Response response, unsigned version,
                        bool keep_alive, bool head = false) {
    auto out = to_response(std::move(response), version, keep_alive, head);
    stream.expires_after(limits.request_timeout);
    boost::system::error_code ec;
    co_await http::async_write(stream, out, asio::redirect_error(use_awaitable, ec));
    co_return !ec;
  }
};

Result<std::unique_ptr<HttpServer>> HttpServer::listen(asio::io_context& io,
                                                       const ListenAddress& address,
                                                       Handler handler, HttpServerLimits limits) {
  auto impl = std::make_unique<Impl>(io, std::move(handler), limits);
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
  stop();
}

std::string HttpServer::local_address() const {
  boost::system::error_code ec;
  const auto e = impl_->acceptor.local_endpoint(ec);
  return ec ? "" : endpoint_text(e);
}

void HttpServer::start() {
  asio::co_spawn(impl_->io, impl_->accept_loop(), asio::detached);
}

void HttpServer::stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  boost::system::error_code ec;
  impl_->acceptor.close(ec);
  for (auto* stream : impl_->open) stream->socket().close(ec);
}

}  // namespace pw
