#include "web/http.hpp"

#include <string>

#include <gtest/gtest.h>

#include "web/network.hpp"
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

TEST(RateLimiter, AllowsABurstOfLimitThenOneEveryWindowOverLimit) {
  RateLimiter limiter(2, 60);
  EXPECT_TRUE(limiter.allow("a", 100));
  EXPECT_TRUE(limiter.allow("a", 110));
  EXPECT_FALSE(limiter.allow("a", 120));
  EXPECT_EQ(limiter.retry_after("a", 120), 10);
  EXPECT_FALSE(limiter.allow("a", 129));
  EXPECT_TRUE(limiter.allow("a", 130));
  EXPECT_FALSE(limiter.allow("a", 159));
  EXPECT_TRUE(limiter.allow("b", 120));
  EXPECT_EQ(limiter.retry_after("b", 120), 0);
  EXPECT_EQ(limiter.retry_after("nobody", 120), 0);
  EXPECT_TRUE(limiter.allow("a", 160));
  EXPECT_TRUE(limiter.allow("a", 1000));  // a long quiet spell refills the bucket
  EXPECT_TRUE(limiter.allow("a", 1000));
  EXPECT_FALSE(limiter.allow("a", 1000));
}

TEST(RateLimiter, AFloodOfKeysForgetsTheLeastRecentlySeenAndRefusesNobodyNew) {
  RateLimiter limiter(1, 3600, 3);
  EXPECT_TRUE(limiter.allow("a", 0));
  EXPECT_TRUE(limiter.allow("b", 0));
  EXPECT_TRUE(limiter.allow("c", 0));
  EXPECT_FALSE(limiter.allow("a", 1));  // seen again: now the most recent
  EXPECT_TRUE(limiter.allow("d", 2));   // forgets b, the least recently seen
  EXPECT_EQ(limiter.size(), 3U);
  EXPECT_FALSE(limiter.allow("a", 3));
  EXPECT_FALSE(limiter.allow("d", 3));
  EXPECT_TRUE(limiter.allow("b", 3));
}

TEST(RateLimiter, AHundredThousandJunkKeysStayWithinTheBound) {
  RateLimiter limiter(1, 3600, 1000);
  for (int i = 0; i < 100'000; ++i) limiter.allow("junk" + std::to_string(i), 10);
  EXPECT_EQ(limiter.size(), 1000U);
  EXPECT_TRUE(limiter.allow("newcomer", 11));
  EXPECT_FALSE(limiter.allow("junk99999", 11));  // the recent ones are still counted
}

TEST(ClientNetwork, GroupsAddressesByTheirNetwork) {
  EXPECT_EQ(client_network("198.51.100.7"), "198.51.100.0/24");
  EXPECT_EQ(client_network("198.51.100.250"), "198.51.100.0/24");
  EXPECT_EQ(client_network("198.51.101.7"), "198.51.101.0/24");
  EXPECT_EQ(client_network("2001:db8:1:2::5"), "2001:db8:1::/48");
  EXPECT_EQ(client_network("2001:db8:1:ffff:1:2:3:4"), "2001:db8:1::/48");
  EXPECT_EQ(client_network("2001:db8:2::5"), "2001:db8:2::/48");
  EXPECT_EQ(client_network("::ffff:198.51.100.7"), "198.51.100.0/24");
  EXPECT_EQ(client_network("not an address"), "not an address");
}

}  // namespace
}  // namespace pw::web
