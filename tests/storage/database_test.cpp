#include "storage/database.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/migrations.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw::storage {
namespace {

TEST(Database, OpensWithWalFullSyncForeignKeysAndCurrentSchema) {
  test::TempDir dir;
  auto db = Database::open((dir / "sub/dir/pw.db").string());
  ASSERT_TRUE(db) << db.error().message;
  auto mode = db->query("PRAGMA journal_mode");
  ASSERT_TRUE(mode && *mode->step());
  EXPECT_EQ(mode->text(0), "wal");
  EXPECT_EQ(*db->scalar("PRAGMA synchronous"), 2);  // FULL
  EXPECT_EQ(*db->scalar("PRAGMA foreign_keys"), 1);
  EXPECT_EQ(*db->scalar("PRAGMA user_version"), kSchemaVersion);
}

TEST(Database, ReopeningKeepsDataAndDoesNotMigrateAgain) {
  test::TempDir dir;
  const std::string path = (dir / "pw.db").string();
  {
    auto db = Database::open(path);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->run("INSERT INTO users (email, created_at) VALUES ('a@b.org', 1)"));
  }
  auto db = Database::open(path);
  ASSERT_TRUE(db);
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM users"), 1);
}

TEST(Database, RefusesASchemaNewerThanTheBinary) {
  test::TempDir dir;
  const std::string path = (dir / "pw.db").string();
  {
    auto db = Database::open(path);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->exec("PRAGMA user_version = 99"));
  }
  auto db = Database::open(path);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().kind, ErrorKind::kPermanent);
  EXPECT_THAT(db.error().message, ::testing::HasSubstr("schema version 99 is newer"));
}

TEST(Database, NotADatabaseIsAnError) {
  test::TempDir dir;
  test::write_file(dir / "junk.db", std::string(4096, 'x'));
  EXPECT_FALSE(Database::open((dir / "junk.db").string()));
}

TEST(Transaction, RollsBackUnlessCommitted) {
  test::TempDir dir;
  auto db = Database::open((dir / "pw.db").string());
  ASSERT_TRUE(db);
  {
    auto tx = Transaction::begin(*db);
    ASSERT_TRUE(tx);
    ASSERT_TRUE(db->run("INSERT INTO users (email, created_at) VALUES ('a@b.org', 1)"));
  }
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM users"), 0);
  {
    auto tx = Transaction::begin(*db);
    ASSERT_TRUE(tx);
    ASSERT_TRUE(db->run("INSERT INTO users (email, created_at) VALUES ('a@b.org', 1)"));
    ASSERT_TRUE(tx->commit());
  }
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM users"), 1);
}

TEST(Statement, ConstraintViolationsArePermanentErrors) {
  test::TempDir dir;
  auto db = Database::open((dir / "pw.db").string());
  ASSERT_TRUE(db);
  auto bad = db->run("INSERT INTO rules (user_id, query, created_at) VALUES (42, 'x', 1)");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::kPermanent);
  EXPECT_THAT(bad.error().message, ::testing::HasSubstr("FOREIGN KEY"));
}

}  // namespace
}  // namespace pw::storage
