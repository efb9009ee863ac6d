#include "storage/item_repository.hpp"

#include <gtest/gtest.h>

#include "core/gid.hpp"
#include "storage/file_repository.hpp"
#include "storage/match_repository.hpp"
#include "storage/subscription_repository.hpp"
#include "storage/user_repository.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw::storage {
namespace {

Item make_item(const std::string& gid, const std::string& text) {
  Item i;
  i.gid = gid;
  i.key = gid_key(gid);
  i.text = text;
  i.url = "http://example.invalid/";
  return i;
}

Redirect make_redirect(const std::string& from, const std::string& to) {
  return Redirect{from, to, gid_key(from), gid_key(to), "changes"};
}

class ItemRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::open((dir_ / "pw.db").string());
    ASSERT_TRUE(opened);
    db_.emplace(std::move(*opened));
    auto file = FileRepository(*db_).insert(
        FileRecord{0, "wms.xml", "wms", "2009-10-26", "b", 2, "abc", 0, 1});
    ASSERT_TRUE(file);
    origin_ = ItemOrigin{Section::kWms, "2009-10-26", *file, 100};
  }

  std::int64_t count(const std::string& sql) { return *db_->scalar(sql); }

  test::TempDir dir_;
  std::optional<Database> db_;
  ItemOrigin origin_;
};

TEST_F(ItemRepositoryTest, UpsertTellsNewUpdatedAndUnchangedApart) {
  ItemRepository items(*db_);
  auto first = items.upsert(make_item("uk.org.publicwhip/wms/2009-10-26b.1WS.2", "old"), origin_);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->state, UpsertState::kNew);
  auto same = items.upsert(make_item("uk.org.publicwhip/wms/2009-10-26c.1WS.2", "old"), origin_);
  ASSERT_TRUE(same);
  EXPECT_EQ(same->id, first->id);
  EXPECT_EQ(same->state, UpsertState::kUnchanged);
  auto changed = items.upsert(make_item("uk.org.publicwhip/wms/2009-10-26d.1WS.2", "new"), origin_);
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->id, first->id);
  EXPECT_EQ(changed->state, UpsertState::kUpdated);
  EXPECT_EQ(count("SELECT COUNT(*) FROM items"), 1);
}

TEST_F(ItemRepositoryTest, RedirectRenamesAnItemToItsNewKey) {
  ItemRepository items(*db_);
  auto old = items.upsert(make_item("uk.org.publicwhip/wms/2009-10-26b.1WS.2", "text"), origin_);
  ASSERT_TRUE(old);
  ASSERT_TRUE(items.apply_redirect(make_redirect("uk.org.publicwhip/wms/2009-10-26b.1WS.2",
                                                 "uk.org.publicwhip/wms/2009-10-26c.2WS.9")));
  auto moved = items.upsert(make_item("uk.org.publicwhip/wms/2009-10-26c.2WS.9", "text"), origin_);
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->id, old->id);
  EXPECT_EQ(moved->state, UpsertState::kUnchanged);
}

TEST_F(ItemRepositoryTest, RedirectChainsAreFollowed) {
  ItemRepository items(*db_);
  ASSERT_TRUE(items.apply_redirect(make_redirect("uk.org.publicwhip/wms/2009-10-26a.1WS.1",
                                                 "uk.org.publicwhip/wms/2009-10-26b.1WS.2")));
  ASSERT_TRUE(items.apply_redirect(make_redirect("uk.org.publicwhip/wms/2009-10-26b.1WS.2",
                                                 "uk.org.publicwhip/wms/2009-10-26c.1WS.3")));
  EXPECT_EQ(*items.resolve_key("uk.org.publicwhip/wms/2009-10-26.1WS.1"),
            "uk.org.publicwhip/wms/2009-10-26.1WS.3");
}

TEST_F(ItemRepositoryTest, RedirectMergesIntoAnExistingItemKeepingOneMatchPerRule) {
  ItemRepository items(*db_);
  UserRepository users(*db_);
  MatchRepository matches(*db_);
  const auto user = *users.add_user("a@b.org", "", 1);
  const auto rule1 = *storage::SubscriptionRepository(*db_).add_for_user(user, "x", 1);
  const auto rule2 = *storage::SubscriptionRepository(*db_).add_for_user(user, "y", 1);
  const auto a = *items.upsert(make_item("uk.org.publicwhip/wms/2009-10-26b.1WS.2", "a"), origin_);
  const auto b = *items.upsert(make_item("uk.org.publicwhip/wms/2009-10-26c.1WS.5", "b"), origin_);
  ASSERT_TRUE(*matches.insert_if_new(rule1, a.id, origin_.file_id, 1));
  ASSERT_TRUE(*matches.insert_if_new(rule2, a.id, origin_.file_id, 1));
  ASSERT_TRUE(*matches.insert_if_new(rule1, b.id, origin_.file_id, 1));
  ASSERT_TRUE(items.apply_redirect(make_redirect("uk.org.publicwhip/wms/2009-10-26b.1WS.2",
                                                 "uk.org.publicwhip/wms/2009-10-26c.1WS.5")));
  EXPECT_EQ(count("SELECT COUNT(*) FROM items"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM matches"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM matches WHERE item_id = " + std::to_string(b.id)), 2);
  EXPECT_FALSE(*matches.insert_if_new(rule2, b.id, origin_.file_id, 2));
}

TEST_F(ItemRepositoryTest, DivisionVotesAreStoredAndReplaced) {
  ItemRepository items(*db_);
  Item d = make_item("uk.org.publicwhip/debate/2009-10-27d.195.2", "Division No. 231");
  d.kind = ItemKind::kDivision;
  d.division = Division{
      231,
      {{"ayes", 1}},
      {Vote{"m/1", "p/1", "A", "aye", false, "p/9"}, Vote{"m/2", "", "B", "no", true, ""}}};
  ASSERT_TRUE(items.upsert(d, origin_));
  EXPECT_EQ(count("SELECT COUNT(*) FROM votes"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM votes WHERE proxy = 'p/9' AND person_id = 'p/1'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM votes WHERE teller = 1 AND person_id IS NULL"), 1);
  d.text = "Division No. 231 (corrected)";
  d.division->votes.pop_back();
  ASSERT_TRUE(items.upsert(d, origin_));
  EXPECT_EQ(count("SELECT COUNT(*) FROM votes"), 1);
}

}  // namespace
}  // namespace pw::storage
