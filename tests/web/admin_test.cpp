#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/web/site_fixture.hpp"

namespace pw::web::test {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

const std::string kAuth = "Bearer admin-token-0123456789";

class AdminTest : public SiteTest {
 protected:
  Response admin_get(const std::string& target, const std::string& auth = kAuth) {
    Request r;
    r.method = "GET";
    r.target = target;
    if (!auth.empty()) r.headers.emplace_back("authorization", auth);
    return site().handle(r);
  }
  Response admin_post(const std::string& target, const std::string& body) {
    return post(target, body, "application/json", "127.0.0.1", kAuth);
  }
};

TEST_F(AdminTest, TheBearerTokenIsRequired) {
  EXPECT_EQ(admin_get("/api/admin/subscriptions", "").status, 401);
  EXPECT_EQ(admin_get("/api/admin/subscriptions", "Bearer wrong").status, 401);
  EXPECT_EQ(admin_get("/api/admin/subscriptions", "Bearer admin-token-012345678").status, 401);
  EXPECT_EQ(admin_get("/api/admin/subscriptions", "Basic YWRtaW4=").status, 401);
  const auto ok = admin_get("/api/admin/subscriptions");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(json::parse(ok.body)["subscriptions"].size(), 0u);
  auto o = options();
  o.admin_token.clear();
  remake_site(o);
  EXPECT_EQ(admin_get("/api/admin/subscriptions").status, 404);
}

TEST_F(AdminTest, CreateListAndDeleteSubscriptions) {
  const auto created = admin_post("/api/admin/subscriptions",
                                  R"({"email": "member@example.org", "speaker": "10121"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto sub = json::parse(created.body)["subscription"];
  EXPECT_EQ(sub["state"], "active");
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 0);  // no opt-in mail for the operator's own
  EXPECT_EQ(admin_post("/api/admin/subscriptions",
                       R"({"email": "member@example.org", "speaker": "10121"})")
                .status,
            200);
  admin_post("/api/admin/subscriptions", R"({"email": "other@example.org", "query": "NHS"})");
  const auto mine =
      json::parse(admin_get("/api/admin/subscriptions?email=member%40example.org").body);
  ASSERT_EQ(mine["subscriptions"].size(), 1u);
  EXPECT_EQ(mine["subscriptions"][0]["query"], sub["query"]);
  EXPECT_EQ(json::parse(admin_get("/api/admin/subscriptions").body)["subscriptions"].size(), 2u);
  const auto path = "/api/admin/subscriptions/" + sub["id"].dump() + "/delete";
  Request del;
  del.method = "DELETE";
  del.target = path;
  del.headers.emplace_back("authorization", kAuth);
  EXPECT_EQ(site().handle(del).status, 405);
  EXPECT_EQ(admin_get(path).status, 405);
  EXPECT_EQ(admin_post(path, "").status, 200);
  EXPECT_EQ(admin_post(path, "").status, 404);
  EXPECT_EQ(admin_post("/api/admin/subscriptions/abc/delete", "").status, 404);
  EXPECT_EQ(json::parse(admin_get("/api/admin/subscriptions").body)["subscriptions"].size(), 1u);
  EXPECT_EQ(
      admin_post("/api/admin/subscriptions", R"({"email": "x@example.org", "query": "("})").status,
      422);
}

TEST_F(AdminTest, ANewEndpointsSecretIsShownOnceAndCanBeRotated) {
  const auto made = admin_post(
      "/api/admin/subscriptions",
      R"({"email": "group@example.org", "query": "x", "webhook_url": "https://hooks.example.org/a"})");
  ASSERT_EQ(made.status, 201) << made.body;
  const auto first = nlohmann::json::parse(made.body)["webhook_secret"].get<std::string>();
  EXPECT_EQ(first.rfind("whsec_", 0), 0u);
  const auto more = admin_post(
      "/api/admin/subscriptions",
      R"({"email": "group@example.org", "query": "y", "webhook_url": "https://hooks.example.org/a"})");
  EXPECT_EQ(more.body.find("whsec_"), std::string::npos);
  const auto rotated = admin_post("/api/admin/webhook-secret", R"({"email": "GROUP@example.org"})");
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  const auto second = nlohmann::json::parse(rotated.body)["webhook_secret"].get<std::string>();
  EXPECT_NE(second, first);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE webhook_secret = '" + second + "'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE webhook_secret_previous = '" + first +
                  "' AND webhook_secret_previous_until > 0"),
            1);  // still signed with too, for the overlap
  EXPECT_EQ(admin_post("/api/admin/webhook-secret", R"({"email": "nobody@example.org"})").status,
            404);
  admin_post("/api/admin/subscriptions", R"({"email": "plain@example.org", "query": "x"})");
  EXPECT_EQ(admin_post("/api/admin/webhook-secret", R"({"email": "plain@example.org"})").status,
            409);
}

TEST_F(AdminTest, ADisabledWebhookEndpointCanBeEnabledAgain) {
  admin_post(
      "/api/admin/subscriptions",
      R"({"email": "group@example.org", "query": "x", "webhook_url": "https://hooks.example.org/a"})");
  ASSERT_TRUE(db_->exec("UPDATE users SET webhook_disabled_at = 1234"));
  const auto r = admin_post("/api/admin/webhook-enable", R"({"email": "Group@example.org"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["was_disabled"], true);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE webhook_disabled_at = 0"), 1);
  const auto again = admin_post("/api/admin/webhook-enable", R"({"email": "group@example.org"})");
  EXPECT_EQ(json::parse(again.body)["was_disabled"], false);
  admin_post("/api/admin/subscriptions", R"({"email": "plain@example.org", "query": "x"})");
  EXPECT_EQ(admin_post("/api/admin/webhook-enable", R"({"email": "plain@example.org"})").status,
            409);
  EXPECT_EQ(admin_post("/api/admin/webhook-enable", R"({"email": "nobody@example.org"})").status,
            404);
  EXPECT_EQ(admin_get("/api/admin/webhook-enable").status, 405);
}

TEST_F(AdminTest, ForgetRemovesAnAddressAndEverythingTiedToIt) {
  admin_post("/api/admin/subscriptions", R"({"email": "gone@example.org", "query": "a"})");
  admin_post("/api/admin/subscriptions", R"({"email": "kept@example.org", "query": "a"})");
  const auto r = admin_post("/api/admin/forget", R"({"email": "Gone@example.org"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE email = 'gone@example.org'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM rules"), 1);
  EXPECT_EQ(admin_post("/api/admin/forget", R"({"email": "gone@example.org"})").status, 404);
  EXPECT_EQ(
      admin_post("/api/admin/forget", R"({"email": "kept@example.org", "query": "x"})").status,
      400);
  EXPECT_EQ(admin_get("/api/admin/forget").status, 405);
}

TEST_F(AdminTest, RecentAlertsAreListedNewestFirst) {
  sign_up(R"({"email": "a@example.org", "query": "one"})", "192.0.2.1");
  sign_up(R"({"email": "b@example.org", "query": "two"})", "192.0.2.2");
  const auto r = admin_get("/api/admin/alerts?limit=1");
  ASSERT_EQ(r.status, 200);
  const auto alerts = json::parse(r.body)["alerts"];
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0]["email"], "b@example.org");
  EXPECT_EQ(alerts[0]["state"], "pending");
  EXPECT_EQ(admin_get("/api/admin/alerts?limit=0").status, 400);
  EXPECT_EQ(admin_get("/api/admin/alerts?limit=x").status, 400);
  EXPECT_EQ(json::parse(admin_get("/api/admin/alerts").body)["alerts"].size(), 2u);
}

}  // namespace
}  // namespace pw::web::test
