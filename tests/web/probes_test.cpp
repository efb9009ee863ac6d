#include "web/probes.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/web/site_fixture.hpp"

namespace pw::web::test {
namespace {

using ::testing::HasSubstr;

// The probes read through a connection of their own, as in the daemon.
class ProbesTest : public SiteTest {
 protected:
  void SetUp() override {
    SiteTest::SetUp();
    auto opened = storage::Database::open((dir_ / "pw.db").string());
    ASSERT_TRUE(opened) << opened.error().message;
    probe_db_.emplace(std::move(*opened));
    probes_.emplace(*probe_db_, counters_, clock_);
  }

  Response probe(const std::string& method, const std::string& target) {
    Request r;
    r.method = method;
    r.target = target;
    return probes_->handle(r);
  }

  std::optional<storage::Database> probe_db_;
  std::optional<Probes> probes_;
};

TEST_F(ProbesTest, HealthAndReadiness) {
  const auto health = probe("GET", "/healthz?from=lb");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, "ok\n");
  EXPECT_EQ(probe("HEAD", "/readyz").status, 200);
  storage::Database* asked = nullptr;
  probes_->set_readiness([&](storage::Database& db) {
    asked = &db;
    return std::vector<std::string>{"source twfy: last poll 2 hours ago"};
  });
  const auto not_ready = probe("GET", "/readyz");
  EXPECT_EQ(not_ready.status, 503);
  EXPECT_THAT(not_ready.body, HasSubstr("last poll 2 hours ago"));
  EXPECT_EQ(asked, &*probe_db_);
  const auto post = probe("POST", "/healthz");
  EXPECT_EQ(post.status, 405);
  EXPECT_THAT(post.headers,
              ::testing::Contains(std::pair<std::string, std::string>("Allow", "GET")));
  EXPECT_EQ(probe("GET", "/healthz/more").status, 404);
  EXPECT_FALSE(Probes::serves("/api/subscriptions"));
  EXPECT_TRUE(Probes::serves("/metrics"));
}

TEST_F(ProbesTest, MetricsSeeWhatTheSiteWrote) {
  sign_up(R"({"email": "a@example.org", "query": "one"})");
  probe("POST", "/healthz");
  counters_.add("parlwatch_fetch_errors_total", {{"source", "tw\"fy"}});
  const auto m = probe("GET", "/metrics");
  ASSERT_EQ(m.status, 200);
  EXPECT_THAT(m.content_type, HasSubstr("text/plain; version=0.0.4"));
  EXPECT_THAT(m.body, HasSubstr("# TYPE parlwatch_outbox_messages gauge\n"));
  EXPECT_THAT(m.body, HasSubstr("parlwatch_outbox_messages{state=\"pending\"} 1\n"));
  EXPECT_THAT(m.body, HasSubstr("parlwatch_outbox_messages{state=\"dead\"} 0\n"));
  EXPECT_THAT(m.body, HasSubstr("parlwatch_subscriptions{state=\"unconfirmed\"} 1\n"));
  EXPECT_THAT(m.body, HasSubstr("parlwatch_items_ingested_total 17\n"));
  EXPECT_THAT(m.body, HasSubstr("parlwatch_oldest_undelivered_alert_age_seconds 0\n"));
  EXPECT_THAT(m.body, HasSubstr("parlwatch_fetch_errors_total{source=\"tw\\\"fy\"} 1\n"));
  EXPECT_THAT(m.body,
              HasSubstr("parlwatch_http_requests_total{route=\"signup\",code=\"202\"} 1\n"));
  EXPECT_THAT(m.body,
              HasSubstr("parlwatch_http_requests_total{route=\"healthz\",code=\"405\"} 1\n"));
  EXPECT_EQ(m.headers.front(), (std::pair<std::string, std::string>("Cache-Control", "no-store")));
}

TEST_F(ProbesTest, TheSiteNoLongerAnswersThem) {
  EXPECT_EQ(get("/healthz").status, 404);
  EXPECT_EQ(get("/metrics").status, 404);
}

}  // namespace
}  // namespace pw::web::test
