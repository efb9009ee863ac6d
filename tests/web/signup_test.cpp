#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ingest/rule_check.hpp"
#include "storage/subscription_repository.hpp"
#include "tests/web/site_fixture.hpp"

namespace pw::web::test {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

std::string header(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

json body_of(const Response& r) {
  return json::parse(r.body);
}

TEST_F(SiteTest, SignUpWaitsForConfirmationAndQueuesTheEmail) {
  const auto r = sign_up(R"({"email": "alice@Example.ORG", "query": "trafficking"})");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(r.content_type, "application/json");
  const auto b = body_of(r);
  EXPECT_EQ(b["status"], "confirmation_sent");
  EXPECT_EQ(b["subscription"]["email"], "alice@example.org");
  EXPECT_EQ(b["subscription"]["state"], "unconfirmed");
  EXPECT_EQ(queued_, 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE destination = 'alice@example.org'"
                  " AND subject = 'parlwatch: confirm your alert' AND state = 'pending'"),
            1);
  EXPECT_EQ(link_in_newest_mail("/c/").substr(0, 5), "/c/s" + b["subscription"]["id"].dump());
  EXPECT_NE(link_in_newest_mail("/m/"), "");
}

TEST_F(SiteTest, ASpeakerSignUpCanLeaveOutVotes) {
  const auto quiet = sign_up(R"({"email": "q@example.org", "speaker": "10121", "votes": false})");
  ASSERT_EQ(quiet.status, 202) << quiet.body;
  EXPECT_EQ(body_of(quiet)["subscription"]["votes"], false);
  const auto loud = sign_up(R"({"email": "l@example.org", "speaker": "10121"})");
  EXPECT_EQ(body_of(loud)["subscription"]["votes"], true);
  EXPECT_EQ(count("SELECT COUNT(*) FROM rules WHERE votes = 0"), 1);
}

TEST_F(SiteTest, HowTheRuleWasReadComesBackAsNotes) {
  const auto r =
      sign_up(R"({"email": "n@example.org", "query": "trafficking groupby:speech section:uk"})");
  ASSERT_EQ(r.status, 202) << r.body;
  const auto notes = body_of(r)["notes"];
  ASSERT_EQ(notes.size(), 1u) << r.body;
  EXPECT_THAT(notes[0].get<std::string>(), HasSubstr("groupby:speech is ignored"));
  const auto plain = sign_up(R"({"email": "n@example.org", "query": "police"})");
  EXPECT_FALSE(body_of(plain).contains("notes")) << plain.body;
}

TEST_F(SiteTest, TheSameSignUpTwiceGivesTheSameSubscription) {
  const auto first = body_of(sign_up(R"({"email": "a@example.org", "query": "trafficking"})"));
  const auto again = sign_up(R"({"email": "a@example.org", "query": "  trafficking "})");
  EXPECT_EQ(again.status, 202);
  EXPECT_EQ(body_of(again)["subscription"]["id"], first["subscription"]["id"]);
  EXPECT_EQ(count("SELECT COUNT(*) FROM rules"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 2);  // the confirmation, sent again
  ASSERT_EQ(post(link_in_newest_mail("/c/"), "").status, 200);
  const auto confirmed = sign_up(R"({"email": "a@example.org", "query": "trafficking"})");
  EXPECT_EQ(confirmed.status, 200);
  EXPECT_EQ(body_of(confirmed)["status"], "already_subscribed");
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 2);
}

TEST_F(SiteTest, BadSignUpsAreRefusedWithAReason) {
  struct Case {
    std::string body;
    int status;
    std::string message;
  };
  const Case cases[] = {
      {"{not json", 400, "not valid JSON"},
      {"[1]", 400, "JSON object"},
      {R"({"email": "a@example.org", "query": "x", "admin": true})", 400, "unknown field"},
      {R"({"email": 7, "query": "x"})", 400, "must be a string"},
      {R"({"query": "x"})", 422, "\"email\" is required"},
      {R"({"email": "not-an-address", "query": "x"})", 422, "email"},
      {R"({"email": "a@example.org"})", 422, "exactly one of"},
      {R"({"email": "a@example.org", "query": "x", "speaker": "1"})", 422, "exactly one of"},
      {R"({"email": "a@example.org", "query": "(NHS OR"})", 422, "^"},
      {R"({"email": "a@example.org", "query": "-dentist"})", 422, "match"},
      {R"({"email": "a@example.org", "speaker": "Nobody Whatsoever"})", 422, "speaker"},
      {R"({"email": "a@example.org", "like": "2099-01-01a.1.1"})", 422, "no stored item"},
      {R"({"email": "a@example.org", "query": "x", "frequency": "hourly"})", 422, "frequency"},
      {R"({"email": "a@example.org", "speaker": "1", "votes": "no"})", 400, "true or false"},
      {R"({"email": "a@example.org", "query": "x", "frequency": "daily",
           "webhook_url": "https://hooks.example.org/x"})",
       422, "daily digests"},
      {R"({"email": "a@example.org", "query": "x", "webhook_url": "ftp://x"})", 422, "URL"},
      {R"({"email": "a@example.org", "query": "x", "query": "y"})", 400,
       "\"query\" is given twice"},
      {R"({"email": "a@example.org", "email": "b@example.org", "query": "y"})", 400, "twice"},
      {R"({"email": "a@example.org", "query": "x\u0000y"})", 422, "control characters"},
      {R"({"email": "a@example.org", "query": "x\u2028y"})", 422, "control characters"},
      {R"({"email": "a@example.org", "speaker": "Vernon\u0085Coaker"})", 422, "control"},
      {R"({"email": "a@example..org", "query": "x"})", 422, "domain"},
      {R"({"email": "caf\u00e9@example.org", "query": "x"})", 422, "outside ASCII"},
      {R"({"email": "a@example.org", "query": "speaker:99999999"})", 422, "person id 99999999"},
      {R"({"email": "a@example.org", "speaker": "99999999"})", 422, "person id"},
      {R"({"email": "a@example.org", "query": "party:Pirate"})", 422, "no party 'pirate'"},
  };
  for (const auto& c : cases) {
    const auto r = sign_up(c.body, "198.51.100." + std::to_string(&c - cases));
    EXPECT_EQ(r.status, c.status) << c.body << " -> " << r.body;
    EXPECT_THAT(body_of(r)["error"].get<std::string>(), HasSubstr(c.message)) << c.body;
  }
  EXPECT_EQ(post("/api/subscriptions", "email=a", "application/x-www-form-urlencoded").status, 415);
  EXPECT_EQ(get("/api/subscriptions").status, 405);
  EXPECT_EQ(count("SELECT COUNT(*) FROM rules"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 0);
}

TEST_F(SiteTest, AnAddressIsOneUserHoweverItIsTyped) {
  ASSERT_EQ(sign_up(R"({"email": "Watcher@Example.org", "query": "a"})").status, 202);
  ASSERT_EQ(sign_up(R"({"email": "WATCHER@example.org", "query": "b"})").status, 202);
  ASSERT_EQ(sign_up(R"({"email": "watcher@example.org", "query": "A"})").status, 202);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE email = 'watcher@example.org'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM rules"), 3);
  auto o = options();
  o.limits.max_unconfirmed_per_email = 2;
  remake_site(o);
  const auto third = sign_up(R"({"email": "WaTcHeR@example.org", "query": "c"})");
  EXPECT_EQ(third.status, 429) << third.body;
}

TEST_F(SiteTest, KnownPartiesAndMembersAreAccepted) {
  for (const char* q : {"party:Lab", "party:LDem police", "speaker:10121", "party:XB"}) {
    const auto r = sign_up(std::string(R"({"email": "p@example.org", "query": ")") + q + "\"}");
    EXPECT_EQ(r.status, 202) << q << " -> " << r.body;
  }
}

TEST_F(SiteTest, SpeakerAndLikeSignUpsBecomeRules) {
  const auto by_name = sign_up(R"({"email": "a@example.org", "speaker": "Vernon Coaker"})");
  ASSERT_EQ(by_name.status, 202) << by_name.body;
  EXPECT_THAT(body_of(by_name)["subscription"]["query"].get<std::string>(), HasSubstr("speaker:"));
  const auto like = sign_up(R"({"email": "a@example.org", "like": "2007-11-26a.1.4"})");
  ASSERT_EQ(like.status, 202) << like.body;
  EXPECT_THAT(body_of(like)["subscription"]["query"].get<std::string>(),
              HasSubstr("\"People Trafficking\""));
}

// Issue 22: the first "like this" sign-up after a start read the whole
// archive in the request, on the daemon's loop. The daemon now reads it on
// a worker and hands it over; until then such sign-ups are told to wait.
TEST_F(SiteTest, LikeSignUpsWaitForTheWordFrequenciesReadElsewhere) {
  site().set_corpus(std::nullopt, 0);
  const auto early = sign_up(R"({"email": "a@example.org", "like": "2007-11-26a.1.4"})");
  EXPECT_EQ(early.status, 503) << early.body;
  EXPECT_EQ(header(early, "Retry-After"), "60");
  EXPECT_EQ(count("SELECT COUNT(*) FROM rules"), 0);
  EXPECT_EQ(sign_up(R"({"email": "a@example.org", "query": "trafficking"})").status, 202);
  auto stats = ingest::corpus_stats(*db_);
  ASSERT_TRUE(stats);
  site().set_corpus(std::move(*stats), 1);
  const auto later = sign_up(R"({"email": "a@example.org", "like": "2007-11-26a.1.4"})");
  ASSERT_EQ(later.status, 202) << later.body;
  EXPECT_THAT(body_of(later)["subscription"]["query"].get<std::string>(),
              HasSubstr("\"People Trafficking\""));
}

TEST_F(SiteTest, SignUpsPerClientAddressAreLimited) {
  auto o = options();
  o.limits.signups_per_address_per_hour = 2;
  remake_site(o);
  EXPECT_EQ(sign_up(R"({"email": "a@example.org", "query": "a"})", "203.0.113.9").status, 202);
  EXPECT_EQ(sign_up(R"({"email": "b@example.org", "query": "b"})", "203.0.113.9").status, 202);
  const auto third = sign_up(R"({"email": "c@example.org", "query": "c"})", "203.0.113.9");
  EXPECT_EQ(third.status, 429);
  EXPECT_EQ(header(third, "Retry-After"), "1800");  // two an hour: one every half hour
  EXPECT_EQ(sign_up(R"({"email": "c@example.org", "query": "c"})", "203.0.113.10").status, 202);
  clock_.advance(std::chrono::seconds(1799));
  EXPECT_EQ(sign_up(R"({"email": "d@example.org", "query": "d"})", "203.0.113.9").status, 429);
  clock_.advance(std::chrono::seconds(1));
  EXPECT_EQ(sign_up(R"({"email": "d@example.org", "query": "d"})", "203.0.113.9").status, 202);
}

TEST_F(SiteTest, AFloodFromOneNetworkDoesNotLockOutOthers) {
  auto o = options();
  o.limits.signups_per_network_per_hour = 3;
  remake_site(o);
  const auto from = [&](const std::string& client, int n) {
    return sign_up(R"({"email": "f)" + std::to_string(n) + R"(@example.org", "query": "x"})",
                   client);
  };
  for (int i = 1; i <= 3; ++i) EXPECT_EQ(from("198.51.100." + std::to_string(i), i).status, 202);
  const auto refused = from("198.51.100.200", 4);
  EXPECT_EQ(refused.status, 429);
  EXPECT_THAT(body_of(refused)["error"].get<std::string>(), HasSubstr("network"));
  EXPECT_EQ(header(refused, "Retry-After"), "1200");
  EXPECT_EQ(from("2001:db8:5:1::1", 5).status, 202);
  EXPECT_EQ(from("2001:db8:5:2::1", 6).status, 202);
  EXPECT_EQ(from("2001:db8:5:3::1", 7).status, 202);
  EXPECT_EQ(from("2001:db8:5:ffff::9", 8).status, 429);  // the same /48
  EXPECT_EQ(from("198.51.101.1", 9).status, 202);        // the next /24 is another network
  EXPECT_EQ(from("2001:db8:6::1", 10).status, 202);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), 8);
}

TEST_F(SiteTest, BehindATrustedProxyTheForwardedAddressIsCounted) {
  auto o = options();
  o.limits.signups_per_address_per_hour = 1;
  o.trusted_proxies = {"127.0.0.1"};
  remake_site(o);
  const auto from = [&](const std::string& peer, const std::string& forwarded,
                        const std::string& email) {
    Request r;
    r.method = "POST";
    r.target = "/api/subscriptions";
    r.client = peer;
    r.body = R"({"email": ")" + email + R"(", "query": "x"})";
    r.headers = {{"content-type", "application/json"}, {"x-forwarded-for", forwarded}};
    return site().handle(r).status;
  };
  EXPECT_EQ(from("127.0.0.1", "198.51.100.7", "a@example.org"), 202);
  EXPECT_EQ(from("127.0.0.1", "spoofed, 198.51.100.8", "b@example.org"), 202);
  EXPECT_EQ(from("127.0.0.1", "198.51.100.7", "c@example.org"), 429);
  EXPECT_EQ(from("192.0.2.50", "198.51.100.9", "d@example.org"), 202);   // not a trusted proxy:
  EXPECT_EQ(from("192.0.2.50", "198.51.100.10", "e@example.org"), 429);  // its header is ignored
}

TEST_F(SiteTest, NewLimitsTakeEffectOnReload) {
  auto o = options();
  o.limits.signups_per_address_per_hour = 1;
  remake_site(o);
  EXPECT_EQ(sign_up(R"({"email": "a@example.org", "query": "a"})").status, 202);
  EXPECT_EQ(sign_up(R"({"email": "b@example.org", "query": "b"})").status, 429);
  o.limits.signups_per_address_per_hour = 5;
  o.limits.max_subscriptions_per_email = 1;
  site().set_options(o);
  EXPECT_EQ(sign_up(R"({"email": "b@example.org", "query": "b"})").status, 202);
  EXPECT_EQ(sign_up(R"({"email": "a@example.org", "query": "c"})").status, 422);
}

TEST_F(SiteTest, ConfirmationEmailsPerAddressAreLimitedSoNobodyIsMailBombed) {
  auto o = options();
  o.limits.confirmations_per_email_per_day = 2;
  o.limits.max_unconfirmed_per_email = 3;
  remake_site(o);
  EXPECT_EQ(sign_up(R"({"email": "v@example.org", "query": "a"})", "192.0.2.1").status, 202);
  EXPECT_EQ(sign_up(R"({"email": "v@example.org", "query": "a"})", "192.0.2.2").status, 202);
  const auto third = sign_up(R"({"email": "v@example.org", "query": "b"})", "192.0.2.3");
  EXPECT_EQ(third.status, 429);
  EXPECT_NE(header(third, "Retry-After"), "");
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM rules"), 1);  // the refused one left nothing behind
  clock_.advance(std::chrono::hours(25));
  EXPECT_EQ(sign_up(R"({"email": "v@example.org", "query": "b"})", "192.0.2.4").status, 202);
  EXPECT_EQ(sign_up(R"({"email": "v@example.org", "query": "c"})", "192.0.2.5").status, 202);
  clock_.advance(std::chrono::hours(25));
  const auto fourth = sign_up(R"({"email": "v@example.org", "query": "d"})", "192.0.2.6");
  EXPECT_EQ(fourth.status, 429);
  EXPECT_THAT(body_of(fourth)["error"].get<std::string>(), HasSubstr("waiting for confirmation"));
}

TEST_F(SiteTest, SubscriptionsPerAddressAreCapped) {
  auto o = options();
  o.limits.max_subscriptions_per_email = 2;
  remake_site(o);
  const std::string auth = "Bearer admin-token-0123456789";
  for (const char* q : {"a", "b"}) {
    EXPECT_EQ(post("/api/admin/subscriptions",
                   std::string(R"({"email": "x@example.org", "query": ")") + q + "\"}",
                   "application/json", "127.0.0.1", auth)
                  .status,
              201);
  }
  const auto third = sign_up(R"({"email": "x@example.org", "query": "c"})");
  EXPECT_EQ(third.status, 422);
  EXPECT_THAT(body_of(third)["error"].get<std::string>(), HasSubstr("at most 2"));
}

TEST_F(SiteTest, AWebhookSignUpGetsItsSecretOnceInTheAnswer) {
  const auto r = sign_up(
      R"({"email": "group@example.org", "speaker": "10121", "webhook_url": "https://hooks.example.org/in"})");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(body_of(r)["subscription"]["channel"], "webhook");
  const auto secret = body_of(r)["webhook_secret"].get<std::string>();
  EXPECT_EQ(secret.rfind("whsec_", 0), 0u);
  const auto again = sign_up(
      R"({"email": "group@example.org", "speaker": "10121", "webhook_url": "https://hooks.example.org/in"})");
  EXPECT_EQ(again.body.find("whsec_"), std::string::npos);  // not to whoever asks next
  const auto more = sign_up(
      R"({"email": "group@example.org", "query": "x", "webhook_url": "https://hooks.example.org/in"})");
  EXPECT_EQ(more.body.find("whsec_"), std::string::npos);  // the same endpoint, the same secret
  const auto page = get(link_in_newest_mail("/c/"));
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, Not(HasSubstr("whsec_")));
  EXPECT_THAT(page.body, HasSubstr("https://hooks.example.org/in"));
  ASSERT_EQ(post(link_in_newest_mail("/c/"), "").status, 200);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE webhook_secret = '" + secret + "'"), 1);
}

// Issue 17, 3: until the address owner confirms, a sign-up changes nothing
// about an existing user, endpoint or subscription.
TEST_F(SiteTest, AnUnconfirmedSignUpChangesNothingThatExists) {
  const auto before = [&] {
    auto q = db_->query("SELECT COALESCE(webhook_url, ''), webhook_secret FROM users");
    std::string out;
    while (q && q->step().value_or(false)) out += q->text(0) + "|" + q->text(1) + "\n";
    return out;
  };
  ASSERT_EQ(sign_up(R"({"email": "reader@example.org", "query": "trafficking"})").status, 202);
  ASSERT_EQ(post(link_in_newest_mail("/c/"), "").status, 200);
  const auto users = before();
  const auto forged = sign_up(
      R"({"email": "READER@example.org", "query": "x", "webhook_url": "https://evil.example.net/"})");
  ASSERT_EQ(forged.status, 202) << forged.body;
  EXPECT_EQ(before(), users);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), 1);
  const auto own = sign_up(
      R"({"email": "reader@example.org", "query": "y", "webhook_url": "https://mine.example.org/"})");
  ASSERT_EQ(own.status, 202) << own.body;
  EXPECT_EQ(before(), users);
  ASSERT_EQ(post(link_in_newest_mail("/c/"), "").status, 200);
  const auto secret = body_of(own)["webhook_secret"].get<std::string>();
  EXPECT_EQ(before(), "https://mine.example.org/|" + secret + "\n");
  const auto now_taken = sign_up(
      R"({"email": "reader@example.org", "query": "z", "webhook_url": "https://evil.example.net/"})");
  EXPECT_EQ(now_taken.status, 409);
  EXPECT_EQ(before(), "https://mine.example.org/|" + secret + "\n");
  EXPECT_EQ(count("SELECT COUNT(*) FROM rules WHERE confirmed_at IS NOT NULL"), 2);
}

TEST_F(SiteTest, SignUpNeedsAPublicUrlForItsLinks) {
  auto o = options();
  o.email.public_url.clear();
  remake_site(o);
  const auto r = sign_up(R"({"email": "a@example.org", "query": "x"})");
  EXPECT_EQ(r.status, 503);
  EXPECT_THAT(body_of(r)["error"].get<std::string>(), HasSubstr("public_url"));
}

}  // namespace
}  // namespace pw::web::test
