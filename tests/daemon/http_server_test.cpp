#include <utility>  // before Asio (GCC 12 + Boost 1.74)

#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <arpa/inet.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
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
  // What a second connection from this client is answered (up to
  // `marker`) while a first one stays open.
  std::string second_connection_answer(const std::string& marker) {
    Client first(port_);
    first.send("GET /a HTTP/1.1\r\nHost: a\r\n\r\n");
    first.read_until("seen");
    Client second(port_);
    second.send("GET /b HTTP/1.1\r\nHost: a\r\n\r\n");
    return second.read_until(marker);
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

TEST_F(HttpServerTest, AClientOutOfTimeMidRequestGets408AndAnIdleOneIsClosed) {
  HttpServerLimits limits;
  limits.request_timeout = std::chrono::seconds(1);
  start(limits);
  Client slow_header(port_);
  slow_header.send("GET / HTTP/1.1\r\nHo");
  EXPECT_THAT(slow_header.read_until("timed out"), StartsWith("HTTP/1.1 408 "));
  EXPECT_TRUE(slow_header.closed_by_peer(5000));
  Client slow_body(port_);
  slow_body.send("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc");
  EXPECT_THAT(slow_body.read_until("timed out"), StartsWith("HTTP/1.1 408 "));
  Client idle(port_);
  EXPECT_TRUE(idle.closed_by_peer(5000));
  EXPECT_EQ(idle.read_until("x", 0), "");  // closed without an answer
  EXPECT_EQ(handled_, 0);
  const std::lock_guard<std::mutex> lock(mu_);
  EXPECT_EQ(refused_, (std::vector<int>{408, 408}));
}

TEST_F(HttpServerTest, ConnectionsOverTheLimitMayOnlyAskForReservedPaths) {
  HttpServerLimits limits;
  limits.max_connections = 2;
  limits.reserved_paths = {"/healthz"};
  start(limits);
  Client a(port_);
  Client b(port_);
  a.send("GET /a HTTP/1.1\r\nHost: a\r\n\r\n");
  b.send("GET /b HTTP/1.1\r\nHost: a\r\n\r\n");
  a.read_until("seen");
  b.read_until("seen");
  Client health(port_);
  health.send("GET /healthz?probe=1 HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_THAT(health.read_until("seen"), StartsWith("HTTP/1.1 200 "));
  EXPECT_TRUE(health.closed_by_peer(2000));  // not kept alive over the limit
  Client other(port_);
  other.send("GET /a HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_THAT(other.read_until("shortly"), StartsWith("HTTP/1.1 503 "));
  Client post(port_);
  post.send("POST /healthz HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n");
  EXPECT_THAT(post.read_until("shortly"), StartsWith("HTTP/1.1 503 "));
  Client silent(port_);  // over the limit, it has a second to ask
  EXPECT_THAT(silent.read_until("shortly", 3000), StartsWith("HTTP/1.1 503 "));
  EXPECT_EQ(handled_, 3);
  const std::lock_guard<std::mutex> lock(mu_);
  EXPECT_EQ(refused_, (std::vector<int>{503, 503, 503}));
}

TEST_F(HttpServerTest, OneClientMayHoldOnlyItsShareOfTheConnections) {
  HttpServerLimits limits;
  limits.max_connections_per_client = 1;
  start(limits);
  EXPECT_THAT(second_connection_answer("shortly"), StartsWith("HTTP/1.1 503 "));
}

TEST_F(HttpServerTest, AnUnlimitedClientSuchAsAProxyHasNoPerClientCap) {
  HttpServerLimits limits;
  limits.max_connections_per_client = 1;
  limits.unlimited_clients = {"127.0.0.1"};
  start(limits);
  EXPECT_THAT(second_connection_answer("seen"), StartsWith("HTTP/1.1 200 "));
}

TEST_F(HttpServerTest, BeyondFourTimesTheLimitConnectionsGet503AtOnce) {
  HttpServerLimits limits;
  limits.max_connections = 1;
  limits.reserved_paths = {"/healthz"};
  start(limits);
  std::vector<std::unique_ptr<Client>> held;
  for (int i = 0; i < 5; ++i) {  // one regular slot and four in triage, for a second
    held.push_back(std::make_unique<Client>(port_));
    held.back()->send("GET /a HTTP/1.1\r\nHo");
  }
  Client late(port_);
  late.send("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_THAT(late.read_until("shortly", 500), StartsWith("HTTP/1.1 503 "));
}

// Issue 22: slow clients held every slot and /healthz answered 503.
TEST_F(HttpServerTest, HealthIsAnsweredWithinASecondWhileFiveHundredSlowClientsHoldOn) {
  rlimit files{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &files), 0);
  files.rlim_cur = files.rlim_max;
  setrlimit(RLIMIT_NOFILE, &files);
  if (files.rlim_cur < 1100)
    GTEST_SKIP() << "needs 1100 open files; the limit is " << files.rlim_cur;
  HttpServerLimits limits;
  limits.reserved_paths = {"/healthz", "/metrics"};
  start(limits);
  std::vector<std::unique_ptr<Client>> slow;
  const auto hold = [&](std::unique_ptr<Client>& c) {
    c = std::make_unique<Client>(port_);
    c->send("GET /slow HTTP/1.1\r\nHost: a\r\nX-");
  };
  slow.resize(500);
  for (auto& c : slow) hold(c);
  for (int probe = 0; probe < 8; ++probe) {
    for (auto& c : slow) {
      if (c->closed_by_peer(0)) hold(c);  // the attacker comes straight back
      c->send("a");
    }
    Client health(port_);
    health.send(probe % 2 == 0 ? "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n"
                               : "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_THAT(health.read_until("seen", 1000), StartsWith("HTTP/1.1 200 ")) << "probe " << probe;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  EXPECT_EQ(handled_, 8);  // no slow request reached the handler
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

// Offloaded requests run on the runner's thread and their answers come
// back; the reserved paths, any method, stay on the server's thread; a
// throwing offloaded handler is a 500 naming only its route.
TEST(HttpServerOffload, OtherPathsRunOnTheRunnersThread) {
  boost::asio::io_context io;
  std::thread::id io_thread;
  std::thread::id reserved_on;  // written on the io thread, read after join
  std::mutex mu;
  std::vector<std::thread::id> offloaded_on;  // guarded by mu
  std::vector<std::string> errors;            // guarded by mu
  HttpServerLimits limits;
  limits.reserved_paths = {"/healthz"};
  auto s = HttpServer::listen(
      io, ListenAddress{"127.0.0.1", 0},
      [&](const web::Request& r) {
        reserved_on = std::this_thread::get_id();
        return web::Response{200, "text/plain", "inline " + r.method + "\n", {}};
      },
      limits);
  ASSERT_TRUE(s) << s.error().message;
  auto server = std::move(*s);
  boost::asio::thread_pool worker(1);
  server->set_offload([&](web::Request r, HttpServer::Answer answer) {
    boost::asio::post(worker, [&, r = std::move(r), answer = std::move(answer)] {
      if (r.path().rfind("/boom", 0) == 0) {
        answer(web::Response{500, "text/plain", "handler failed; it has been logged\n", {}});
        return;
      }
      const std::lock_guard<std::mutex> lock(mu);
      offloaded_on.push_back(std::this_thread::get_id());
      answer(web::Response{200, "text/plain", "offloaded " + r.target + "\n", {}});
    });
  });
  server->on_handler_error([&](const std::string& what) {
    const std::lock_guard<std::mutex> lock(mu);
    errors.push_back(what);
  });
  const auto address = server->local_address();
  const auto port = static_cast<std::uint16_t>(std::stoi(address.substr(address.rfind(':') + 1)));
  server->start();
  std::thread loop([&] { io.run(); });
  io_thread = loop.get_id();
  Client c(port);
  c.send("GET /m/u1.token HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_THAT(c.read_until("offloaded /m/u1.token\n"), StartsWith("HTTP/1.1 200 "));
  c.clear();
  c.send("HEAD /m/x HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_THAT(c.read_until("\r\n\r\n"), HasSubstr("Content-Length: 15\r\n"));
  c.clear();
  c.send("POST /healthz HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n");
  EXPECT_THAT(c.read_until("inline POST\n"), StartsWith("HTTP/1.1 200 "));
  c.clear();
  c.send("GET /boom/secret HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_THAT(c.read_until("logged\n"), StartsWith("HTTP/1.1 500 "));
  c.clear();
  c.send("GET /after HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_THAT(c.read_until("offloaded /after\n"), StartsWith("HTTP/1.1 200 "));
  boost::asio::post(io, [&] { server->stop(); });
  loop.join();
  worker.join();
  EXPECT_EQ(reserved_on, io_thread);
  ASSERT_EQ(offloaded_on.size(), 3u);
  for (const auto& id : offloaded_on) EXPECT_NE(id, io_thread);
  EXPECT_TRUE(errors.empty()) << "the offloaded handler answers its own failures";
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
