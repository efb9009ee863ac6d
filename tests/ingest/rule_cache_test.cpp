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

// The ids of the rules `cache` matches in a speech saying `text`, sorted.
std::vector<std::int64_t> matched(RuleCache& cache, const std::string& text) {
  Item item;
  item.kind = ItemKind::kSpeech;
  item.text = text;
  std::vector<rules::RuleIds> found;
  cache.match(item, {Section::kDebates, "2009-10-28"}, found);
  std::vector<std::int64_t> ids;
  for (const auto group : found) ids.insert(ids.end(), group.begin(), group.end());
  std::sort(ids.begin(), ids.end());
  return ids;
}

// Highlight terms are worked out when a rule first matches, so they must
// follow a rule whose query changed after that.
TEST_F(RuleCacheTest, HighlightTermsFollowAChangedQuery) {
  const auto id = add("trafficking");
  RuleCache cache;
  ASSERT_TRUE(cache.load(*db_));
  EXPECT_THAT(cache.shown(id).highlight, Contains(HasSubstr("traffick")));
  ASSERT_TRUE(db_->exec("UPDATE rules SET query = '\"criminal activity\"' WHERE id = " +
                        std::to_string(id)));
  auto reload = cache.load(*db_);
  ASSERT_TRUE(reload);
  EXPECT_EQ(reload->added, 1u);
  EXPECT_THAT(cache.shown(id).highlight, Contains(HasSubstr("criminal")));
  EXPECT_THAT(cache.shown(id).highlight, Not(Contains(HasSubstr("traffick"))));
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
  EXPECT_THAT(matched(cache, "Human trafficking is a crime."), ::testing::ElementsAre(a, b, c));
  ASSERT_TRUE(db_->exec("UPDATE rules SET query = 'piracy' WHERE id = " + std::to_string(a)));
  ASSERT_TRUE(db_->exec("DELETE FROM rules WHERE id = " + std::to_string(c)));
  const auto d = add("trafficking");
  ASSERT_TRUE(cache.load(*db_));
  EXPECT_THAT(matched(cache, "Human trafficking is a crime."), ::testing::ElementsAre(b, d));
  EXPECT_THAT(matched(cache, "Piracy off Somalia."), ::testing::ElementsAre(a));
  EXPECT_EQ(cache.record(d).query, "trafficking");
}

Result<RuleLoad> load_anew(storage::Database& db, std::size_t min_rules = 0) {
  RuleCache cache;
  cache.set_snapshot_min_rules(min_rules);
  return cache.load(db);
}

std::int64_t snapshots(storage::Database& db) {
  return *db.scalar("SELECT COUNT(*) FROM rules_snapshot");
}

// A process that starts after another loaded the same rules reads what that
// one compiled, and matches and alerts exactly as it would have.
TEST_F(RuleCacheTest, ALaterCacheReadsTheRulesSnapshot) {
  const auto a = add("trafficking");
  const auto b = add("trafficking");
  const auto bad = add("%%%");  // skipped, with a warning, whether compiled or read
  const auto c = add("\"organised crime\" NEAR/5 police");
  ASSERT_TRUE(
      db_->exec("UPDATE rules SET frequency = 'daily', votes = 0 WHERE id = " + std::to_string(b)));
  RuleCache first;
  first.set_snapshot_min_rules(3);
  auto compiled = first.load(*db_);
  ASSERT_TRUE(compiled);
  EXPECT_FALSE(compiled->from_snapshot);
  EXPECT_TRUE(compiled->snapshot_notes.empty());
  ASSERT_EQ(compiled->warnings.size(), 1u);
  EXPECT_THAT(compiled->warnings[0], HasSubstr("rule " + std::to_string(bad) + " skipped"));
  EXPECT_EQ(snapshots(*db_), 1);

  RuleCache second;
  auto read = second.load(*db_);
  ASSERT_TRUE(read);
  EXPECT_TRUE(read->from_snapshot);
  EXPECT_TRUE(read->snapshot_notes.empty());
  EXPECT_EQ(read->warnings, compiled->warnings);
  EXPECT_FALSE(second.has(bad));
  EXPECT_EQ(read->added, 3u);
  EXPECT_EQ(second.rules().size(), 3u);
  EXPECT_EQ(second.rules().query_count(), 2u);
  const std::string text = "Human trafficking by organised crime, say the police.";
  EXPECT_THAT(matched(second, text), ::testing::ElementsAre(a, b, c));
  EXPECT_EQ(matched(second, text), matched(first, text));
  const auto rb = second.record(b);
  EXPECT_EQ(rb.query, "trafficking");
  EXPECT_EQ(rb.user_id, user_);
  EXPECT_TRUE(rb.daily);
  EXPECT_FALSE(rb.votes);
  EXPECT_THAT(second.shown(c).highlight, Contains(HasSubstr("polic")));

  // Later changes are loaded on top, as after compiling.
  ASSERT_TRUE(db_->exec("DELETE FROM rules WHERE id = " + std::to_string(a)));
  const auto d = add("piracy");
  auto changed = second.load(*db_);
  ASSERT_TRUE(changed);
  EXPECT_FALSE(changed->from_snapshot);
  EXPECT_EQ(changed->added, 1u);
  EXPECT_EQ(changed->removed, 1u);
  EXPECT_THAT(matched(second, text + " Piracy."), ::testing::ElementsAre(b, c, d));
}

// The snapshot belongs to the rules as they were: after any change a new
// process compiles them again (and saves them anew), never reading rules
// that have gone or missing new ones.
TEST_F(RuleCacheTest, AChangeOfTheRulesRetiresTheirSnapshot) {
  const auto a = add("trafficking");
  ASSERT_TRUE(load_anew(*db_));
  storage::SubscriptionRepository subs(*db_);
  ASSERT_TRUE(subs.set_suspended(a, true, 5));
  auto paused = load_anew(*db_);
  ASSERT_TRUE(paused);
  EXPECT_FALSE(paused->from_snapshot);
  EXPECT_EQ(paused->added, 0u);
  ASSERT_TRUE(subs.set_suspended(a, false, 6));
  const auto b = add("trafficking");
  RuleCache cache;
  cache.set_snapshot_min_rules(0);
  auto resumed = cache.load(*db_);
  ASSERT_TRUE(resumed);
  EXPECT_FALSE(resumed->from_snapshot);
  EXPECT_THAT(matched(cache, "trafficking"), ::testing::ElementsAre(a, b));
  auto again = load_anew(*db_);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->from_snapshot);
  EXPECT_EQ(again->added, 2u);
}

// A snapshot that is damaged or another build's is noted and set aside:
// the rules are compiled and alert as they should.
TEST_F(RuleCacheTest, ABadSnapshotIsNotedAndTheRulesCompiled) {
  const auto a = add("trafficking");
  ASSERT_TRUE(load_anew(*db_));
  const std::string bytes_at = "SELECT length(bytes) FROM rules_snapshot";
  const auto size = *db_->scalar(bytes_at);
  ASSERT_GT(size, 100);
  // The snapshot opens with its build's identity, "parlwatch rule
  // snapshot 1; build ...", after its length (8 bytes); then the tables.
  const std::vector<std::pair<std::string, std::string>> damage = {
      {"UPDATE rules_snapshot SET bytes = substr(bytes, 1, 18) || x'58' || substr(bytes, 20)",
       "another build"},
      {"UPDATE rules_snapshot SET bytes = substr(bytes, 1, instr(bytes, x'74726166') - 1) ||"
       " x'58' || substr(bytes, instr(bytes, x'74726166') + 1)",  // "traf": a rule's text
       "checksum"},
      {"UPDATE rules_snapshot SET bytes = substr(bytes, 1, length(bytes) / 2)", "snapshot"},
  };
  for (const auto& [sql, why] : damage) {
    SCOPED_TRACE(sql);
    ASSERT_TRUE(load_anew(*db_));  // a fresh snapshot to damage
    ASSERT_TRUE(db_->exec(sql));
    RuleCache cache;
    cache.set_snapshot_min_rules(1'000);  // keeps the damaged one in place
    auto load = cache.load(*db_);
    ASSERT_TRUE(load);
    EXPECT_FALSE(load->from_snapshot);
    ASSERT_EQ(load->snapshot_notes.size(), 1u);
    EXPECT_THAT(load->snapshot_notes[0], HasSubstr("rule snapshot not read"));
    EXPECT_THAT(load->snapshot_notes[0], HasSubstr(why));
    EXPECT_THAT(matched(cache, "trafficking"), ::testing::ElementsAre(a));
    EXPECT_EQ(snapshots(*db_), 0);  // too few rules to keep one
  }
}

// Below the threshold nothing is saved, and a snapshot left from when
// there were more rules goes.
TEST_F(RuleCacheTest, FewRulesKeepNoSnapshot) {
  add("trafficking");
  ASSERT_TRUE(load_anew(*db_, 2));
  EXPECT_EQ(snapshots(*db_), 0);
  ASSERT_TRUE(load_anew(*db_, 1));
  EXPECT_EQ(snapshots(*db_), 1);
  add("piracy");
  ASSERT_TRUE(load_anew(*db_, 3));
  EXPECT_EQ(snapshots(*db_), 0);
}

}  // namespace
}  // namespace pw::ingest
