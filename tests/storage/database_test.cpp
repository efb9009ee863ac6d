#include "storage/database.hpp"

#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "storage/migrations.hpp"
#include "storage/settings_repository.hpp"
#include "storage/source_repository.hpp"
#include "tests/fakes/old_database.hpp"
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
  EXPECT_EQ(*db->scalar("PRAGMA cache_size"), -Database::kDefaultCacheKiB);
  ASSERT_TRUE(db->set_cache_kib(Database::kLargeCacheKiB));
  EXPECT_EQ(*db->scalar("PRAGMA cache_size"), -Database::kLargeCacheKiB);
  EXPECT_EQ(*db->scalar("PRAGMA user_version"), kSchemaVersion);
}

TEST(Database, ANewFileHasLargerPagesAndAnOldOneKeepsItsOwn) {
  test::TempDir dir;
  auto fresh = Database::open((dir / "new.db").string());
  ASSERT_TRUE(fresh) << fresh.error().message;
  EXPECT_EQ(*fresh->scalar("PRAGMA page_size"), Database::kPageSize);
  const auto old_path = (dir / "old.db").string();
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(old_path.c_str(), &raw), SQLITE_OK);
  EXPECT_EQ(
      sqlite3_exec(raw, "PRAGMA page_size=4096; CREATE TABLE t (x)", nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(raw);
  auto old = Database::open(old_path);
  ASSERT_TRUE(old) << old.error().message;
  EXPECT_EQ(*old->scalar("PRAGMA page_size"), 4096);
  EXPECT_EQ(*old->scalar("PRAGMA user_version"), kSchemaVersion);
}

// A user's rows go with it (ON DELETE CASCADE); each table pointing at
// users must find them by index, or deleting one user (forgetting an
// address, expiring a sign-up) reads the whole outbox under the write lock.
TEST(Database, RowsPointingAtAUserAreFoundByIndex) {
  test::TempDir dir;
  auto db = Database::open((dir / "pw.db").string());
  ASSERT_TRUE(db) << db.error().message;
  for (const char* table : {"outbox", "rules"}) {
    auto plan =
        db->query(fmt::format("EXPLAIN QUERY PLAN DELETE FROM {} WHERE user_id = 1", table));
    ASSERT_TRUE(plan && *plan->step()) << table;
    EXPECT_THAT(plan->text(3), ::testing::HasSubstr("USING")) << table;
    EXPECT_THAT(plan->text(3), ::testing::HasSubstr("INDEX")) << table;
  }
}

TEST(Database, ANewFileIsItsOwnersOnly) {
  test::TempDir dir;
  const auto path = dir / "pw.db";
  ASSERT_TRUE(Database::open(path.string()));
  const auto perms = std::filesystem::status(path).permissions();
  EXPECT_EQ(perms & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

// Issue 17, 8: a damaged file is found before anything is written to it.
TEST(Database, QuickCheckFindsADamagedFile) {
  test::TempDir dir;
  const std::string path = (dir / "pw.db").string();
  {
    auto db = Database::open(path);
    ASSERT_TRUE(db);
    EXPECT_TRUE(db->check_integrity());
    ASSERT_TRUE(
        db->exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
                 " INSERT INTO persons (id, name) SELECT 'p' || i, printf('%0200d', i) FROM n;"
                 "PRAGMA wal_checkpoint(TRUNCATE);"));
  }
  const auto size = std::filesystem::file_size(path);
  ASSERT_GT(size, 20u * 4096u);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size - 8 * 4096));
    const std::string junk(4096, '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  auto db = Database::open(path);
  ASSERT_TRUE(db) << db.error().message;
  const auto checked = db->check_integrity();
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().kind, ErrorKind::kPermanent);
  EXPECT_THAT(checked.error().message, ::testing::HasSubstr("damaged"));
}

TEST(Database, AWriteProbeFailsWhileWritesFail) {
  test::TempDir dir;
  auto db = Database::open((dir / "pw.db").string());
  ASSERT_TRUE(db);
  EXPECT_TRUE(SettingsRepository(*db).probe_write(1));
  ASSERT_TRUE(db->exec("PRAGMA query_only = 1"));  // as a read-only or full disk refuses writes
  EXPECT_FALSE(SettingsRepository(*db).probe_write(2));
  ASSERT_TRUE(db->exec("PRAGMA query_only = 0"));
  EXPECT_TRUE(SettingsRepository(*db).probe_write(3));
  EXPECT_EQ(*db->scalar("SELECT value FROM settings WHERE key = 'write_probe'"), 3);
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

TEST(Transaction, ANestedOneIsASavepointThatFailsAloneAndCommitsWithTheOuter) {
  test::TempDir dir;
  auto db = Database::open((dir / "pw.db").string());
  ASSERT_TRUE(db);
  const auto add = [&](const char* email) {
    auto tx = Transaction::begin(*db);
    EXPECT_TRUE(tx);
    EXPECT_TRUE(db->run("INSERT INTO users (email, created_at) VALUES (?1, 1)", email));
    return tx;
  };
  {
    auto outer = Transaction::begin(*db);
    ASSERT_TRUE(outer);
    ASSERT_TRUE(add("kept@b.org")->commit());
    { auto dropped = add("dropped@b.org"); }
    auto read = Transaction::begin_read(*db);
    ASSERT_TRUE(read);
    EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM users"), 1);
    ASSERT_TRUE(read->commit());
    ASSERT_TRUE(outer->commit());
  }
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM users WHERE email = 'kept@b.org'"), 1);
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM users"), 1);
  {
    auto outer = Transaction::begin(*db);
    ASSERT_TRUE(add("undone@b.org")->commit());
  }
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM users"), 1) << "the outer rollback undoes it";
}

int prepared_statements(const Database& db) {
  int n = 0;
  for (auto* s = sqlite3_next_stmt(db.handle(), nullptr); s != nullptr;
       s = sqlite3_next_stmt(db.handle(), s)) {
    ++n;
  }
  return n;
}

// Issue 21: a statement run once per row is compiled once per connection.
TEST(Statement, ASecondPrepareOfTheSameTextReusesTheIdleStatement) {
  auto db = Database::open(":memory:");
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->exec("CREATE TABLE t (a INTEGER, b TEXT)"));
  const int before = prepared_statements(*db);
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(db->run("INSERT INTO t VALUES (?1, ?2)", i, "x"));
  EXPECT_EQ(prepared_statements(*db), before + 1);
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM t"), 100);
}

TEST(Statement, AReusedStatementStartsWithNoBindingsAndFromTheTop) {
  auto db = Database::open(":memory:");
  ASSERT_TRUE(db);
  ASSERT_TRUE(
      db->exec("CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'one');"
               "INSERT INTO t VALUES (2, 'two');"));
  const int before = prepared_statements(*db);
  {
    auto s = db->query("SELECT b FROM t WHERE a >= ?1 ORDER BY a", 1);
    ASSERT_TRUE(s && *s->step());  // left with a row unread
  }
  {
    auto s = db->prepare("SELECT b FROM t WHERE a >= ?1 ORDER BY a");
    ASSERT_TRUE(s);
    EXPECT_FALSE(*s->step()) << "a >= NULL: the old binding must be gone";
  }
  auto s = db->query("SELECT b FROM t WHERE a >= ?1 ORDER BY a", 1);
  ASSERT_TRUE(s && *s->step());
  EXPECT_EQ(s->text(0), "one");
  EXPECT_EQ(prepared_statements(*db), before + 1);
}

TEST(Statement, TwoStatementsOfOneTextCanBeOutAtOnce) {
  auto db = Database::open(":memory:");
  ASSERT_TRUE(db);
  ASSERT_TRUE(
      db->exec("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1); "
               "INSERT INTO t VALUES (2);"));
  const std::string sql = "SELECT a FROM t ORDER BY a";
  auto outer = db->prepare(sql);
  ASSERT_TRUE(outer && *outer->step());
  {
    auto inner = db->prepare(sql);
    ASSERT_TRUE(inner && *inner->step());
    EXPECT_EQ(inner->int64(0), 1);
  }
  ASSERT_TRUE(*outer->step());
  EXPECT_EQ(outer->int64(0), 2);
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

namespace pw::storage {
namespace {

TEST(Migration, Version3KeepsTheOutboxAndTheMatchesPointingAtIt) {
  test::TempDir dir;
  const auto path = (dir / "pw.db").string();
  ASSERT_NO_FATAL_FAILURE(test::write_old_database(
      path, 2,
      "INSERT INTO files VALUES (1, 'a.xml', 'wms', '2009-10-26', 'a', 1, 'h', 1, 1);"
      "INSERT INTO users (id, email, created_at) VALUES (1, 'a@example.org', 1);"
      "INSERT INTO rules VALUES (1, 1, 'x', 1);"
      "INSERT INTO items (id, key, gid, section, date, kind, headings, colnum, url, text,"
      " file_id, updated_at) VALUES (1, 'k', 'g', 'wms', '2009-10-26', 'speech', '[]', 1,"
      " 'u', 't', 1, 1);"
      "INSERT INTO outbox (id, user_id, channel, destination, file_id, subject, body, state,"
      " created_at, sent_at) VALUES (7, 1, 'email', 'a@example.org', 1, 's', 'b', 'sent', 5, 6);"
      "INSERT INTO outbox (id, user_id, channel, destination, file_id, created_at)"
      " VALUES (8, 1, 'email', 'a@example.org', 1, 9);"
      "INSERT INTO matches VALUES (1, 1, 1, 1, 7, 5);"));
  auto v3 = Database::open(path);
  ASSERT_TRUE(v3) << v3.error().message;
  EXPECT_EQ(*v3->scalar("PRAGMA user_version"), kSchemaVersion);
  EXPECT_EQ(*v3->scalar("SELECT outbox_id FROM matches WHERE rule_id = 1 AND item_id = 1"), 7);
  EXPECT_EQ(*v3->scalar("SELECT COUNT(*) FROM outbox WHERE state = 'sent' AND sent_at = 6"), 1);
  EXPECT_EQ(*v3->scalar("SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND attempts = 0"), 1);
  EXPECT_EQ(*v3->scalar("SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
  EXPECT_TRUE(v3->exec("UPDATE outbox SET state = 'dead' WHERE id = 8"));
  EXPECT_FALSE(v3->exec("UPDATE outbox SET state = 'lost' WHERE id = 8"));
  EXPECT_EQ(*v3->scalar("SELECT webhook_disabled_at FROM users WHERE id = 1"), 0);
}

}  // namespace
}  // namespace pw::storage

namespace pw::storage {
namespace {

TEST(Migration, Version9KeepsOutboxIdsAndNeverHandsOneOutAgain) {
  test::TempDir dir;
  const auto path = (dir / "pw.db").string();
  ASSERT_NO_FATAL_FAILURE(test::write_old_database(
      path, 8,
      "INSERT INTO users (id, email, created_at) VALUES (1, 'a@example.org', 1);"
      "INSERT INTO files (id, name, section, date, version, version_rank, sha256, items,"
      " ingested_at) VALUES (1, 'a.xml', 'wms', '2009-10-26', 'a', 1, 'h', 1, 1);"
      "INSERT INTO rules (id, user_id, query, created_at) VALUES (1, 1, 'x', 1);"
      "INSERT INTO items (id, key, gid, section, date, kind, headings, colnum, url, text,"
      " file_id, updated_at) VALUES (1, 'k', 'g', 'wms', '2009-10-26', 'speech', '[]', 1,"
      " 'u', 't', 1, 1);"
      "INSERT INTO outbox (id, user_id, channel, destination, file_id, subject, body, state,"
      " attempts, last_error, created_at) VALUES (7, 1, 'email', 'a@example.org', 1, 's',"
      " 'b', 'retry', 2, 'timeout', 5);"
      "INSERT INTO matches (id, rule_id, item_id, file_id, outbox_id, created_at)"
      " VALUES (1, 1, 1, 1, 7, 5);"));
  auto v9 = Database::open(path);
  ASSERT_TRUE(v9) << v9.error().message;
  EXPECT_EQ(*v9->scalar("SELECT outbox_id FROM matches WHERE rule_id = 1 AND item_id = 1"), 7);
  EXPECT_EQ(*v9->scalar("SELECT COUNT(*) FROM outbox WHERE id = 7 AND state = 'retry'"
                        " AND attempts = 2 AND last_error = 'timeout'"),
            1);
  ASSERT_TRUE(v9->exec("DELETE FROM matches; DELETE FROM outbox"));
  ASSERT_TRUE(
      v9->run("INSERT INTO outbox (user_id, channel, destination, created_at)"
              " VALUES (1, 'email', 'a@example.org', 9)"));
  EXPECT_EQ(v9->last_insert_id(), 8);
}

}  // namespace
}  // namespace pw::storage

namespace pw::storage {
namespace {

TEST(Migration, Version10KeysMatchesByRuleAndItemAndKeepsEveryRow) {
  test::TempDir dir;
  const auto path = (dir / "pw.db").string();
  ASSERT_NO_FATAL_FAILURE(test::write_old_database(
      path, 9,
      "INSERT INTO users (id, email, created_at) VALUES (1, 'a@example.org', 1);"
      "INSERT INTO files (id, name, section, date, version, version_rank, sha256, items,"
      " ingested_at) VALUES (1, 'a.xml', 'wms', '2009-10-26', 'a', 1, 'h', 2, 1);"
      "INSERT INTO rules (id, user_id, query, created_at) VALUES (1, 1, 'x', 1), (2, 1, 'y', 1);"
      "INSERT INTO items (id, key, gid, section, date, kind, headings, colnum, url, text,"
      " file_id, updated_at) VALUES (1, 'k1', 'g1', 'wms', '2009-10-26', 'speech', '[]', 1,"
      " 'u', 't', 1, 1), (2, 'k2', 'g2', 'wms', '2009-10-26', 'speech', '[]', 1, 'u', 't', 1, 1);"
      "INSERT INTO outbox (id, user_id, channel, destination, file_id, created_at)"
      " VALUES (7, 1, 'email', 'a@example.org', 1, 5);"
      "INSERT INTO matches (id, rule_id, item_id, file_id, outbox_id, created_at, digest_pending)"
      " VALUES (1, 1, 1, 1, 7, 5, 0), (2, 2, 1, 1, NULL, 5, 1), (3, 2, 2, 1, NULL, 6, 1);"));
  auto v10 = Database::open_at(path, 10);
  ASSERT_TRUE(v10) << v10.error().message;
  EXPECT_EQ(*v10->scalar("PRAGMA user_version"), 10);
  EXPECT_EQ(*v10->scalar("SELECT COUNT(*) FROM matches"), 3);
  EXPECT_EQ(*v10->scalar("SELECT outbox_id FROM matches WHERE rule_id = 1 AND item_id = 1"), 7);
  EXPECT_EQ(*v10->scalar("SELECT COUNT(*) FROM matches WHERE digest_pending = 1 AND rule_id = 2"),
            2);
  EXPECT_EQ(*v10->scalar("SELECT created_at FROM matches WHERE rule_id = 2 AND item_id = 2"), 6);
  EXPECT_FALSE(v10->exec("SELECT rowid FROM matches"));  // keyed by (rule, item) alone
  EXPECT_FALSE(
      v10->run("INSERT INTO matches (rule_id, item_id, file_id, created_at)"
               " VALUES (1, 1, 1, 9)"));
  EXPECT_FALSE(
      v10->run("INSERT INTO matches (rule_id, item_id, file_id, created_at)"
               " VALUES (9, 1, 1, 9)"));  // no such rule
  ASSERT_TRUE(v10->run("DELETE FROM users WHERE id = 1"));
  EXPECT_EQ(*v10->scalar("SELECT COUNT(*) FROM matches"), 0);
  EXPECT_EQ(*v10->scalar("SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
}

// matches loses its foreign keys (each insert looked up its rule, item and
// file: more than the insert itself); its rows go with their rule, and so
// with their user, by a trigger instead.
TEST(Migration, Version13KeepsMatchesAndTheirRulesStillTakeThemAlong) {
  test::TempDir dir;
  const auto path = (dir / "pw.db").string();
  ASSERT_NO_FATAL_FAILURE(test::write_old_database(
      path, 12,
      "INSERT INTO users (id, email, created_at) VALUES (1, 'a@example.org', 1),"
      " (2, 'b@example.org', 1);"
      "INSERT INTO files (id, name, section, date, version, version_rank, sha256, items,"
      " ingested_at) VALUES (1, 'a.xml', 'wms', '2009-10-26', 'a', 1, 'h', 2, 1);"
      "INSERT INTO rules (id, user_id, query, created_at) VALUES (1, 1, 'x', 1), (2, 1, 'y', 1),"
      " (3, 2, 'z', 1);"
      "INSERT INTO items (id, key, gid, section, date, kind, headings, colnum, url, text,"
      " file_id, updated_at) VALUES (1, 'k1', 'g1', 'wms', '2009-10-26', 'speech', '[]', 1,"
      " 'u', 't', 1, 1), (2, 'k2', 'g2', 'wms', '2009-10-26', 'speech', '[]', 1, 'u', 't', 1, 1);"
      "INSERT INTO matches (rule_id, item_id, file_id, outbox_id, created_at, digest_pending)"
      " VALUES (1, 1, 1, 7, 5, 0), (2, 1, 1, NULL, 5, 1), (2, 2, 1, NULL, 6, 1),"
      " (3, 2, 1, 8, 6, 0);"));
  auto db = Database::open_at(path, 13);
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ(*db->scalar("PRAGMA user_version"), 13);
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM matches"), 4);
  EXPECT_EQ(*db->scalar("SELECT outbox_id FROM matches WHERE rule_id = 3 AND item_id = 2"), 8);
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM pragma_foreign_key_list('matches')"), 0);
  EXPECT_FALSE(
      db->run("INSERT INTO matches (rule_id, item_id, file_id, created_at) VALUES (1, 1, 1, 9)"));
  ASSERT_TRUE(db->run("DELETE FROM rules WHERE id = 3"));
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM matches WHERE rule_id = 3"), 0);
  ASSERT_TRUE(db->run("DELETE FROM users WHERE id = 1"));  // its rules, then their matches
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM matches"), 0);
  auto plan = db->query("EXPLAIN QUERY PLAN DELETE FROM matches WHERE rule_id = 1");
  ASSERT_TRUE(plan && *plan->step());
  EXPECT_THAT(plan->text(3), ::testing::HasSubstr("PRIMARY KEY"));
}

// Version 14 counts the updates and deletions of rules in a table of one
// row, kept by triggers, so a daemon knows when to reload without reading a
// million rules (an insert raises the highest id instead).
TEST(Migration, Version14CountsEveryChangeOfRules) {
  test::TempDir dir;
  const auto path = (dir / "pw.db").string();
  ASSERT_NO_FATAL_FAILURE(test::write_old_database(
      path, 13,
      "INSERT INTO users (id, email, created_at) VALUES (1, 'a@example.org', 1);"
      "INSERT INTO rules (id, user_id, query, created_at) VALUES (1, 1, 'x', 1), (2, 1, 'y', 1);"));
  auto db = Database::open(path);
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ(*db->scalar("PRAGMA user_version"), kSchemaVersion);
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM rules"), 2);
  const auto count = [&db] { return *db->scalar("SELECT count FROM rules_changes"); };
  EXPECT_EQ(count(), 0);
  ASSERT_TRUE(db->run("INSERT INTO rules (user_id, query, created_at) VALUES (1, 'z', 2)"));
  EXPECT_EQ(count(), 0);
  ASSERT_TRUE(db->run("UPDATE rules SET confirmed_at = 3 WHERE id <= 2"));
  EXPECT_EQ(count(), 2);
  ASSERT_TRUE(db->run("UPDATE rules SET link_key = 'k'"));
  EXPECT_EQ(count(), 2);
  ASSERT_TRUE(db->run("DELETE FROM users WHERE id = 1"));  // its three rules
  EXPECT_EQ(count(), 5);
  EXPECT_FALSE(db->run("INSERT INTO rules_changes (id, count) VALUES (2, 0)"));
}

// Version 15 keeps one snapshot of the compiled rules, under the rules'
// fingerprint it was made at (RuleSnapshotRepository).
TEST(Migration, Version15KeepsOneRuleSnapshot) {
  test::TempDir dir;
  const auto path = (dir / "pw.db").string();
  ASSERT_NO_FATAL_FAILURE(test::write_old_database(path, 14, ""));
  auto db = Database::open(path);
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM rules_snapshot"), 0);
  ASSERT_TRUE(
      db->run("INSERT INTO rules_snapshot (id, fingerprint, bytes) VALUES (1, '0/0', x'00')"));
  EXPECT_FALSE(
      db->run("INSERT INTO rules_snapshot (id, fingerprint, bytes) VALUES (2, '0/0', x'00')"));
}

// Version 16 rewrites the outbox's state check in place (no rebuild): the
// rows stay, the same states are allowed, and others still refused.
TEST(Migration, Version16ChecksStatesWithoutRebuildingTheOutbox) {
  test::TempDir dir;
  const auto path = (dir / "pw.db").string();
  ASSERT_NO_FATAL_FAILURE(test::write_old_database(
      path, 15,
      "INSERT INTO users (id, email, created_at) VALUES (1, 'a@example.org', 1);"
      "INSERT INTO outbox (id, user_id, channel, destination, body, state, created_at)"
      " VALUES (1, 1, 'email', 'a@example.org', 'x', 'sent', 1),"
      " (2, 1, 'email', 'a@example.org', 'y', 'retry', 1);"));
  const auto root_page = [&path] {
    auto old = Database::open_at(path, 15);
    EXPECT_TRUE(old);
    return *old->scalar("SELECT rootpage FROM sqlite_schema WHERE name = 'outbox'");
  }();
  auto db = Database::open(path);
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ(*db->scalar("PRAGMA user_version"), kSchemaVersion);
  EXPECT_EQ(*db->scalar("SELECT rootpage FROM sqlite_schema WHERE name = 'outbox'"), root_page);
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM outbox WHERE state IN ('sent', 'retry')"), 2);
  auto text = db->query("SELECT sql FROM sqlite_schema WHERE name = 'outbox'");
  ASSERT_TRUE(text && *text->step());
  EXPECT_THAT(text->text(0), ::testing::Not(::testing::HasSubstr("state IN")));
  for (const char* state : {"pending", "sending", "sent", "retry", "dead"}) {
    EXPECT_TRUE(db->run("UPDATE outbox SET state = ?1 WHERE id = 1", state)) << state;
  }
  EXPECT_FALSE(db->run("UPDATE outbox SET state = 'lost' WHERE id = 1"));
  EXPECT_FALSE(
      db->run("INSERT INTO outbox (user_id, channel, destination, state, created_at)"
              " VALUES (1, 'email', 'a@example.org', 'Pending', 1)"));
  EXPECT_EQ(
      *db->scalar("SELECT COUNT(*) FROM pragma_integrity_check WHERE integrity_check != 'ok'"), 0);
}

// Version 17 keys matches by (item, rule): an ingest's new matches are of
// its new items, so they go at the end of the table, where keyed by rule
// first they went all over it, and the index by item is gone. A deleted
// rule takes its held matches along; the ones already sent stay, naming a
// rule id that is never given out again, and the rule, if it was ever
// confirmed (so could match), is noted as its user's in rules_removed.
TEST(Migration, Version17KeysMatchesByItemAndKeepsEveryRow) {
  test::TempDir dir;
  const auto path = (dir / "pw.db").string();
  ASSERT_NO_FATAL_FAILURE(test::write_old_database(
      path, 16,
      "INSERT INTO users (id, email, created_at) VALUES (1, 'a@example.org', 1),"
      " (2, 'b@example.org', 1);"
      "INSERT INTO rules (id, user_id, query, created_at, confirmed_at) VALUES (1, 1, 'x', 1, 1),"
      " (2, 1, 'y', 1, 1), (3, 2, 'z', 1, 1), (4, 1, 'never confirmed', 1, NULL);"
      "INSERT INTO matches (rule_id, item_id, file_id, outbox_id, created_at, digest_pending)"
      " VALUES (1, 1, 1, 7, 5, 0), (2, 1, 1, NULL, 5, 1), (2, 2, 1, NULL, 6, 1),"
      " (3, 2, 1, 8, 6, 0);"));
  auto db = Database::open(path);
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ(*db->scalar("PRAGMA user_version"), kSchemaVersion);
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM matches"), 4);
  EXPECT_EQ(*db->scalar("SELECT outbox_id FROM matches WHERE item_id = 2 AND rule_id = 3"), 8);
  EXPECT_EQ(*db->scalar("SELECT created_at FROM matches WHERE item_id = 2 AND rule_id = 2"), 6);
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM sqlite_schema WHERE tbl_name = 'matches'"), 2);
  EXPECT_FALSE(
      db->run("INSERT INTO matches (rule_id, item_id, file_id, created_at) VALUES (1, 1, 1, 9)"));
  const auto plan = [&db](const char* sql) {
    auto p = db->query(std::string("EXPLAIN QUERY PLAN ") + sql);
    return p && *p->step() ? p->text(3) : std::string();
  };
  EXPECT_THAT(plan("SELECT rule_id FROM matches WHERE item_id = 1 ORDER BY rule_id"),
              ::testing::HasSubstr("PRIMARY KEY"));
  EXPECT_THAT(plan("DELETE FROM matches WHERE rule_id = 2 AND digest_pending = 1"),
              ::testing::HasSubstr("matches_digest"));
  ASSERT_TRUE(db->run("DELETE FROM rules WHERE id = 2"));  // its two held matches go
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM matches WHERE rule_id = 2"), 0);
  ASSERT_TRUE(db->run("DELETE FROM users WHERE id = 1"));  // rule 1's sent match stays
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM matches"), 2);
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM rules_removed WHERE user_id = 1 AND rule_id <= 2"),
            2);  // for forgetting the user (UserRepository::remove_user)
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM rules_removed"), 2);  // 4 never matched
  ASSERT_TRUE(db->run("INSERT INTO rules (user_id, query, created_at) VALUES (2, 'x', 2)"));
  EXPECT_EQ(*db->scalar("SELECT MAX(id) FROM rules"), 5);  // 1, 2 and 4 are never given out again
}

}  // namespace
}  // namespace pw::storage
