#include "ingest/rule_cache.hpp"

#include <algorithm>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/subscription_repository.hpp"
#include "storage/user_repository.hpp"

namespace pw::ingest {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

class RuleCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = storage::Database::open(":memory:");
    ASSERT_TRUE(opened);
    db_.emplace(std::move(*opened));
    user_ = *storage::UserRepository(*db_).add_user("a@example.org", "", 1);
  }

  std::int64_t add(const std::string& query) {
    return *storage::SubscriptionRepository(*db_).add_for_user(user_, query, 1);
  }

  std::optional<storage::Database> db_;
  std::int64_t user_ = 0;
};

TEST_F(RuleCacheTest, LoadsOnlyActiveRulesWithWhatAlertsNeed) {
  const auto on = add("trafficking");
  storage::SubscriptionRepository subs(*db_);
  const auto off = *subs.add(
      storage::NewSubscription{user_, "piracy", storage::Channel::kWebhook, true, false}, 1);
  const auto paused = add("slavery");
  ASSERT_TRUE(subs.set_suspended(paused, true, 2));
  ASSERT_TRUE(db_->exec("UPDATE rules SET frequency = 'daily', votes = 0 WHERE id = " +
                        std::to_string(on)));
  RuleCache cache;
  auto load = cache.load(*db_);
  ASSERT_TRUE(load);
  EXPECT_EQ(load->added, 1u);
  ASSERT_TRUE(cache.has(on));
  EXPECT_FALSE(cache.has(off));
  EXPECT_FALSE(cache.has(paused));
  const auto& r = cache.record(on);
  EXPECT_EQ(r.id, on);
  EXPECT_EQ(r.user_id, user_);
  EXPECT_EQ(r.query, "trafficking");
  EXPECT_EQ(r.channel, storage::Channel::kEmail);
  EXPECT_TRUE(r.daily);
  EXPECT_FALSE(r.votes);
}

// Highlight terms are worked out when a rule first matches, so they must
// follow a rule whose query changed after that.
TEST_F(RuleCacheTest, HighlightTermsFollowAChangedQuery) {
  const auto id = add("trafficking");
  RuleCache cache;
  ASSERT_TRUE(cache.load(*db_));
  EXPECT_THAT(cache.highlight(id), Contains(HasSubstr("traffick")));
  ASSERT_TRUE(db_->exec("UPDATE rules SET query = '\"criminal activity\"' WHERE id = " +
                        std::to_string(id)));
  auto reload = cache.load(*db_);
  ASSERT_TRUE(reload);
  EXPECT_EQ(reload->added, 1u);
  EXPECT_THAT(cache.highlight(id), Contains(HasSubstr("criminal")));
  EXPECT_THAT(cache.highlight(id), Not(Contains(HasSubstr("traffick"))));
}

// Rules with the same text are compiled once; each still matches, is
// removed, and changes on its own.
TEST_F(RuleCacheTest, RulesSharingATextMatchAndChangeOneByOne) {
  const auto a = add("trafficking");
  const auto b = add("trafficking");
  const auto bad = add("%%%");
  const auto c = add("trafficking");
  RuleCache cache;
  auto load = cache.load(*db_);
  ASSERT_TRUE(load);
  EXPECT_EQ(load->added, 3u);
  EXPECT_EQ(load->warnings.size(), 1u);
  EXPECT_FALSE(cache.has(bad));
  EXPECT_EQ(cache.rules().query_count(), 1u);
  Item item;
  item.kind = ItemKind::kSpeech;
  item.text = "Human trafficking is a crime.";
  const auto matched = [&] {
    std::vector<rules::RuleIds> found;
    cache.match(item, {Section::kDebates, "2009-10-28"}, found);
    std::vector<std::int64_t> ids;
    for (const auto group : found) ids.insert(ids.end(), group.begin(), group.end());
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  EXPECT_THAT(matched(), ::testing::ElementsAre(a, b, c));
  ASSERT_TRUE(db_->exec("UPDATE rules SET query = 'piracy' WHERE id = " + std::to_string(a)));
  ASSERT_TRUE(db_->exec("DELETE FROM rules WHERE id = " + std::to_string(c)));
  const auto d = add("trafficking");
  ASSERT_TRUE(cache.load(*db_));
  EXPECT_THAT(matched(), ::testing::ElementsAre(b, d));
  item.text = "Piracy off Somalia.";
  EXPECT_THAT(matched(), ::testing::ElementsAre(a));
  EXPECT_EQ(cache.record(d).query, "trafficking");
}

}  // namespace
}  // namespace pw::ingest
