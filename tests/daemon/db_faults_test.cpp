// Database faults during ingest: a full disk (SQLite's max_page_count makes
// writes fail with SQLITE_FULL exactly as a full file system does), a
// read-only database and one locked by another writer. Each must fail the
// file with a transient error, leave the database as it was (integrity
// check clean, nothing half-written) and let the same file be ingested
// once the fault is gone, alerting exactly once.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ingest/ingester.hpp"
#include "storage/subscription_repository.hpp"
#include "storage/user_repository.hpp"
#include "tests/fakes/fake_clock.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw {
namespace {

using ::testing::HasSubstr;
using Outcome = ingest::FileReport::Outcome;

class DbFaultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(parse::load_people_xml(test::read_data("people.xml"), members_));
    auto opened = storage::Database::open(path());
    ASSERT_TRUE(opened);
    db_.emplace(std::move(*opened));
    storage::UserRepository users(*db_);
    const auto id = *users.add_user("a@example.org", "", 1);
    ASSERT_TRUE(storage::SubscriptionRepository(*db_).add_for_user(id, "trafficking", 1));
    ingester_.emplace(*db_, members_, clock_, deliver::EmailSettings{});
    ASSERT_TRUE(ingester_->load_rules());
  }

  std::string path() const { return (dir_ / "pw.db").string(); }
  std::int64_t count(const std::string& sql) { return *db_->scalar(sql); }
  ingest::FileReport ingest() {
    return ingester_->ingest_file(test::data_path("answers2009-10-28c.xml"));
  }

  // Nothing of the failed file is stored and the database is sound.
  void expect_untouched() {
    auto check = db_->query("PRAGMA integrity_check");
    ASSERT_TRUE(check && *check->step());
    EXPECT_EQ(check->text(0), "ok");
    EXPECT_EQ(count("SELECT COUNT(*) FROM files"), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM items"), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM matches"), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 0);
  }

  // The file goes in once the fault is gone, with its one alert.
  void expect_ingested_after_recovery() {
    const auto r = ingest();
    ASSERT_EQ(r.outcome, Outcome::kIngested) << r.error.message;
    EXPECT_EQ(r.alerts, 1u);
    EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 1);
    EXPECT_EQ(ingest().outcome, Outcome::kUnchanged);
    EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 1);
  }

  test::TempDir dir_;
  parse::Members members_;
  test::FakeClock clock_;
  std::optional<storage::Database> db_;
  std::optional<ingest::Ingester> ingester_;
};

TEST_F(DbFaultsTest, AFullDiskFailsTheFileAndLosesNothing) {
  const auto pages = count("PRAGMA page_count");
  ASSERT_TRUE(db_->exec("PRAGMA max_page_count = " + std::to_string(pages + 8)));
  const auto r = ingest();
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_THAT(r.error.message, HasSubstr("full"));
  EXPECT_EQ(r.error.kind, ErrorKind::kTransient);  // the CLI exits 75: trying again may work
  expect_untouched();
  ASSERT_TRUE(db_->exec("PRAGMA max_page_count = 1073741823"));
  expect_ingested_after_recovery();
}

TEST_F(DbFaultsTest, AReadOnlyDatabaseFailsTheFileAndLosesNothing) {
  ASSERT_TRUE(db_->exec("PRAGMA query_only = 1"));
  const auto r = ingest();
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_THAT(r.error.message, HasSubstr("readonly"));
  ASSERT_TRUE(db_->exec("PRAGMA query_only = 0"));
  expect_untouched();
  expect_ingested_after_recovery();
}

TEST_F(DbFaultsTest, ADatabaseLockedByAnotherWriterFailsTheFileAfterWaiting) {
  auto other = storage::Database::open(path());
  ASSERT_TRUE(other);
  ASSERT_TRUE(other->exec("BEGIN IMMEDIATE"));
  const auto r = ingest();  // waits for the busy timeout, then gives up
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_THAT(r.error.message, HasSubstr("locked"));
  EXPECT_EQ(r.error.kind, ErrorKind::kTransient);
  ASSERT_TRUE(other->exec("ROLLBACK"));
  expect_untouched();
  expect_ingested_after_recovery();
}

}  // namespace
}  // namespace pw
