#include <utility>  // before Asio (GCC 12 + Boost 1.74)

#include <atomic>
#include <future>
#include <regex>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon/web_face.hpp"
#include "deliver/link_tokens.hpp"
#include "storage/outbox_repository.hpp"
#include "tests/fakes/raw_client.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// A clock the test moves while the server thread reads it.
class SharedClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::time_point(std::chrono::seconds(seconds_.load()));
  }
  void advance(std::int64_t by) { seconds_ += by; }

 private:
  std::atomic<std::int64_t> seconds_{1'256'650'000};
};

struct Reply {
  int status = 0;
  std::string head;
  std::string body;
};

// The web face served over loopback exactly as the daemon wires it: the
// WebFace's server thread and Site worker, each with its own connection;
// the test reads the database through a third.
class WebOverHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = storage::Database::open(path());
    ASSERT_TRUE(opened);
    db_.emplace(std::move(*opened));
    web::SiteOptions o;
    o.email = deliver::EmailSettings{"a <a@example.net>", "https://alerts.example.net",
                                     "a test secret of some length"};
    o.admin_token = "admin-token-0123456789";
    o.limits.signups_per_address_per_hour = signups_per_hour_;
    HttpServerLimits limits;
    limits.max_body_bytes = 1024;
    limits.reserved_paths = {"/healthz", "/readyz", "/metrics"};
    WebFaceHooks hooks;
    hooks.on_queued = [this] { ++queued_; };
    auto face = WebFace::start(path(), ListenAddress{"127.0.0.1", 0}, limits, o, counters_, clock_,
                               std::move(hooks));
    ASSERT_TRUE(face) << face.error().message;
    face_ = std::move(*face);
    const auto address = face_->local_address();
    port_ = static_cast<std::uint16_t>(std::stoi(address.substr(address.rfind(':') + 1)));
  }
  void TearDown() override {
    if (face_) face_->stop();
  }
  std::string path() const { return (dir_ / "pw.db").string(); }

  Reply call(const std::string& method, const std::string& target, const std::string& body = "",
             const std::string& extra_headers = "") {
    test::Client c(port_);
    c.send(method + " " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + extra_headers +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
    const auto all = c.read_until("\x01never\x01");
    Reply r;
    const auto split = all.find("\r\n\r\n");
    r.head = all.substr(0, split);
    r.body = split == std::string::npos ? "" : all.substr(split + 4);
    if (all.size() > 12) r.status = std::stoi(all.substr(9, 3));
    return r;
  }
  Reply sign_up(const std::string& json) {
    return call("POST", "/api/subscriptions", json, "Content-Type: application/json\r\n");
  }
  // Keeps the Site's worker busy until the returned promise is set.
  std::promise<void> hold_worker() {
    std::promise<void> holding;
    std::promise<void> release;
    auto released = release.get_future().share();
    face_->with_site([&holding, released](web::Site&) {
      holding.set_value();
      released.wait();
    });
    holding.get_future().wait();
    return release;
  }
  std::string link_in_newest_mail(const std::string& route) {
    storage::OutboxRepository outbox(*db_);
    auto rows = outbox.recent(1);
    auto newest = rows && !rows->empty() ? outbox.find(rows->front().id) : std::nullopt;
    std::string body = newest && *newest ? (*newest)->body : "";
    for (std::size_t at; (at = body.find("=\r\n")) != std::string::npos;) body.erase(at, 3);
    std::smatch m;
    const std::regex re("https://alerts\\.example\\.net(" + route + "[A-Za-z0-9._-]+)");
    return std::regex_search(body, m, re) ? m[1].str() : "";
  }

  int signups_per_hour_ = 2;
  test::TempDir dir_;
  std::optional<storage::Database> db_;
  SharedClock clock_;
  web::Counters counters_;
  std::atomic<int> queued_{0};
  std::unique_ptr<WebFace> face_;
  std::uint16_t port_ = 0;
};

TEST_F(WebOverHttpTest, HealthReadinessAndMetricsAnswer) {
  EXPECT_EQ(call("GET", "/healthz").body, "ok\n");
  EXPECT_EQ(call("GET", "/readyz").status, 200);
  const auto m = call("GET", "/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_THAT(m.body, HasSubstr("parlwatch_http_requests_total{route=\"healthz\",code=\"200\"} 1"));
  EXPECT_EQ(call("GET", "/nope").status, 404);
}

TEST_F(WebOverHttpTest, SignUpErrorsOverTheWire) {
  EXPECT_EQ(sign_up("{oops").status, 400);
  const auto big =
      sign_up(R"({"email": "a@example.org", "query": ")" + std::string(2000, 'x') + "\"}");
  EXPECT_EQ(big.status, 413);
  EXPECT_THAT(big.body, HasSubstr("over 1024 bytes"));
  EXPECT_EQ(sign_up(R"({"email": "a@example.org", "query": "one"})").status, 202);
  const auto limited = sign_up(R"({"email": "b@example.org", "query": "two"})");
  EXPECT_EQ(limited.status, 429);
  EXPECT_THAT(limited.head, HasSubstr("Retry-After: "));
  EXPECT_THAT(limited.head, HasSubstr("Content-Type: application/json"));
}

TEST_F(WebOverHttpTest, ConfirmManageAndUnsubscribeOverTheWire) {
  ASSERT_EQ(sign_up(R"({"email": "a@example.org", "query": "trafficking"})").status, 202);
  const auto confirm = link_in_newest_mail("/c/");
  const auto manage = link_in_newest_mail("/m/");
  ASSERT_FALSE(confirm.empty());
  EXPECT_EQ(call("GET", "/c/s1.AAAAAAAAAAAAAAAAAAAAAA").status, 404);
  const auto page = call("GET", confirm);
  EXPECT_EQ(page.status, 200);
  EXPECT_THAT(page.head, HasSubstr("Content-Security-Policy: default-src 'none'"));
  EXPECT_EQ(*db_->scalar("SELECT COUNT(*) FROM rules WHERE confirmed_at IS NULL"), 1);
  EXPECT_EQ(call("POST", confirm, "", "Content-Type: application/x-www-form-urlencoded\r\n").status,
            200);
  EXPECT_EQ(*db_->scalar("SELECT COUNT(*) FROM rules WHERE confirmed_at IS NULL"), 0);
  EXPECT_EQ(call("GET", manage).status, 200);
  const auto moved = call("POST", manage, "action=suspend&id=1",
                          "Content-Type: application/x-www-form-urlencoded\r\n");
  EXPECT_EQ(moved.status, 303);
  EXPECT_THAT(moved.head, HasSubstr("Location: " + manage));
  auto key = db_->query("SELECT link_key FROM users WHERE id = 1");
  ASSERT_TRUE(key && key->step().value_or(false));
  const auto unsubscribe =
      "/u/" + deliver::make_link_token(
                  "a test secret of some length", deliver::LinkPurpose::kUnsubscribe,
                  deliver::LinkSubject{deliver::LinkSubject::Kind::kUser, 1, key->text(0)});
  EXPECT_THAT(call("GET", unsubscribe).body, HasSubstr("<button type=\"submit\""));
  const auto done = call("POST", unsubscribe, "List-Unsubscribe=One-Click",
                         "Content-Type: application/x-www-form-urlencoded\r\n");
  EXPECT_EQ(done.status, 200);
  EXPECT_THAT(call("GET", manage).body, HasSubstr("There are no alerts"));
}

TEST_F(WebOverHttpTest, AnExpiredConfirmationIsGoneOverTheWire) {
  ASSERT_EQ(sign_up(R"({"email": "a@example.org", "query": "trafficking"})").status, 202);
  const auto confirm = link_in_newest_mail("/c/");
  clock_.advance(std::int64_t{8} * 24 * 3600);
  const auto r = call("GET", confirm);
  EXPECT_EQ(r.status, 410);
  EXPECT_THAT(r.body, HasSubstr("expired"));
}

TEST_F(WebOverHttpTest, TheAdminApiWantsItsToken) {
  EXPECT_EQ(call("GET", "/api/admin/subscriptions").status, 401);
  EXPECT_EQ(call("GET", "/api/admin/subscriptions", "", "Authorization: Bearer nope\r\n").status,
            401);
  const auto ok = call("GET", "/api/admin/subscriptions", "",
                       "Authorization: Bearer admin-token-0123456789\r\n");
  EXPECT_EQ(ok.status, 200);
  EXPECT_THAT(ok.body, StartsWith("{\"subscriptions\":[]}"));
  const std::string auth = "Authorization: Bearer admin-token-0123456789\r\n";
  const auto created =
      call("POST", "/api/admin/subscriptions", R"({"email": "m@example.org", "query": "NHS"})",
           auth + "Content-Type: application/json\r\n");
  EXPECT_EQ(created.status, 201);
  EXPECT_THAT(created.body, HasSubstr("\"state\":\"active\""));
  EXPECT_EQ(call("GET", "/api/admin/alerts", "", auth).status, 200);
  EXPECT_EQ(call("POST", "/api/admin/subscriptions/1/delete", "", auth).status, 200);
  EXPECT_EQ(call("POST", "/api/admin/subscriptions/1/delete", "", auth).status, 404);
}

// Issue 22: the probes answer on the server thread while the Site's worker
// is busy (here held by a job until the test lets it go; in the daemon, a
// sign-up waiting for SQLite's write lock), and the Site's own requests
// wait their turn instead of failing.
TEST_F(WebOverHttpTest, ProbesAnswerWhileTheSiteIsBusy) {
  auto release = hold_worker();
  auto page = std::async(std::launch::async, [this] { return call("GET", "/nope"); });
  EXPECT_EQ(call("GET", "/healthz").body, "ok\n");
  EXPECT_EQ(call("GET", "/readyz").status, 200);
  EXPECT_EQ(call("HEAD", "/metrics").status, 200);
  EXPECT_EQ(call("POST", "/healthz").status, 405);
  EXPECT_EQ(page.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
  release.set_value();
  EXPECT_EQ(page.get().status, 404);
}

// A sign-up waits for another process's write lock on the worker, and is
// stored once the lock goes; the probes answer meanwhile.
TEST_F(WebOverHttpTest, ASignUpWaitsForTheWriteLockWithoutHoldingUpTheProbes) {
  ASSERT_TRUE(db_->exec("BEGIN IMMEDIATE"));
  auto signed_up = std::async(std::launch::async, [this] {
    return sign_up(R"({"email": "a@example.org", "query": "trafficking"})");
  });
  EXPECT_EQ(call("GET", "/healthz").status, 200);
  const auto m = call("GET", "/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_THAT(m.body, HasSubstr("parlwatch_subscriptions{state=\"unconfirmed\"} 0\n"));
  ASSERT_TRUE(db_->exec("COMMIT"));
  EXPECT_EQ(signed_up.get().status, 202);
  EXPECT_EQ(*db_->scalar("SELECT COUNT(*) FROM rules WHERE confirmed_at IS NULL"), 1);
  EXPECT_EQ(queued_.load(), 1);
}

class WebBurstTest : public WebOverHttpTest {
 protected:
  void SetUp() override {
    signups_per_hour_ = 100;
    WebOverHttpTest::SetUp();
  }
};

// POSTs waiting for the worker share one commit: held back while the worker
// is busy, six sign-ups are answered together, the bad one refused alone,
// and the daemon is told once, after the commit, that emails are queued.
TEST_F(WebBurstTest, WaitingSignUpsShareOneCommitAndFailAlone) {
  auto release = hold_worker();
  std::vector<std::future<Reply>> replies;
  for (int i = 0; i < 6; ++i) {
    const std::string email = i == 3 ? "not an address" : "r" + std::to_string(i) + "@example.org";
    replies.push_back(std::async(std::launch::async, [this, email] {
      return sign_up(R"({"email": ")" + email + R"(", "query": "trafficking"})");
    }));
  }
  auto page = std::async(std::launch::async, [this] { return call("GET", "/nope"); });
  std::this_thread::sleep_for(std::chrono::seconds(1));  // all seven reach the worker's queue
  EXPECT_EQ(*db_->scalar("SELECT COUNT(*) FROM rules"), 0);
  release.set_value();
  int accepted = 0;
  for (int i = 0; i < 6; ++i) {
    const auto r = replies[static_cast<std::size_t>(i)].get();
    if (i == 3) {
      EXPECT_EQ(r.status, 422) << r.body;
    } else {
      EXPECT_EQ(r.status, 202) << r.body;
      ++accepted;
    }
  }
  EXPECT_EQ(page.get().status, 404);
  EXPECT_EQ(*db_->scalar("SELECT COUNT(*) FROM rules WHERE confirmed_at IS NULL"), accepted);
  EXPECT_EQ(*db_->scalar("SELECT COUNT(*) FROM outbox"), accepted);
  EXPECT_EQ(queued_.load(), 1);
}

}  // namespace
}  // namespace pw
