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
  // A genuine token for the row as it is now (its key read from the database).
  std::string token(LinkPurpose p, LinkSubject::Kind kind, std::int64_t id) {
    const bool user = kind == LinkSubject::Kind::kUser;
    auto key = db_->query(user ? "SELECT link_key FROM users WHERE id = ?1"
                               : "SELECT link_key FROM rules WHERE id = ?1",
                          id);
    std::string k;
    if (key && key->step().value_or(false)) k = key->text(0);
    return deliver::make_link_token(options().email.token_secret, p, LinkSubject{kind, id, k});
  }
  // Signs up and confirms by the button on the confirmation page.
  void confirmed(const std::string& email, const std::string& query) {
    const auto link = signed_up(email, query);
    EXPECT_EQ(post(link, "").status, 200);
  }
  std::string state_of(std::int64_t id) {
    auto s = *storage::SubscriptionRepository(*db_).find(id);
    if (!s) return "gone";
    return state_name(*s);
  }
  int client_ = 0;
};

TEST_F(PagesTest, OpeningTheConfirmationLinkAsksAndOnlyThePostConfirms) {
  const auto link = signed_up("a@example.org", "trafficking");
  EXPECT_EQ(state_of(1), "unconfirmed");
  for (const char* method : {"GET", "HEAD"}) {  // what a mail scanner does
    Request r;
    r.method = method;
    r.target = link;
    r.client = "192.0.2.9";
    const auto page = site().handle(r);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_THAT(page.body, HasSubstr("<form method=\"post\">"));
    EXPECT_THAT(page.body, HasSubstr("trafficking"));
    EXPECT_EQ(state_of(1), "unconfirmed") << method;
  }
  const auto page = post(link, "");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_THAT(page.body, HasSubstr("is on"));
  EXPECT_THAT(page.body, HasSubstr("href=\"/m/u1."));
  EXPECT_EQ(state_of(1), "active");
  EXPECT_EQ(post(link, "").status, 200);  // a second click changes nothing
  EXPECT_THAT(get(link).body, HasSubstr("on already"));
}

// The attack of issue 17: sign up, remove your alert, let a stranger sign
// up, then use your old links. None may touch the stranger's alert.
TEST_F(PagesTest, OldLinksNeverActOnSomeoneElsesSubscription) {
  const auto confirm = signed_up("mine@example.org", "trafficking");
  ASSERT_EQ(post(confirm, "").status, 200);
  const auto manage = "/m/" + token(LinkPurpose::kManage, LinkSubject::Kind::kUser, 1);
  const auto stop = "/u/" + token(LinkPurpose::kUnsubscribe, LinkSubject::Kind::kSubscription, 1);
  const auto all = "/u/" + token(LinkPurpose::kUnsubscribe, LinkSubject::Kind::kUser, 1);
  ASSERT_EQ(post(manage, "action=unsubscribe&id=1").status, 303);
  ASSERT_TRUE(db_->exec("DELETE FROM users WHERE id = 1"));
  const auto theirs = signed_up("stranger@example.org", "secret plans");
  const auto id = count("SELECT id FROM rules");
  const auto user = count("SELECT id FROM users");
  EXPECT_GT(id, 1);  // ids are never handed out again
  EXPECT_GT(user, 1);
  for (const auto& old : {confirm, manage, stop, all}) {
    const auto page = get(old);
    EXPECT_EQ(page.status, 404) << old;
    EXPECT_THAT(page.body, Not(HasSubstr("stranger")));
    EXPECT_EQ(post(old, "action=unsubscribe_all").status, 404) << old;
  }
  EXPECT_EQ(state_of(id), "unconfirmed");
  // Even an id handed out again (a restored or rebuilt database) does not
  // revive a link: the token is bound to the row's random key.
  ASSERT_TRUE(db_->exec("UPDATE rules SET id = 1 WHERE id = " + std::to_string(id)));
  ASSERT_TRUE(db_->exec("PRAGMA foreign_keys=OFF; UPDATE users SET id = 1 WHERE id = " +
                        std::to_string(user) + "; UPDATE rules SET user_id = 1"));
  for (const auto& old : {confirm, manage, stop, all}) {
    EXPECT_EQ(post(old, "action=unsubscribe_all").status, 404) << old;
  }
  EXPECT_EQ(state_of(1), "unconfirmed");
  EXPECT_EQ(post(theirs, "").status, 404);  // its own link named the old id
}

TEST_F(PagesTest, NoPageReachedFromAnEmailShowsAWebhookSecret) {
  const auto r = sign_up(
      R"({"email": "hook@example.org", "query": "trafficking", "webhook_url": "https://hooks.example.org/x"})");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_THAT(r.body, HasSubstr("\"webhook_secret\":\"whsec_"));  // once, to whoever asked
  const auto link = link_in_newest_mail("/c/");
  auto secret = db_->query("SELECT webhook_secret FROM rules WHERE id = 1");
  ASSERT_TRUE(secret && secret->step().value_or(false));
  const auto whsec = secret->text(0);
  ASSERT_EQ(whsec.rfind("whsec_", 0), 0u);
  const auto page = get(link);
  EXPECT_THAT(page.body, HasSubstr("https://hooks.example.org/x"));
  const auto done = post(link, "");
  ASSERT_EQ(done.status, 200) << done.body;
  const auto manage = get("/m/" + token(LinkPurpose::kManage, LinkSubject::Kind::kUser, 1));
  for (const auto& body : {page.body, done.body, manage.body}) {
    EXPECT_THAT(body, Not(HasSubstr("whsec_")));
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE webhook_secret = '" + whsec + "'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM rules WHERE webhook_secret <> ''"), 0);
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
  EXPECT_EQ(get(link).status, 410);
  const auto expired = post(link, "");
  EXPECT_EQ(expired.status, 410);
  EXPECT_THAT(expired.body, HasSubstr("expired"));
  EXPECT_EQ(state_of(1), "unconfirmed");
  EXPECT_EQ(*site().expire_unconfirmed(), 1);
  EXPECT_EQ(get(link).status, 404);
}

TEST_F(PagesTest, TheManagePageListsOnlyItsOwnersAlertsEscaped) {
  confirmed("a@example.org", "\\\"<script>alert(1)</script>\\\"");
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
  confirmed("a@example.org", "trafficking");
  confirmed("a@example.org", "climate");
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

TEST_F(PagesTest, ForgetMeDeletesTheAddressAndEverythingTiedToIt) {
  confirmed("a@example.org", "trafficking");
  confirmed("b@example.org", "climate");
  const auto manage = "/m/" + token(LinkPurpose::kManage, LinkSubject::Kind::kUser, 1);
  EXPECT_THAT(get(manage).body, HasSubstr("value=\"forget\""));
  const auto done = post(manage, "action=forget");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_THAT(done.body, HasSubstr("deleted"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE email = 'a@example.org'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM rules WHERE user_id = 1"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE user_id = 1"), 0);
  EXPECT_EQ(state_of(2), "active");
  EXPECT_EQ(get(manage).status, 404);  // its links die with it
}

TEST_F(PagesTest, AddressesThatNeverConfirmAreForgottenWithTheirSignUps) {
  signed_up("never@example.org", "trafficking");
  confirmed("kept@example.org", "climate");
  clock_.advance(std::chrono::hours(24 * 7 + 1));
  EXPECT_EQ(*site().expire_unconfirmed(), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE email = 'never@example.org'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE email = 'kept@example.org'"), 1);
}

TEST_F(PagesTest, UnsubscribePageAsksAndOneClickPostUnsubscribes) {
  confirmed("a@example.org", "trafficking");
  confirmed("a@example.org", "climate");
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
  EXPECT_EQ(post(one, "List-Unsubscribe=One-Click").status, 404);  // gone, with its link
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
