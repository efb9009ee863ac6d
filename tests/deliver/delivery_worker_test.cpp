#include "deliver/delivery_worker.hpp"

#include <deque>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/outbox_repository.hpp"
#include "storage/user_repository.hpp"
#include "tests/fakes/fake_clock.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw::deliver {
namespace {

using ::testing::HasSubstr;

// Answers each send with the next scripted result, and remembers the rows.
class ScriptedSender final : public Sender {
 public:
  std::deque<SendResult> script;
  std::vector<std::int64_t> sent_ids;
  SendResult send(const storage::OutboxRecord& row, const storage::UserRecord&,
                  std::int64_t) override {
    sent_ids.push_back(row.id);
    auto r =
        script.empty() ? SendResult{SendOutcome::kSent, "250 ok", std::nullopt} : script.front();
    if (!script.empty()) script.pop_front();
    return r;
  }
};

class DeliveryWorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = storage::Database::open((dir_ / "pw.db").string());
    ASSERT_TRUE(opened);
    db_.emplace(std::move(*opened));
    storage::UserRepository users(*db_);
    reader_ = *users.add_user("reader@example.org", "", 1);
    group_ = *users.add_user("group@example.org", "https://hooks.example.org/in", 1);
  }

  std::int64_t queue(std::int64_t user, storage::Channel channel) {
    storage::OutboxRepository outbox(*db_);
    const auto id = *outbox.reserve(user, channel, "dest", 0, unix_seconds(clock_.now()));
    EXPECT_TRUE(outbox.set_message(id, "subject", "body"));
    return id;
  }

  storage::OutboxRecord row(std::int64_t id) { return **storage::OutboxRepository(*db_).find(id); }

  Result<DeliveryReport> run() {
    return deliver_due(*db_, email_, webhook_, clock_, EmailSettings{}, rng_);
  }

  test::TempDir dir_;
  std::optional<storage::Database> db_;
  test::FakeClock clock_;
  std::mt19937_64 rng_{7};
  ScriptedSender email_;
  ScriptedSender webhook_;
  std::int64_t reader_ = 0;
  std::int64_t group_ = 0;
};

TEST_F(DeliveryWorkerTest, EachChannelGoesToItsSenderAndIsMarkedSent) {
  const auto mail = queue(reader_, storage::Channel::kEmail);
  const auto hook = queue(group_, storage::Channel::kWebhook);
  auto report = run();
  ASSERT_TRUE(report);
  EXPECT_EQ(report->sent, 2u);
  EXPECT_EQ(email_.sent_ids, std::vector<std::int64_t>{mail});
  EXPECT_EQ(webhook_.sent_ids, std::vector<std::int64_t>{hook});
  EXPECT_EQ(row(mail).state, storage::OutboxState::kSent);
  EXPECT_EQ(row(mail).attempts, 1);
  EXPECT_EQ(run()->sent, 0u);
}

TEST_F(DeliveryWorkerTest, TemporaryFailuresFollowTheScheduleThenDie) {
  const auto id = queue(reader_, storage::Channel::kEmail);
  std::vector<std::int64_t> waits;
  for (int attempt = 1; attempt <= 20; ++attempt) {
    email_.script.push_back({SendOutcome::kRetry, "451 try later", std::nullopt});
    const auto before = unix_seconds(clock_.now());
    ASSERT_TRUE(run());
    const auto r = row(id);
    if (r.state == storage::OutboxState::kDead) break;
    ASSERT_EQ(r.state, storage::OutboxState::kRetry);
    EXPECT_EQ(r.last_error, "451 try later");
    waits.push_back(r.next_attempt_at - before);
    clock_.advance(std::chrono::seconds(r.next_attempt_at - before));
  }
  ASSERT_GE(waits.size(), 7u);
  const std::int64_t expected[] = {60, 300, 1800, 7200, 21600, 43200, 86400};
  for (std::size_t i = 0; i < 7; ++i) {
    EXPECT_GE(waits[i], expected[i] * 9 / 10) << i;
    EXPECT_LE(waits[i], expected[i] * 11 / 10) << i;
  }
  EXPECT_EQ(row(id).state, storage::OutboxState::kDead);
  EXPECT_THAT(row(id).last_error, HasSubstr("gave up after 3 days"));
  EXPECT_LE(unix_seconds(clock_.now()) - row(id).created_at, 72 * 3600);
}

TEST_F(DeliveryWorkerTest, RetryAfterLongerThanTheScheduleIsHonoured) {
  const auto id = queue(group_, storage::Channel::kWebhook);
  webhook_.script.push_back({SendOutcome::kRetry, "HTTP 429", std::chrono::seconds(900)});
  ASSERT_TRUE(run());
  EXPECT_EQ(row(id).next_attempt_at - unix_seconds(clock_.now()), 900);
}

TEST_F(DeliveryWorkerTest, PermanentFailuresDieAtOnceAndCanBeRequeued) {
  const auto id = queue(reader_, storage::Channel::kEmail);
  email_.script.push_back({SendOutcome::kFailed, "550 no such user", std::nullopt});
  auto report = run();
  ASSERT_TRUE(report);
  EXPECT_EQ(report->dead, 1u);
  ASSERT_EQ(report->log.size(), 1u);
  EXPECT_THAT(report->log[0], HasSubstr("550 no such user"));
  EXPECT_EQ(row(id).state, storage::OutboxState::kDead);
  EXPECT_EQ(run()->sent, 0u);  // dead rows stay dead

  storage::OutboxRepository outbox(*db_);
  EXPECT_TRUE(*outbox.requeue(id));
  EXPECT_EQ(row(id).state, storage::OutboxState::kPending);
  EXPECT_EQ(run()->sent, 1u);
  EXPECT_FALSE(*outbox.requeue(id));  // sent rows are not re-queued
  EXPECT_FALSE(*outbox.requeue(999));
}

TEST_F(DeliveryWorkerTest, A410DisablesTheEndpointAndTellsTheOwnerByEmail) {
  const auto first = queue(group_, storage::Channel::kWebhook);
  const auto second = queue(group_, storage::Channel::kWebhook);
  webhook_.script.push_back({SendOutcome::kGone, "HTTP 410", std::nullopt});
  ASSERT_TRUE(run());
  EXPECT_EQ(row(first).state, storage::OutboxState::kDead);
  EXPECT_EQ(row(second).state,
            storage::OutboxState::kDead);  // the endpoint is disabled: not even tried
  EXPECT_EQ(webhook_.sent_ids.size(), 1u);
  EXPECT_EQ(row(second).last_error, "webhook endpoint disabled");
  auto user = *storage::UserRepository(*db_).user(group_);
  EXPECT_NE(user->webhook_disabled_at, 0);
  auto rows = *storage::OutboxRepository(*db_).all();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2].channel, storage::Channel::kEmail);
  EXPECT_EQ(rows[2].destination, "group@example.org");
  EXPECT_THAT(rows[2].body, HasSubstr("410 Gone"));
  EXPECT_EQ(run()->sent, 1u);  // the notice goes out by email
  EXPECT_EQ(email_.sent_ids, std::vector<std::int64_t>{rows[2].id});
}

TEST_F(DeliveryWorkerTest, ALeaseFreesARowClaimedByAWorkerThatDied) {
  const auto id = queue(reader_, storage::Channel::kEmail);
  auto claimed = claim_due(*db_, unix_seconds(clock_.now()), 10);  // then "crash"
  ASSERT_TRUE(claimed);
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ(row(id).state, storage::OutboxState::kSending);
  EXPECT_TRUE(claim_due(*db_, unix_seconds(clock_.now()), 10)->empty());
  clock_.advance(std::chrono::seconds(kLeaseSeconds));
  EXPECT_EQ(run()->sent, 1u);
  EXPECT_EQ(row(id).attempts, 2);
}

TEST_F(DeliveryWorkerTest, ARestartingDaemonFreesLeasesAtOnce) {
  const auto id = queue(reader_, storage::Channel::kEmail);
  ASSERT_EQ(claim_due(*db_, unix_seconds(clock_.now()), 10)->size(), 1u);  // then the process dies
  storage::OutboxRepository outbox(*db_);
  EXPECT_EQ(*outbox.release_leases(), 1);
  EXPECT_EQ(row(id).state, storage::OutboxState::kRetry);
  EXPECT_EQ(run()->sent, 1u);  // no need to wait for the lease to expire
  EXPECT_EQ(*outbox.release_leases(), 0);
}

}  // namespace
}  // namespace pw::deliver
