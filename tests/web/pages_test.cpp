#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "deliver/link_tokens.hpp"
#include "storage/subscription_repository.hpp"
#include "tests/web/site_fixture.hpp"

namespace pw::web::test {
namespace {

using deliver::LinkPurpose;
using deliver::LinkSubject;
using ::testing::HasSubstr;
using ::testing::Not;

class PagesTest : public SiteTest {
 protected:
  // Signs up and returns the confirmation link.
  std::string signed_up(const std::string& email, const std::string& query) {
    const auto r = sign_up(R"({"email": ")" + email + R"(", "query": ")" + query + "\"}",
                           "192.0.2." + std::to_string(++client_));
    EXPECT_EQ(r.status, 202) << r.body;
    return link_in_newest_mail("/c/");
  }
  std::string token(LinkPurpose p, LinkSubject::Kind kind, std::int64_t id) {
    return deliver::make_link_token(options().email.token_secret, p, LinkSubject{kind, id});
  }
  std::string state_of(std::int64_t id) {
    auto s = *storage::SubscriptionRepository(*db_).find(id);
    if (!s) return "gone";
    return state_name(*s);
  }
  int client_ = 0;
};

TEST_F(PagesTest, TheConfirmationLinkStartsTheAlerts) {
  const auto link = signed_up("a@example.org", "trafficking");
  EXPECT_EQ(state_of(1), "unconfirmed");
  const auto page = get(link);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_THAT(page.body, HasSubstr("is on"));
  EXPECT_THAT(page.body, HasSubstr("href=\"/m/u1."));
  EXPECT_EQ(state_of(1), "active");
  EXPECT_EQ(get(link).status, 200);  // a second click changes nothing
}

TEST_F(PagesTest, ForgedWrongPurposeAndExpiredLinksAreRefused) {
  const auto link = signed_up("a@example.org", "trafficking");
  EXPECT_EQ(get("/c/s1.AAAAAAAAAAAAAAAAAAAAAA").status, 404);
  EXPECT_EQ(
      get("/c/" + token(LinkPurpose::kUnsubscribe, LinkSubject::Kind::kSubscription, 1)).status,
      404);
  EXPECT_EQ(get("/c/" + token(LinkPurpose::kConfirm, LinkSubject::Kind::kUser, 1)).status, 404);
  EXPECT_EQ(get("/m/" + link.substr(3)).status, 404);
  EXPECT_EQ(state_of(1), "unconfirmed");
  clock_.advance(std::chrono::hours(24 * 7 + 1));
  const auto expired = get(link);
  EXPECT_EQ(expired.status, 410);
  EXPECT_THAT(expired.body, HasSubstr("expired"));
  EXPECT_EQ(state_of(1), "unconfirmed");
  EXPECT_EQ(*site().expire_unconfirmed(), 1);
  EXPECT_EQ(get(link).status, 404);
}

TEST_F(PagesTest, TheManagePageListsOnlyItsOwnersAlertsEscaped) {
  get(signed_up("a@example.org", "\\\"<script>alert(1)</script>\\\""));
  signed_up("b@example.org", "climate");
  const auto page = get("/m/" + token(LinkPurpose::kManage, LinkSubject::Kind::kUser, 1));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_THAT(page.body, Not(HasSubstr("<script>")));
  EXPECT_THAT(page.body, HasSubstr("&lt;script&gt;"));
  EXPECT_THAT(page.body, Not(HasSubstr("climate")));
  EXPECT_THAT(page.body, HasSubstr("value=\"suspend\""));
  bool csp = false;
  for (const auto& [k, v] : page.headers) csp = csp || k == "Content-Security-Policy";
  EXPECT_TRUE(csp);
}

TEST_F(PagesTest, ManageFormsSuspendResumeChangeFrequencyAndUnsubscribe) {
  get(signed_up("a@example.org", "trafficking"));
  get(signed_up("a@example.org", "climate"));
  signed_up("b@example.org", "other");
  const auto manage = "/m/" + token(LinkPurpose::kManage, LinkSubject::Kind::kUser, 1);
  const auto suspended = post(manage, "action=suspend&id=1");
  EXPECT_EQ(suspended.status, 303);
  ASSERT_FALSE(suspended.headers.empty());
  EXPECT_EQ(suspended.headers.front().second, manage);
  EXPECT_EQ(state_of(1), "suspended");
  post(manage, "action=resume&id=1");
  EXPECT_EQ(state_of(1), "active");
  post(manage, "action=daily&id=2");
  EXPECT_TRUE((*storage::SubscriptionRepository(*db_).find(2))->daily);
  EXPECT_EQ(post(manage, "action=unsubscribe&id=3").status, 404);  // b's, not a's
  EXPECT_EQ(state_of(3), "unconfirmed");
  EXPECT_EQ(post(manage, "action=explode&id=1").status, 400);
  EXPECT_EQ(post(manage, "action=suspend").status, 400);
  EXPECT_EQ(post(manage, "action=unsubscribe&id=1").status, 303);
  EXPECT_EQ(state_of(1), "gone");
  EXPECT_EQ(post(manage, "action=unsubscribe_all").status, 303);
  EXPECT_EQ(state_of(2), "gone");
  EXPECT_EQ(state_of(3), "unconfirmed");
  EXPECT_EQ(get(manage).status, 200);
}

TEST_F(PagesTest, UnsubscribePageAsksAndOneClickPostUnsubscribes) {
  get(signed_up("a@example.org", "trafficking"));
  get(signed_up("a@example.org", "climate"));
  const auto one = "/u/" + token(LinkPurpose::kUnsubscribe, LinkSubject::Kind::kSubscription, 1);
  const auto page = get(one);
  EXPECT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("<form method=\"post\">"));
  EXPECT_EQ(state_of(1), "active");
  const auto done = post(one, "List-Unsubscribe=One-Click");
  EXPECT_EQ(done.status, 200);
  EXPECT_THAT(done.body, HasSubstr("no more alerts"));
  EXPECT_EQ(state_of(1), "gone");
  EXPECT_EQ(state_of(2), "active");
  EXPECT_EQ(post(one, "List-Unsubscribe=One-Click").status, 200);  // again: nothing to do
  const auto all = "/u/" + token(LinkPurpose::kUnsubscribe, LinkSubject::Kind::kUser, 1);
  EXPECT_EQ(post(all, "").status, 200);
  EXPECT_EQ(state_of(2), "gone");
  EXPECT_EQ(post("/u/u1.AAAAAAAAAAAAAAAAAAAAAA", "").status, 404);
  Request del;
  del.method = "DELETE";
  del.target = all;
  EXPECT_EQ(site().handle(del).status, 405);
}

}  // namespace
}  // namespace pw::web::test
