#include "storage/rule_snapshot_repository.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace pw::storage {
namespace {

using ::testing::HasSubstr;

class RuleSnapshotRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::open(":memory:");
    ASSERT_TRUE(opened);
    db_.emplace(std::move(*opened));
  }

  Status save(const std::string& fingerprint, const std::string& bytes, std::uint64_t size) {
    return RuleSnapshotRepository(*db_).save(fingerprint, size, [&](ByteSink& sink) {
      return sink.write({bytes.data(), bytes.size()});
    });
  }

  std::optional<std::string> read(const std::string& fingerprint) {
    auto source = RuleSnapshotRepository(*db_).open(fingerprint);
    EXPECT_TRUE(source);
    if (!*source) return std::nullopt;
    std::string out((*source)->remaining(), '\0');
    EXPECT_TRUE((*source)->read({out.data(), out.size()}));
    EXPECT_EQ((*source)->remaining(), 0u);
    EXPECT_FALSE((*source)->read({out.data(), 1}));
    return out;
  }

  std::optional<Database> db_;
};

// Written in pieces larger and smaller than the chunk it gathers, and read
// back whole, under its fingerprint only.
TEST_F(RuleSnapshotRepositoryTest, KeepsOneSnapshotUnderItsFingerprint) {
  std::string big(3 * 1024 * 1024 + 17, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 31 % 251);
  ASSERT_TRUE(save("1/10", big, big.size()));
  EXPECT_EQ(read("1/10"), big);
  EXPECT_EQ(read("1/11"), std::nullopt);
  ASSERT_TRUE(save("2/10", "small", 5));
  EXPECT_EQ(read("2/10"), "small");
  EXPECT_EQ(read("1/10"), std::nullopt);
  EXPECT_TRUE(*RuleSnapshotRepository(*db_).stored());
  ASSERT_TRUE(RuleSnapshotRepository(*db_).clear());
  EXPECT_FALSE(*RuleSnapshotRepository(*db_).stored());
}

// A writer that writes more or fewer bytes than it said saves nothing, and
// the snapshot before stays.
TEST_F(RuleSnapshotRepositoryTest, AWrongSizeSavesNothing) {
  ASSERT_TRUE(save("1/1", "before", 6));
  auto longer = save("2/2", "too long", 3);
  ASSERT_FALSE(longer);
  EXPECT_THAT(longer.error().message, HasSubstr("came out long"));
  auto shorter = save("2/2", "ab", 3);
  ASSERT_FALSE(shorter);
  EXPECT_THAT(shorter.error().message, HasSubstr("came out short"));
  EXPECT_EQ(read("1/1"), "before");
  EXPECT_EQ(read("2/2"), std::nullopt);
}

TEST_F(RuleSnapshotRepositoryTest, MoreThanSqliteHoldsIsRefusedBeforeWriting) {
  sqlite3_limit(db_->handle(), SQLITE_LIMIT_LENGTH, 1000);
  bool wrote = false;
  auto saved = RuleSnapshotRepository(*db_).save("1/1", 2000, [&](ByteSink&) {
    wrote = true;
    return Status();
  });
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().kind, ErrorKind::kTransient);
  EXPECT_THAT(saved.error().message, HasSubstr("larger than SQLite's limit"));
  EXPECT_FALSE(wrote);
}

}  // namespace
}  // namespace pw::storage
