#include "web/http.hpp"

#include <gtest/gtest.h>

#include "web/rate_limiter.hpp"

namespace pw::web {
namespace {

TEST(Http, FormsAndQueriesArePercentDecoded) {
  const auto f = parse_form("action=unsubscribe&id=4&note=a+b%2Fc&bad=%zz&=x&flag");
  EXPECT_EQ(form_value(f, "action"), "unsubscribe");
  EXPECT_EQ(form_value(f, "id"), "4");
  EXPECT_EQ(form_value(f, "note"), "a b/c");
  EXPECT_EQ(form_value(f, "bad"), "");
  EXPECT_EQ(form_value(f, "flag"), "");
  EXPECT_FALSE(percent_decode("%4"));
  EXPECT_FALSE(percent_decode("%"));
  EXPECT_EQ(*percent_decode("%41%62"), "Ab");
  Request r;
  r.target = "/api/admin/subscriptions?email=a%40example.org&x=1";
  EXPECT_EQ(r.path(), "/api/admin/subscriptions");
  EXPECT_EQ(r.query_param("email"), "a@example.org");
  EXPECT_EQ(r.query_param("y"), "");
}

TEST(Http, IdsAreDigitsOnly) {
  EXPECT_EQ(parse_positive_id("42"), 42);
  for (const char* bad : {"", "0", "-1", "4x", " 4", "4 ", "+4", "99999999999999999999"}) {
    EXPECT_FALSE(parse_positive_id(bad)) << bad;
  }
  const auto r = method_not_allowed("GET, POST");
  EXPECT_EQ(r.status, 405);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].second, "GET, POST");
}

TEST(Http, PagesEscapeTheirTitle) {
  const auto p = html_page(200, "<b>", "<p>x</p>");
  EXPECT_NE(p.body.find("<h1>&lt;b&gt;</h1>"), std::string::npos);
  EXPECT_NE(p.body.find("<p>x</p>"), std::string::npos);
}

TEST(RateLimiter, AllowsLimitPerWindowPerKey) {
  RateLimiter limiter(2, 60);
  EXPECT_TRUE(limiter.allow("a", 100));
  EXPECT_TRUE(limiter.allow("a", 110));
  EXPECT_FALSE(limiter.allow("a", 120));
  EXPECT_EQ(limiter.retry_after("a", 120), 40);
  EXPECT_TRUE(limiter.allow("b", 120));
  EXPECT_TRUE(limiter.allow("a", 160));
  EXPECT_EQ(limiter.retry_after("b", 120), 0);
}

TEST(RateLimiter, AFloodOfKeysCannotGrowItWithoutBound) {
  RateLimiter limiter(1, 60, 3);
  EXPECT_TRUE(limiter.allow("a", 0));
  EXPECT_TRUE(limiter.allow("b", 0));
  EXPECT_TRUE(limiter.allow("c", 0));
  EXPECT_FALSE(limiter.allow("d", 10));  // all three still in their window
  EXPECT_FALSE(limiter.allow("a", 10));  // and a's count was kept
  EXPECT_TRUE(limiter.allow("d", 61));   // idle keys are dropped to make room
}

}  // namespace
}  // namespace pw::web
