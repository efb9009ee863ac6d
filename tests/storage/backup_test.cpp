#include "storage/backup.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "storage/user_repository.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw::storage {
namespace {

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::open((dir_ / "live.db").string());
    ASSERT_TRUE(opened);
    db_.emplace(std::move(*opened));
    UserRepository users(*db_);
    ASSERT_TRUE(users.add_user("a@example.org", "", 1));
    ASSERT_TRUE(users.add_user("b@example.org", "", 1));
  }

  test::TempDir dir_;
  std::optional<Database> db_;
};

TEST_F(BackupTest, CopiesWhatIsCommittedWhileAnotherConnectionWrites) {
  auto writer = Database::open((dir_ / "live.db").string());
  ASSERT_TRUE(writer);
  ASSERT_TRUE(writer->exec("BEGIN IMMEDIATE"));
  ASSERT_TRUE(UserRepository(*writer).add_user("uncommitted@example.org", "", 2));
  const auto copy = (dir_ / "copy.db").string();
  ASSERT_TRUE(backup_database(*db_, copy));  // the writer's lock does not block a WAL reader
  ASSERT_TRUE(writer->exec("COMMIT"));
  auto restored = Database::open(copy);
  ASSERT_TRUE(restored);
  EXPECT_EQ(*restored->scalar("SELECT COUNT(*) FROM users"), 2);
  EXPECT_EQ(*restored->scalar("PRAGMA user_version"), *db_->scalar("PRAGMA user_version"));
  EXPECT_TRUE(restored->check_integrity());
  EXPECT_FALSE(std::filesystem::exists(copy + ".tmp"));
  const auto mode = std::filesystem::status(copy).permissions();
  EXPECT_EQ(mode & std::filesystem::perms::others_read, std::filesystem::perms::none);
}

TEST_F(BackupTest, ReplacesAnOldCopyAndFailsWithoutAPartialFile) {
  const auto copy = (dir_ / "copy.db").string();
  std::ofstream(copy) << "an older backup";
  ASSERT_TRUE(backup_database(*db_, copy));
  EXPECT_EQ(*Database::open(copy)->scalar("SELECT COUNT(*) FROM users"), 2);
  const auto nowhere = (dir_ / "no-such-folder" / "copy.db").string();
  EXPECT_FALSE(backup_database(*db_, nowhere));
  EXPECT_FALSE(std::filesystem::exists(nowhere));
}

}  // namespace
}  // namespace pw::storage
