#include "storage/source_repository.hpp"

#include <gtest/gtest.h>

#include "storage/outbox_repository.hpp"
#include "storage/settings_repository.hpp"
#include "storage/status_reader.hpp"
#include "storage/user_repository.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw::storage {
namespace {

class SourceRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::open((dir_ / "pw.db").string());
    ASSERT_TRUE(opened);
    db_.emplace(std::move(*opened));
  }
  test::TempDir dir_;
  std::optional<Database> db_;
};

TEST_F(SourceRepositoryTest, FileValidatorsAreKeptPerSourceAndReplaced) {
  SourceRepository repo(*db_);
  ASSERT_TRUE(repo.upsert_file({"twfy", "wms/a.xml", "\"1\"", "Mon", 10, "h1", 100}));
  ASSERT_TRUE(repo.upsert_file({"mirror", "wms/a.xml", "", "", 20, "h1", 100}));
  ASSERT_TRUE(repo.upsert_file({"twfy", "wms/a.xml", "\"2\"", "Tue", 30, "h2", 200}));
  auto twfy = repo.files("twfy");
  ASSERT_TRUE(twfy);
  ASSERT_EQ(twfy->size(), 1u);
  EXPECT_EQ((*twfy)[0].etag, "\"2\"");
  EXPECT_EQ((*twfy)[0].changed_at, 30);
  EXPECT_EQ(repo.files("mirror")->size(), 1u);
  EXPECT_TRUE(repo.files("other")->empty());
}

TEST_F(SourceRepositoryTest, AFailedPollKeepsTheLastSuccess) {
  SourceRepository repo(*db_);
  ASSERT_TRUE(repo.poll_finished("twfy", 100, "", 3));
  ASSERT_TRUE(repo.poll_finished("twfy", 200, "source twfy: HTTP 500", 0));
  auto polls = repo.polls();
  ASSERT_TRUE(polls);
  ASSERT_EQ(polls->size(), 1u);
  EXPECT_EQ((*polls)[0].last_poll_at, 200);
  EXPECT_EQ((*polls)[0].last_success_at, 100);
  EXPECT_EQ((*polls)[0].last_error, "source twfy: HTTP 500");
  ASSERT_TRUE(repo.poll_finished("twfy", 300, "", 1));
  EXPECT_EQ((*repo.polls())[0].last_error, "");
  EXPECT_EQ((*repo.polls())[0].last_success_at, 300);
}

TEST_F(SourceRepositoryTest, TheFirstSettingWins) {
  SourceRepository repo(*db_);
  EXPECT_FALSE(*SettingsRepository(*db_).get("start_date"));
  EXPECT_EQ(*SettingsRepository(*db_).get_or_init("start_date", "2026-11-30"), "2026-11-30");
  EXPECT_EQ(*SettingsRepository(*db_).get_or_init("start_date", "2027-01-01"), "2026-11-30");
}

TEST_F(SourceRepositoryTest, SummaryCountsTheOutboxByStateAndFindsTheOldestUndelivered) {
  auto empty = summarise(*db_);
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->files, 0);
  EXPECT_TRUE(empty->outbox.empty());
  EXPECT_EQ(empty->oldest_undelivered_id, 0);

  ASSERT_TRUE(
      db_->exec("INSERT INTO files (id, name, section, date, version, version_rank, sha256, items,"
                " ingested_at) VALUES (1, 'a.xml', 'wms', '2009-10-26', 'a', 1, 'h', 0, 1)"));
  const auto user = *UserRepository(*db_).add_user("a@example.org", "", 1);
  OutboxRepository outbox(*db_);
  const auto first = *outbox.reserve(user, Channel::kEmail, "a@example.org", 1, 50);
  const auto second = *outbox.reserve(user, Channel::kEmail, "a@example.org", 1, 60);
  const auto third = *outbox.reserve(user, Channel::kEmail, "a@example.org", 1, 70);
  ASSERT_TRUE(outbox.mark_sent(first, 80));
  auto s = summarise(*db_);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->files, 1);
  EXPECT_EQ(s->outbox.at("sent"), 1);
  EXPECT_EQ(s->outbox.at("pending"), 2);
  EXPECT_EQ(s->oldest_undelivered_id, second);
  EXPECT_EQ(s->oldest_undelivered_at, 60);
  EXPECT_NE(third, second);
  // A dead message is not waiting for delivery: it must not age the gauge
  // for ever (issue 17, 8).
  ASSERT_TRUE(outbox.mark_dead(second, "550 no such user"));
  EXPECT_EQ(summarise(*db_)->oldest_undelivered_id, third);
  ASSERT_TRUE(outbox.mark_retry(third, 999, "451 try later"));
  EXPECT_EQ(summarise(*db_)->oldest_undelivered_id, third);
  ASSERT_TRUE(outbox.mark_sent(third, 90));
  EXPECT_EQ(summarise(*db_)->oldest_undelivered_id, 0);
}

// Issue 22: the summary (/metrics, status) read with BEGIN IMMEDIATE, so it
// waited out the busy timeout and failed while another process wrote. It
// reads one snapshot: a writer's uncommitted rows are not in it, and it
// leaves no transaction open.
TEST_F(SourceRepositoryTest, TheSummaryReadsASnapshotWithoutTheWriteLock) {
  auto other = Database::open((dir_ / "pw.db").string());
  ASSERT_TRUE(other);
  ASSERT_TRUE(other->exec("BEGIN IMMEDIATE"));
  ASSERT_TRUE(other->exec(
      "INSERT INTO files (id, name, section, date, version, version_rank, sha256,"
      " items, ingested_at) VALUES (1, 'a.xml', 'wms', '2009-10-26', 'a', 1, 'h', 0, 1)"));
  auto during = summarise(*db_);
  ASSERT_TRUE(during) << during.error().message;
  EXPECT_EQ(during->files, 0);
  ASSERT_TRUE(other->exec("COMMIT"));
  EXPECT_EQ(summarise(*db_)->files, 1);
  EXPECT_TRUE(db_->exec("BEGIN IMMEDIATE"));  // nothing left open by summarise
  EXPECT_TRUE(db_->exec("ROLLBACK"));
}

}  // namespace
}  // namespace pw::storage
