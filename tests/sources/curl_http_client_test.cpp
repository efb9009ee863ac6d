#include "sources/curl_http_client.hpp"

#include <gtest/gtest.h>

#include "tests/fakes/http_server.hpp"

namespace pw::sources {
namespace {

using test::HttpReply;
using test::HttpRequestSeen;
using test::HttpServer;

CurlSettings quick() {
  CurlSettings s;
  s.user_agent = "parlwatch-test (ops@example.org)";
  s.connect_timeout = std::chrono::milliseconds(2000);
  s.timeout = std::chrono::milliseconds(3000);
  s.max_body_bytes = 1000;
  return s;
}

TEST(CurlHttpClient, FetchesWithValidatorsAndSendsConditionalHeaders) {
  HttpServer server([](const HttpRequestSeen& r) {
    HttpReply reply;
    reply.headers = {{"ETag", "\"v1\""}, {"Last-Modified", "Tue, 27 Oct 2009 08:00:00 GMT"}};
    if (r.headers.count("if-none-match") && r.headers.at("if-none-match") == "\"v1\"") {
      reply.status = 304;
    } else {
      reply.body = "<publicwhip/>";
    }
    return reply;
  });
  StopFlag stop;
  CurlHttpClient client(quick(), stop);
  auto first = client.get(HttpRequest{server.origin() + "/a.xml", "", ""});
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->body, "<publicwhip/>");
  EXPECT_EQ(first->etag, "\"v1\"");
  EXPECT_EQ(first->last_modified, "Tue, 27 Oct 2009 08:00:00 GMT");

  auto second =
      client.get(HttpRequest{server.origin() + "/a.xml", first->etag, first->last_modified});
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 304);
  EXPECT_TRUE(second->body.empty());
  const auto seen = server.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].headers.count("if-none-match"), 0u);
  EXPECT_EQ(seen[1].headers.at("if-none-match"), "\"v1\"");
  EXPECT_EQ(seen[1].headers.at("if-modified-since"), "Tue, 27 Oct 2009 08:00:00 GMT");
  EXPECT_EQ(seen[1].headers.at("user-agent"), "parlwatch-test (ops@example.org)");
}

TEST(CurlHttpClient, RefusesABodyOverTheCapWhileDownloading) {
  HttpServer server([](const HttpRequestSeen&) {
    HttpReply reply;
    reply.body = std::string(5000, 'x');
    return reply;
  });
  StopFlag stop;
  CurlHttpClient client(quick(), stop);
  auto r = client.get(HttpRequest{server.origin() + "/big.xml", "", ""});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kPermanent);
  EXPECT_NE(r.error().message.find("larger than 1000 bytes"), std::string::npos);
}

TEST(CurlHttpClient, TruncatedBodyStalledServerAndRefusedConnectionAreTransient) {
  HttpServer server([](const HttpRequestSeen& r) {
    HttpReply reply;
    reply.body = "0123456789";
    reply.truncate = r.target == "/truncated";
    reply.hang_up = r.target == "/hangup";
    if (r.target == "/stall") reply.stall = std::chrono::milliseconds(5000);
    return reply;
  });
  StopFlag stop;
  auto settings = quick();
  settings.timeout = std::chrono::milliseconds(500);
  CurlHttpClient client(settings, stop);
  for (const char* target : {"/truncated", "/hangup", "/stall"}) {
    auto r = client.get(HttpRequest{server.origin() + target, "", ""});
    ASSERT_FALSE(r) << target;
    EXPECT_EQ(r.error().kind, ErrorKind::kTransient) << target << ": " << r.error().message;
  }
  int closed_port = 0;
  {
    HttpServer gone([](const HttpRequestSeen&) { return HttpReply{}; });
    closed_port = gone.port();
  }
  auto refused =
      client.get(HttpRequest{"http://127.0.0.1:" + std::to_string(closed_port) + "/", "", ""});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kTransient);
}

TEST(CurlHttpClient, FollowsRedirectsOnlyWithinTheSameOrigin) {
  HttpServer elsewhere([](const HttpRequestSeen&) { return HttpReply{}; });  // another port
  HttpServer server([&elsewhere](const HttpRequestSeen& r) {
    HttpReply reply;
    if (r.target == "/old") {
      reply.status = 301;
      reply.headers = {{"Location", "/new"}};
    } else if (r.target == "/away") {
      reply.status = 302;
      reply.headers = {{"Location", elsewhere.origin() + "/x"}};
    } else if (r.target == "/loop") {
      reply.status = 302;
      reply.headers = {{"Location", "/loop"}};
    } else {
      reply.body = "here";
    }
    return reply;
  });
  StopFlag stop;
  CurlHttpClient client(quick(), stop);
  auto moved = client.get(HttpRequest{server.origin() + "/old", "", ""});
  ASSERT_TRUE(moved) << moved.error().message;
  EXPECT_EQ(moved->status, 200);
  EXPECT_EQ(moved->body, "here");
  EXPECT_EQ(moved->url, server.origin() + "/new");

  auto away = client.get(HttpRequest{server.origin() + "/away", "", ""});
  ASSERT_FALSE(away);
  EXPECT_EQ(away.error().kind, ErrorKind::kPermanent);
  EXPECT_NE(away.error().message.find("another host"), std::string::npos);
  EXPECT_TRUE(elsewhere.requests().empty());  // refused before connecting

  auto loop = client.get(HttpRequest{server.origin() + "/loop", "", ""});
  ASSERT_FALSE(loop);
  EXPECT_NE(loop.error().message.find("too many redirects"), std::string::npos);
}

TEST(CurlHttpClient, RefusesPlainHttpToOtherHostsBeforeConnecting) {
  StopFlag stop;
  CurlHttpClient client(quick(), stop);
  for (const char* url : {"http://192.0.2.1/x", "http://169.254.169.254/latest/meta-data/",
                          "ftp://127.0.0.1/x", "http://10.0.0.1:8080/"}) {
    auto r = client.get(HttpRequest{url, "", ""});
    ASSERT_FALSE(r) << url;
    EXPECT_NE(r.error().kind, ErrorKind::kTransient) << url;
  }
  EXPECT_EQ(client.connections_opened(), 0);
}

TEST(CurlHttpClient, ReportsRetryAfterOn429And503) {
  HttpServer server([](const HttpRequestSeen& r) {
    HttpReply reply;
    reply.status = r.target == "/busy" ? 503 : 429;
    reply.headers = {{"Retry-After", "7"}};
    return reply;
  });
  StopFlag stop;
  CurlHttpClient client(quick(), stop);
  auto slow = client.get(HttpRequest{server.origin() + "/slow", "", ""});
  ASSERT_TRUE(slow);
  EXPECT_EQ(slow->status, 429);
  EXPECT_EQ(slow->retry_after, std::chrono::seconds(7));
  auto busy = client.get(HttpRequest{server.origin() + "/busy", "", ""});
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->retry_after, std::chrono::seconds(7));
}

TEST(CurlHttpClient, StopAbortsATransferInFlightAndThePolitenessDelay) {
  HttpServer server([](const HttpRequestSeen&) {
    HttpReply reply;
    reply.stall = std::chrono::milliseconds(3000);
    return reply;
  });
  StopFlag stop;
  auto settings = quick();
  settings.timeout = std::chrono::milliseconds(10000);
  settings.delay_between_requests = std::chrono::milliseconds(10000);
  CurlHttpClient client(settings, stop);
  std::thread stopper([&stop] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    stop.raise();
  });
  const auto start = std::chrono::steady_clock::now();
  auto r = client.get(HttpRequest{server.origin() + "/", "", ""});
  auto second = client.get(HttpRequest{server.origin() + "/", "", ""});
  stopper.join();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("stopped"), std::string::npos);
  ASSERT_FALSE(second);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

}  // namespace
}  // namespace pw::sources
