#include <utility>  // before Asio (GCC 12 + Boost 1.74)

#include <mutex>
#include <stdexcept>
#include <thread>

#include <arpa/inet.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon/http_server.hpp"
#include "tests/fakes/raw_client.hpp"

namespace pw {
namespace {

using test::Client;

using ::testing::HasSubstr;
using ::testing::StartsWith;

class HttpServerTest : public ::testing::Test {
 protected:
  void start(HttpServerLimits limits) {
    auto s = HttpServer::listen(
        io_, ListenAddress{"127.0.0.1", 0},
        [this](const web::Request& r) {
          ++handled_;
          const std::lock_guard<std::mutex> lock(mu_);
          last_ = r;
          return web::Response{
              200,
              "text/plain",
              "seen " + r.method + " " + r.target + " " + std::to_string(r.body.size()) + "\n",
              {}};
        },
        limits);
    ASSERT_TRUE(s) << s.error().message;
    server_ = std::move(*s);
    const auto address = server_->local_address();
    port_ = static_cast<std::uint16_t>(std::stoi(address.substr(address.rfind(':') + 1)));
    server_->on_refused([this](int status) {
      const std::lock_guard<std::mutex> lock(mu_);
      refused_.push_back(status);
    });
    server_->start();
    thread_ = std::thread([this] { io_.run(); });
  }
  void TearDown() override {
    if (server_) boost::asio::post(io_, [this] { server_->stop(); });
    if (thread_.joinable()) thread_.join();
  }

  boost::asio::io_context io_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  std::uint16_t port_ = 0;
  std::atomic<int> handled_{0};
  std::mutex mu_;
  web::Request last_;         // guarded by mu_
  std::vector<int> refused_;  // guarded by mu_: answers the handler never saw
};

TEST_F(HttpServerTest, AnswersRequestsOnAKeptAliveConnection) {
  start(HttpServerLimits{});
  Client c(port_);
  ASSERT_TRUE(c.connected());
  c.send("GET /healthz?x=1 HTTP/1.1\r\nHost: a\r\nX-Thing: Yes\r\n\r\n");
  EXPECT_THAT(c.read_until("seen GET /healthz?x=1 0\n"), StartsWith("HTTP/1.1 200 OK\r\n"));
  c.clear();
  c.send("POST /api HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");
  EXPECT_THAT(c.read_until("seen POST /api 5\n"), StartsWith("HTTP/1.1 200 OK\r\n"));
  EXPECT_EQ(handled_, 2);
  const std::lock_guard<std::mutex> lock(mu_);
  EXPECT_EQ(last_.header("x-thing"), "");
  EXPECT_EQ(last_.header("host"), "a");
  EXPECT_EQ(last_.client, "127.0.0.1");
}

TEST_F(HttpServerTest, ExpectContinueIsAnswered) {
  start(HttpServerLimits{});
  Client c(port_);
  c.send("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_THAT(c.read_until("\r\n\r\n"), StartsWith("HTTP/1.1 100 Continue\r\n"));
  c.send("abc");
  EXPECT_THAT(c.read_until("seen POST /x 3\n"), HasSubstr("200 OK"));
}

TEST_F(HttpServerTest, OversizeBodiesAndHeadersAreRefusedBeforeTheHandler) {
  HttpServerLimits limits;
  limits.max_body_bytes = 1024;
  limits.max_header_bytes = 1024;
  start(limits);
  Client big_body(port_);
  big_body.send("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n" +
                std::string(5000, 'x'));
  EXPECT_THAT(big_body.read_until("}\n"), StartsWith("HTTP/1.1 413 "));
  EXPECT_TRUE(big_body.closed_by_peer(2000));
  Client big_header(port_);
  big_header.send("GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + std::string(2000, 'y') + "\r\n\r\n");
  EXPECT_THAT(big_header.read_until("large"), StartsWith("HTTP/1.1 431 "));
  Client garbage(port_);
  garbage.send("NOT HTTP AT ALL\r\n\r\n");
  EXPECT_THAT(garbage.read_until("\n\n"), StartsWith("HTTP/1.1 400 "));
  EXPECT_EQ(handled_, 0);
  const std::lock_guard<std::mutex> lock(mu_);  // each is counted (issue 17, 8)
  EXPECT_EQ(refused_, (std::vector<int>{413, 431, 400}));
}

TEST_F(HttpServerTest, SlowClientsAreCutOff) {
  HttpServerLimits limits;
  limits.request_timeout = std::chrono::seconds(1);
  start(limits);
  Client slow(port_);
  slow.send("GET / HTTP/1.1\r\nHo");
  EXPECT_TRUE(slow.closed_by_peer(5000));
  EXPECT_EQ(handled_, 0);
}

TEST_F(HttpServerTest, ConnectionsOverTheLimitGet503) {
  HttpServerLimits limits;
  limits.max_connections = 2;
  start(limits);
  Client a(port_);
  Client b(port_);
  a.send("GET /a HTTP/1.1\r\nHost: a\r\n\r\n");
  b.send("GET /b HTTP/1.1\r\nHost: a\r\n\r\n");
  a.read_until("seen");
  b.read_until("seen");
  Client c(port_);
  EXPECT_THAT(c.read_until("shortly"), StartsWith("HTTP/1.1 503 "));
}

TEST(HttpServerErrors, AThrowingHandlerGets500AndTheServerGoesOn) {
  boost::asio::io_context io;
  std::vector<std::string> errors;  // written on the io thread, read after join
  auto s = HttpServer::listen(
      io, ListenAddress{"127.0.0.1", 0},
      [](const web::Request& r) {
        if (r.path() != "/healthz") throw std::runtime_error("a handler bug");
        return web::Response{200, "text/plain", "ok\n", {}};
      },
      HttpServerLimits{});
  ASSERT_TRUE(s) << s.error().message;
  auto server = std::move(*s);
  server->on_handler_error([&](const std::string& what) { errors.push_back(what); });
  const auto address = server->local_address();
  const auto port = static_cast<std::uint16_t>(std::stoi(address.substr(address.rfind(':') + 1)));
  server->start();
  std::thread loop([&] { io.run(); });
  Client c(port);
  c.send("GET /u/u1.secret-token?x=1 HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_THAT(c.read_until("logged"), StartsWith("HTTP/1.1 500 "));
  c.clear();
  c.send("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_THAT(c.read_until("ok\n"), StartsWith("HTTP/1.1 200 "));
  boost::asio::post(io, [&] { server->stop(); });
  loop.join();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "GET /u: a handler bug");  // the route, never the token
}

TEST_F(HttpServerTest, AnAddressInUseIsAClearError) {
  start(HttpServerLimits{});
  boost::asio::io_context other;
  auto second = HttpServer::listen(other, ListenAddress{"127.0.0.1", port_},
                                   [](const web::Request&) { return web::Response{}; }, {});
  ASSERT_FALSE(second);
  EXPECT_THAT(second.error().message, HasSubstr("127.0.0.1:" + std::to_string(port_)));
}

}  // namespace
}  // namespace pw
