#include "daemon/loop_guard.hpp"
#include <utility>  // before Asio (GCC 12 + Boost 1.74)

#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon/http_server.hpp"
#include "tests/fakes/raw_client.hpp"

namespace pw {
namespace {

using ::testing::ElementsAre;
using ::testing::StartsWith;

// The daemon's loop as App::run drives it: the HTTP server and other
// handlers on one io_context under run_guarded. A handler that throws is
// reported and the loop keeps serving /healthz.
TEST(LoopGuard, AThrowingHandlerIsReportedAndTheLoopKeepsServing) {
  boost::asio::io_context io;
  auto s = HttpServer::listen(
      io, ListenAddress{"127.0.0.1", 0},
      [](const web::Request&) {
        return web::Response{200, "text/plain", "ok\n", {}};
      },
      HttpServerLimits{});
  ASSERT_TRUE(s) << s.error().message;
  auto server = std::move(*s);
  const auto address = server->local_address();
  const auto port = static_cast<std::uint16_t>(std::stoi(address.substr(address.rfind(':') + 1)));
  server->start();

  std::vector<std::string> reported;  // on the loop thread until joined
  std::promise<void> thrown;
  boost::asio::post(io, [] { throw std::runtime_error("a timer handler bug"); });
  boost::asio::post(io, [] { throw 42; });  // NOLINT(hicpp-exception-baseclass)
  boost::asio::post(io, [&] { thrown.set_value(); });
  int threw = -1;
  std::thread loop([&] {
    threw = run_guarded(io, [&](std::string_view what) { reported.emplace_back(what); });
  });
  thrown.get_future().wait();

  test::Client c(port);
  c.send("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_THAT(c.read_until("ok\n"), StartsWith("HTTP/1.1 200 "));
  boost::asio::post(io, [&] { server->stop(); });
  loop.join();

  EXPECT_EQ(threw, 2);
  EXPECT_THAT(reported,
              ElementsAre("a timer handler bug", "an exception that is not a std::exception"));
}

TEST(LoopGuard, RunGuardedReturnsWhenTheWorkIsDone) {
  boost::asio::io_context io;
  int ran = 0;
  boost::asio::post(io, [&] { ++ran; });
  EXPECT_EQ(run_guarded(io, [](std::string_view) { ADD_FAILURE(); }), 0);
  EXPECT_EQ(ran, 1);
}

TEST(LoopGuard, CallGuardedReturnsTheFallbackWithWhatWasThrown) {
  const auto ok = call_guarded([] { return std::string("done"); },
                               [](std::string_view) { return std::string("fallback"); });
  EXPECT_EQ(ok, "done");
  const auto failed =
      call_guarded([]() -> std::string { throw std::length_error("too long"); },
                   [](std::string_view what) { return "fell back: " + std::string(what); });
  EXPECT_EQ(failed, "fell back: too long");
}

}  // namespace
}  // namespace pw
