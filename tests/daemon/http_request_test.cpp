#include "daemon/http_request.hpp"

#include <string>

#include <boost/asio/buffer.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace pw {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

// Parses `bytes` as the daemon's server does, with `limits`.
boost::system::error_code parse(const std::string& bytes, BeastRequestParser& parser,
                                const HttpServerLimits& limits = {}) {
  apply_limits(parser, limits);
  parser.eager(true);
  boost::system::error_code ec;
  parser.put(boost::asio::buffer(bytes), ec);
  return ec;
}

TEST(HttpRequest, HeaderNamesAreLowerCasedInOrderWithRepeats) {
  BeastRequestParser parser;
  const std::string bytes =
      "POST /api/subscriptions?x=1 HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 192.0.2.9\r\n"
      "x-forwarded-for: 198.51.100.1\r\nContent-Type: application/json\r\n"
      "Content-Length: 2\r\n\r\n{}";
  ASSERT_FALSE(parse(bytes, parser));
  ASSERT_TRUE(parser.is_done());
  const web::Request r = to_request(parser.get(), "127.0.0.1");
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/api/subscriptions?x=1");
  EXPECT_EQ(r.body, "{}");
  EXPECT_EQ(r.client, "127.0.0.1");
  EXPECT_THAT(r.headers,
              ElementsAre(Pair("host", "a"), Pair("x-forwarded-for", "192.0.2.9"),
                          Pair("x-forwarded-for", "198.51.100.1"),
                          Pair("content-type", "application/json"), Pair("content-length", "2")));
}

TEST(HttpRequest, TheServersLimitsApply) {
  HttpServerLimits limits;
  limits.max_header_bytes = 64;
  limits.max_body_bytes = 4;
  BeastRequestParser big_header;
  EXPECT_EQ(parse("GET / HTTP/1.1\r\nX: " + std::string(100, 'a') + "\r\n\r\n", big_header, limits),
            boost::beast::http::error::header_limit);
  BeastRequestParser big_body;
  EXPECT_EQ(parse("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", big_body, limits),
            boost::beast::http::error::body_limit);
  BeastRequestParser fits;
  EXPECT_FALSE(parse("POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nhell", fits, limits));
}

}  // namespace
}  // namespace pw
