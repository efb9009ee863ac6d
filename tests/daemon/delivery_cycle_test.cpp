#include "daemon/delivery_cycle.hpp"

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "deliver/outbox_writer.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/user_repository.hpp"
#include "tests/fakes/fake_clock.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw {
namespace {

using ::testing::ElementsAre;

// A sender that writes down what it was given and answers as told.
class RecordingSender final : public deliver::Sender {
 public:
  std::vector<std::int64_t> sent_ids;
  std::map<std::int64_t, deliver::SendResult> answers;  // by row id; default sent

  deliver::SendResult send(const storage::OutboxRecord& row, const storage::UserRecord&,
                           std::int64_t) override {
    sent_ids.push_back(row.id);
    const auto it = answers.find(row.id);
    if (it != answers.end()) return it->second;
    return {deliver::SendOutcome::kSent, "fake reply", {}};
  }
};

deliver::SendResult answer(deliver::SendOutcome outcome, bool timed_out = false) {
  return {outcome, "fake reply", {}, timed_out};
}

class DeliveryCycleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = storage::Database::open((dir_ / "pw.db").string());
    ASSERT_TRUE(opened);
    db_.emplace(std::move(*opened));
    user_ = *storage::UserRepository(*db_).add_user("campaign@example.org", "", 1);
  }

  std::int64_t notice() {
    return *deliver::write_notice(*db_, user_, "campaign@example.org", "a notice", "text", now(),
                                  email_);
  }
  std::int64_t webhook(const std::string& url) {
    storage::OutboxRepository outbox(*db_);
    const auto id = *outbox.reserve(user_, storage::Channel::kWebhook, url, 0, now());
    EXPECT_TRUE(outbox.set_message(id, "", "{}"));
    return id;
  }
  // Sends a claimed run, recording each outcome as it comes, as App does.
  void send(DeliveryCycle& cycle, Lane lane, std::vector<deliver::Claimed> claimed,
            const std::function<bool(const deliver::Attempt&)>& after = {}) {
    cycle.send(
        lane, std::move(claimed), email_sender_, webhook_sender_,
        [&](deliver::Attempt a) {
          cycle.record({a}, email_);
          return after ? after(a) : true;
        },
        [&](std::string_view what) { told_.emplace_back(what); });
  }
  std::string state(std::int64_t id) {
    for (const char* s : {"pending", "sending", "sent", "retry", "dead"}) {
      if (*db_->scalar("SELECT COUNT(*) FROM outbox WHERE id = " + std::to_string(id) +
                       " AND state = '" + s + "'") == 1) {
        return s;
      }
    }
    return "none";
  }
  std::int64_t next_attempt(std::int64_t id) {
    return *db_->scalar("SELECT next_attempt_at FROM outbox WHERE id = " + std::to_string(id));
  }
  std::int64_t now() const { return unix_seconds(clock_.now()); }
  std::uint64_t counter(const std::string& name, const web::Labels& labels) {
    const auto all = counters_.snapshot();
    const auto it = all.find({name, labels});
    return it == all.end() ? 0 : it->second;
  }

  test::TempDir dir_;
  std::optional<storage::Database> db_;
  test::FakeClock clock_;
  deliver::EmailSettings email_{"parlwatch <a@example.net>", "https://alerts.example.net",
                                "a test secret of some length"};
  web::Counters counters_;
  RecordingSender email_sender_;
  RecordingSender webhook_sender_;
  std::vector<std::string> told_;
  std::int64_t user_ = 0;
};

TEST_F(DeliveryCycleTest, ALaneRunsOneBatchAtATimeAndRunsAgainWhenFull) {
  for (int i = 0; i < 3; ++i) notice();
  DeliveryCycle cycle(*db_, clock_, counters_, 2);
  auto first = cycle.claim(Lane::kEmail, now());
  ASSERT_TRUE(first);
  EXPECT_EQ(first->size(), 2u);
  EXPECT_TRUE(cycle.in_flight(Lane::kEmail));
  EXPECT_FALSE(cycle.claim(Lane::kEmail, now()));  // one run at a time: asked again instead
  send(cycle, Lane::kEmail, std::move(*first));
  EXPECT_THAT(email_sender_.sent_ids, ElementsAre(1, 2));
  EXPECT_TRUE(cycle.finish(Lane::kEmail, 2));  // full, and asked again
  EXPECT_FALSE(cycle.in_flight());
  auto second = cycle.claim(Lane::kEmail, now());
  ASSERT_TRUE(second);
  send(cycle, Lane::kEmail, std::move(*second));
  EXPECT_FALSE(cycle.finish(Lane::kEmail, 1));
  EXPECT_THAT(email_sender_.sent_ids, ElementsAre(1, 2, 3));
  EXPECT_FALSE(cycle.claim(Lane::kEmail, now()));
  EXPECT_EQ(counter("parlwatch_alerts_total", {{"outcome", "sent"}}), 3u);
  EXPECT_TRUE(webhook_sender_.sent_ids.empty());
}

TEST_F(DeliveryCycleTest, EmailsAndWebhooksAreSeparateLanes) {
  const auto hook = webhook("https://hooks.example.org/a");
  const auto mail = notice();
  DeliveryCycle cycle(*db_, clock_, counters_);
  auto hooks = cycle.claim(Lane::kWebhook, now());
  ASSERT_TRUE(hooks);
  ASSERT_EQ(hooks->size(), 1u);
  EXPECT_EQ((*hooks)[0].row.id, hook);
  // While the webhook run is in flight (a slow endpoint), email goes on.
  auto mails = cycle.claim(Lane::kEmail, now());
  ASSERT_TRUE(mails);
  ASSERT_EQ(mails->size(), 1u);
  send(cycle, Lane::kEmail, std::move(*mails));
  EXPECT_FALSE(cycle.finish(Lane::kEmail, 1));
  EXPECT_EQ(state(mail), "sent");
  EXPECT_TRUE(cycle.in_flight(Lane::kWebhook));
  send(cycle, Lane::kWebhook, std::move(*hooks));
  EXPECT_FALSE(cycle.finish(Lane::kWebhook, 1));
  EXPECT_EQ(state(hook), "sent");
}

// Issue 22: outcomes were recorded only after a whole batch, so a crash
// resent every message of it; now only the one in flight.
TEST_F(DeliveryCycleTest, EachOutcomeIsRecordedAsItComes) {
  for (int i = 0; i < 3; ++i) notice();
  DeliveryCycle cycle(*db_, clock_, counters_);
  auto claimed = cycle.claim(Lane::kEmail, now());
  ASSERT_TRUE(claimed);
  std::vector<std::string> seen;
  send(cycle, Lane::kEmail, std::move(*claimed), [&](const deliver::Attempt&) {
    seen.push_back(state(1) + " " + state(2) + " " + state(3));
    return true;
  });
  EXPECT_THAT(seen, ElementsAre("sent sending sending", "sent sent sending", "sent sent sent"));
}

TEST_F(DeliveryCycleTest, ARunStopsWhenAskedAndLeavesTheRestLeased) {
  for (int i = 0; i < 3; ++i) notice();
  DeliveryCycle cycle(*db_, clock_, counters_);
  auto claimed = cycle.claim(Lane::kEmail, now());
  ASSERT_TRUE(claimed);
  send(cycle, Lane::kEmail, std::move(*claimed), [](const deliver::Attempt&) { return false; });
  EXPECT_THAT(email_sender_.sent_ids, ElementsAre(1));
  EXPECT_EQ(state(2), "sending");  // freed at the next start (release_leases)
}

TEST_F(DeliveryCycleTest, OutcomesAreRetriedOrGivenUp) {
  notice();
  notice();
  email_sender_.answers[1] = answer(deliver::SendOutcome::kRetry);
  email_sender_.answers[2] = answer(deliver::SendOutcome::kFailed);
  DeliveryCycle cycle(*db_, clock_, counters_);
  auto claimed = cycle.claim(Lane::kEmail, now());
  ASSERT_TRUE(claimed);
  send(cycle, Lane::kEmail, std::move(*claimed));
  EXPECT_EQ(state(1), "retry");
  EXPECT_GT(next_attempt(1), now());
  EXPECT_EQ(state(2), "dead");
  EXPECT_EQ(counter("parlwatch_alerts_total", {{"outcome", "retry"}}), 1u);
  EXPECT_EQ(counter("parlwatch_alerts_total", {{"outcome", "dead"}}), 1u);
  EXPECT_FALSE(cycle.finish(Lane::kEmail, 2));
  EXPECT_FALSE(cycle.claim(Lane::kEmail, now()));  // the retry waits for its time
}

TEST_F(DeliveryCycleTest, AnEndpointThatKeepsTimingOutIsPausedOthersAreNot) {
  const auto a1 = webhook("https://tarpit.example.org/1");
  const auto a2 = webhook("https://tarpit.example.org/2");
  const auto a3 = webhook("https://tarpit.example.org/3");
  const auto b1 = webhook("https://fine.example.org/1");
  webhook_sender_.answers[a1] = answer(deliver::SendOutcome::kRetry, true);
  webhook_sender_.answers[a2] = answer(deliver::SendOutcome::kRetry, true);
  webhook_sender_.answers[a3] = answer(deliver::SendOutcome::kRetry, true);
  DeliveryCycle cycle(*db_, clock_, counters_);
  auto claimed = cycle.claim(Lane::kWebhook, now());
  ASSERT_TRUE(claimed);
  send(cycle, Lane::kWebhook, std::move(*claimed));
  EXPECT_THAT(webhook_sender_.sent_ids, ElementsAre(a1, a2, b1));  // a3 was never tried
  EXPECT_EQ(state(a3), "retry");
  EXPECT_GE(next_attempt(a3), now() + 300);
  EXPECT_EQ(state(b1), "sent");
}

TEST_F(DeliveryCycleTest, AThrowingSenderEndsTheRunUnsent) {
  notice();
  class ThrowingSender final : public deliver::Sender {
   public:
    deliver::SendResult send(const storage::OutboxRecord&, const storage::UserRecord&,
                             std::int64_t) override {
      throw std::runtime_error("sender bug");
    }
  } email;
  DeliveryCycle cycle(*db_, clock_, counters_);
  auto claimed = cycle.claim(Lane::kEmail, now());
  ASSERT_TRUE(claimed);
  std::vector<deliver::Attempt> attempts;
  cycle.send(
      Lane::kEmail, std::move(*claimed), email, webhook_sender_,
      [&](deliver::Attempt a) {
        attempts.push_back(std::move(a));
        return true;
      },
      [&](std::string_view what) { told_.emplace_back(what); });
  EXPECT_TRUE(attempts.empty());
  EXPECT_THAT(told_, ElementsAre("sender bug"));
  EXPECT_FALSE(cycle.finish(Lane::kEmail, 1));
  EXPECT_EQ(state(1), "sending");  // until its lease ends
}

}  // namespace
}  // namespace pw
