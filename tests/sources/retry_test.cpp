#include "sources/retry.hpp"

#include <deque>

#include <gtest/gtest.h>

namespace pw::sources {
namespace {

using std::chrono::seconds;

TEST(RetryAfter, SecondsAndHttpDates) {
  const auto now = std::chrono::system_clock::from_time_t(784111777);  // 1994-11-06 08:49:37
  EXPECT_EQ(parse_retry_after("120", now), seconds(120));
  EXPECT_EQ(parse_retry_after(" 0 ", now), seconds(0));
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:50:37 GMT", now), seconds(60));
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now), seconds(0));
  EXPECT_FALSE(parse_retry_after("", now));
  EXPECT_FALSE(parse_retry_after("-5", now));
  EXPECT_FALSE(parse_retry_after("soon", now));
  EXPECT_FALSE(parse_retry_after("12abc", now));
}

TEST(Backoff, GrowsWithJitterAndStaysUnderTheCap) {
  const RetryPolicy p{8, std::chrono::milliseconds(100), std::chrono::milliseconds(1000)};
  std::mt19937_64 rng(42);
  for (int retry = 1; retry <= 8; ++retry) {
    const long long ceiling = std::min(1000LL, 100LL << (retry - 1));
    for (int i = 0; i < 50; ++i) {
      const auto d = backoff_delay(p, retry, rng).count();
      EXPECT_GE(d, ceiling / 2) << retry;
      EXPECT_LE(d, ceiling) << retry;
    }
  }
}

TEST(Backoff, RetryableStatuses) {
  for (long s : {408L, 429L, 500L, 502L, 503L, 504L}) EXPECT_TRUE(retryable_status(s)) << s;
  for (long s : {200L, 304L, 400L, 403L, 404L}) EXPECT_FALSE(retryable_status(s)) << s;
}

// Replays a script of outcomes and records the requests.
class ScriptedClient final : public HttpClient {
 public:
  std::deque<Result<HttpResponse>> script;
  int calls = 0;
  Result<HttpResponse> get(const HttpRequest&) override {
    ++calls;
    auto r = script.front();
    script.pop_front();
    return r;
  }
};

HttpResponse status(long s, std::optional<seconds> retry_after = std::nullopt) {
  HttpResponse r;
  r.status = s;
  r.retry_after = retry_after;
  return r;
}

TEST(GetWithRetry, RetriesTransientFailuresThenSucceeds) {
  ScriptedClient client;
  client.script = {fail(Error::transient("refused")), status(500), status(200)};
  StopFlag stop;
  std::mt19937_64 rng(1);
  std::vector<std::string> log;
  const RetryPolicy p{4, std::chrono::milliseconds(1), std::chrono::milliseconds(5)};
  auto r = get_with_retry(client, HttpRequest{"u", "", ""}, p, stop, rng,
                          [&](std::string_view l) { log.emplace_back(l); });
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(client.calls, 3);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_NE(log[0].find("refused"), std::string::npos);
  EXPECT_NE(log[1].find("HTTP 500"), std::string::npos);
}

TEST(GetWithRetry, GivesUpAfterTheLastAttemptAndNeverRetriesPermanentErrors) {
  ScriptedClient client;
  client.script = {status(503), status(503), status(503)};
  StopFlag stop;
  std::mt19937_64 rng(1);
  const RetryPolicy p{3, std::chrono::milliseconds(1), std::chrono::milliseconds(2)};
  auto r = get_with_retry(client, HttpRequest{"u", "", ""}, p, stop, rng, [](std::string_view) {});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(client.calls, 3);

  ScriptedClient refusing;
  refusing.script = {fail(Error::permanent("body too large"))};
  auto e =
      get_with_retry(refusing, HttpRequest{"u", "", ""}, p, stop, rng, [](std::string_view) {});
  ASSERT_FALSE(e);
  EXPECT_EQ(refusing.calls, 1);
}

TEST(GetWithRetry, HonoursRetryAfterUpToTheCap) {
  ScriptedClient client;
  client.script = {status(429, seconds(0)), status(200)};
  StopFlag stop;
  std::mt19937_64 rng(1);
  std::vector<std::string> log;
  const RetryPolicy p{3, std::chrono::milliseconds(5000), std::chrono::milliseconds(60000)};
  const auto start = std::chrono::steady_clock::now();
  auto r = get_with_retry(client, HttpRequest{"u", "", ""}, p, stop, rng,
                          [&](std::string_view l) { log.emplace_back(l); });
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - start, seconds(4));  // 0 s, not the 2.5 s+ backoff
  ASSERT_EQ(log.size(), 1u);
  EXPECT_NE(log[0].find("in 0 ms"), std::string::npos);
}

TEST(GetWithRetry, StopCutsTheWaitShort) {
  ScriptedClient client;
  client.script = {status(503, seconds(3600))};
  StopFlag stop;
  stop.raise();
  std::mt19937_64 rng(1);
  const RetryPolicy p{3, std::chrono::milliseconds(1000), std::chrono::milliseconds(3600000)};
  auto r = get_with_retry(client, HttpRequest{"u", "", ""}, p, stop, rng, [](std::string_view) {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kTransient);
  EXPECT_EQ(client.calls, 1);
}

}  // namespace
}  // namespace pw::sources
