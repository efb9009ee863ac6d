#include "storage/subscription_repository.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "storage/migrations.hpp"
#include "storage/user_repository.hpp"
#include "tests/fakes/old_database.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw::storage {
namespace {

class SubscriptionRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::open((dir_ / "pw.db").string());
    ASSERT_TRUE(opened);
    db_.emplace(std::move(*opened));
    user_ = *UserRepository(*db_).add_user("a@example.org", "", 1);
  }
  test::TempDir dir_;
  std::optional<Database> db_;
  std::int64_t user_ = 0;
};

TEST_F(SubscriptionRepositoryTest, NewSubscriptionsWaitForConfirmation) {
  SubscriptionRepository subs(*db_);
  const auto id =
      *subs.add(NewSubscription{user_, "trafficking", Channel::kEmail, true, false}, 10);
  auto s = *subs.find(id);
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->active());
  EXPECT_TRUE(s->daily);
  EXPECT_EQ(s->user_email, "a@example.org");
  EXPECT_EQ(*subs.count_unconfirmed_of_user(user_), 1);
  ASSERT_TRUE(subs.confirm(id, 20));
  ASSERT_TRUE(subs.confirm(id, 30));  // a second click keeps the first time
  s = *subs.find(id);
  EXPECT_TRUE(s->active());
  EXPECT_EQ(s->confirmed_at, 20);
  EXPECT_EQ(*subs.count_unconfirmed_of_user(user_), 0);
}

TEST_F(SubscriptionRepositoryTest, ActiveOnesAreVisitedByIdWithTheirChannelAndFrequency) {
  SubscriptionRepository subs(*db_);
  const auto daily = *subs.add(
      NewSubscription{user_, "a long query about trafficking", Channel::kEmail, true, true}, 10);
  ASSERT_TRUE(subs.add(NewSubscription{user_, "unconfirmed"}, 10));
  const auto hook = *subs.add(NewSubscription{user_, "hook", Channel::kWebhook, false, true}, 10);
  const auto paused = *subs.add(NewSubscription{user_, "paused", Channel::kEmail, false, true}, 10);
  ASSERT_TRUE(subs.set_suspended(paused, true, 20));
  std::vector<std::string> seen;
  ASSERT_TRUE(subs.for_each_active([&](const ActiveRuleRecord& r) {
    seen.push_back(fmt::format("{} {} {} {} {}", r.id, r.user_id, r.query,
                               r.channel == Channel::kWebhook ? "webhook" : "email",
                               r.daily ? "daily" : "now"));
  }));
  EXPECT_EQ(seen, (std::vector<std::string>{
                      fmt::format("{} {} a long query about trafficking email daily", daily, user_),
                      fmt::format("{} {} hook webhook now", hook, user_)}));
  EXPECT_EQ(*subs.count(), 4);  // the unconfirmed and the paused too: a bound on the visits
}

// Every change that decides what alerts a rule makes changes the
// fingerprint, including changes that undo each other (a rule paused and
// others resumed); a change of what it does not decide does not.
TEST_F(SubscriptionRepositoryTest, EveryChangeOfWhatAlertsChangesTheFingerprint) {
  SubscriptionRepository subs(*db_);
  UserRepository users(*db_);
  std::vector<std::string> seen{*subs.fingerprint()};
  const auto changed = [&] {
    const auto now = *subs.fingerprint();
    const bool is_new = std::find(seen.begin(), seen.end(), now) == seen.end();
    seen.push_back(now);
    return is_new;
  };
  const auto a = *subs.add(NewSubscription{user_, "y", Channel::kEmail, false, true}, 10);
  const auto b = *subs.add(NewSubscription{user_, "z", Channel::kEmail, false, true}, 10);
  const auto id = *subs.add(NewSubscription{user_, "x", Channel::kEmail, false, true}, 10);
  ASSERT_EQ(id, a + b);  // what a sum weighted by id could not tell apart
  EXPECT_TRUE(changed());
  ASSERT_TRUE(subs.set_suspended(a, true, 20));
  ASSERT_TRUE(subs.set_suspended(b, true, 20));
  EXPECT_TRUE(changed());
  ASSERT_TRUE(subs.set_suspended(id, true, 30));  // one paused, two resumed, between two polls
  ASSERT_TRUE(subs.set_suspended(a, false, 30));
  ASSERT_TRUE(subs.set_suspended(b, false, 30));
  EXPECT_TRUE(changed());
  ASSERT_TRUE(subs.set_suspended(id, false, 40));
  EXPECT_TRUE(changed());
  ASSERT_TRUE(subs.set_suspended(id, true, 50));
  EXPECT_FALSE((*subs.find(id))->active());
  EXPECT_TRUE(changed());
  ASSERT_TRUE(subs.set_suspended(id, false, 60));
  EXPECT_TRUE((*subs.find(id))->active());
  EXPECT_TRUE(changed());  // back as before, and still reloaded
  ASSERT_TRUE(subs.set_daily(id, true));
  EXPECT_TRUE(changed());
  EXPECT_FALSE(subs.set_daily(id + 100, true));
  EXPECT_FALSE(changed());
  ASSERT_TRUE(db_->run("UPDATE rules SET link_key = 'k' WHERE id = ?1", id));
  EXPECT_FALSE(changed());
  const auto pending = *subs.add(NewSubscription{user_, "w"}, 70);
  EXPECT_TRUE(changed());
  ASSERT_TRUE(subs.confirm(pending, 80));
  EXPECT_TRUE(changed());
  ASSERT_TRUE(subs.remove(pending));
  EXPECT_TRUE(changed());
  ASSERT_TRUE(users.remove_user(user_));  // its rules go with it
  EXPECT_TRUE(changed());
}

TEST_F(SubscriptionRepositoryTest, SameQueryAndChannelIsFound) {
  SubscriptionRepository subs(*db_);
  const auto id = *subs.add(NewSubscription{user_, "\"climate change\""}, 10);
  EXPECT_EQ((*subs.find_same(user_, "\"climate change\"", Channel::kEmail))->id, id);
  EXPECT_FALSE(*subs.find_same(user_, "\"climate change\"", Channel::kWebhook));
  EXPECT_FALSE(*subs.find_same(user_, "climate", Channel::kEmail));
}

TEST_F(SubscriptionRepositoryTest, EachHasItsOwnLinkKeyAndAMissingOneHasNone) {
  SubscriptionRepository subs(*db_);
  const auto a = *subs.add(NewSubscription{user_, "badgers"}, 10);
  const auto b = *subs.add(NewSubscription{user_, "otters"}, 10);
  EXPECT_EQ(*subs.link_key(a), (*subs.find(a))->link_key);
  EXPECT_EQ(subs.link_key(a)->size(), 32u);
  EXPECT_NE(*subs.link_key(a), *subs.link_key(b));
  EXPECT_EQ(*subs.link_key(b + 1), "");
}

// An ingest asks whether each rule that matched still alerts, and for its
// link key, in its own transaction.
TEST_F(SubscriptionRepositoryTest, OnlyALiveOneHasALiveLinkKey) {
  SubscriptionRepository subs(*db_);
  const auto live = *subs.add(NewSubscription{user_, "live", Channel::kEmail, false, true}, 10);
  const auto paused = *subs.add(NewSubscription{user_, "paused", Channel::kEmail, false, true}, 10);
  const auto unconfirmed = *subs.add(NewSubscription{user_, "unconfirmed"}, 10);
  ASSERT_TRUE(subs.set_suspended(paused, true, 20));
  using Keys = std::unordered_map<std::int64_t, std::string>;
  const std::vector<std::int64_t> asked = {unconfirmed + 1, paused, live, unconfirmed};
  EXPECT_EQ(*subs.live_link_keys(asked), (Keys{{live, *subs.link_key(live)}}));
  EXPECT_TRUE(subs.live_link_keys({})->empty());
  ASSERT_TRUE(subs.set_suspended(paused, false, 30));
  EXPECT_EQ(*subs.live_link_keys(asked),
            (Keys{{live, *subs.link_key(live)}, {paused, *subs.link_key(paused)}}));
}

// An ingest reads the owners of the rules that matched in one go.
TEST_F(SubscriptionRepositoryTest, UsersAreReadManyAtATime) {
  UserRepository users(*db_);
  const auto other = *users.add_user("b@example.org", "https://hooks.example.org/x", 1);
  const auto found = *users.users({other + 5, other, user_, other});
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found.at(user_).email, (*users.user(user_))->email);
  EXPECT_EQ(found.at(other).webhook_url, "https://hooks.example.org/x");
  EXPECT_EQ(found.at(other).link_key, (*users.user(other))->link_key);
  EXPECT_TRUE(users.users({})->empty());
}

TEST_F(SubscriptionRepositoryTest, UnconfirmedOnesExpireAndRemoveAllIsPerUser) {
  SubscriptionRepository subs(*db_);
  const auto other = *UserRepository(*db_).add_user("b@example.org", "", 1);
  const auto old = *subs.add(NewSubscription{user_, "old"}, 100);
  const auto fresh = *subs.add(NewSubscription{user_, "fresh"}, 900);
  const auto kept = *subs.add(NewSubscription{user_, "kept", Channel::kEmail, false, true}, 100);
  (void)*subs.add(NewSubscription{other, "theirs", Channel::kEmail, false, true}, 100);
  EXPECT_EQ(*subs.expire_unconfirmed(500), 1);
  EXPECT_FALSE(*subs.find(old));
  EXPECT_TRUE(*subs.find(fresh));
  EXPECT_TRUE(*subs.find(kept));
  EXPECT_EQ(*subs.remove_all(user_), 2);
  EXPECT_EQ(subs.all()->size(), 1u);
  EXPECT_EQ(*subs.count_of_user(other), 1);
  EXPECT_FALSE(subs.remove(kept));
}

TEST_F(SubscriptionRepositoryTest, OperatorRulesAreConfirmedAndFollowTheUsersChannel) {
  UserRepository users(*db_);
  const auto hook = *users.add_user("hook@example.org", "https://example.org/h", 1);
  ASSERT_TRUE(users.set_daily(user_, true));
  const auto a = *storage::SubscriptionRepository(*db_).add_for_user(user_, "a", 5);
  const auto b = *storage::SubscriptionRepository(*db_).add_for_user(hook, "b", 5);
  SubscriptionRepository subs(*db_);
  EXPECT_TRUE((*subs.find(a))->active());
  EXPECT_TRUE((*subs.find(a))->daily);
  EXPECT_EQ((*subs.find(a))->channel, Channel::kEmail);
  EXPECT_EQ((*subs.find(b))->channel, Channel::kWebhook);
}

TEST_F(SubscriptionRepositoryTest, OneUserCannotHaveMoreThanTheCap) {
  ASSERT_TRUE(db_->exec(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)"
      " INSERT INTO rules (user_id, query, created_at, confirmed_at) SELECT 1, 'q' || i, 1, 1"
      " FROM n"));
  SubscriptionRepository subs(*db_);
  const auto over = subs.add(NewSubscription{user_, "one more"}, 2);
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(over.error().message.find("the most one may have"), std::string::npos);
  EXPECT_EQ(*subs.count_of_user(user_), kMaxSubscriptionsPerUser);
  const auto other = *UserRepository(*db_).add_user("b@example.org", "", 1);
  EXPECT_TRUE(subs.add(NewSubscription{other, "fine"}, 2));
}

TEST(SubscriptionMigration, ExistingRulesBecomeConfirmedSubscriptions) {
  test::TempDir dir;
  const auto path = (dir / "old.db").string();
  ASSERT_NO_FATAL_FAILURE(test::write_old_database(
      path, 4,
      "INSERT INTO users (id, email, created_at, frequency) VALUES (1, 'a@example.org', 1,"
      " 'daily');"
      "INSERT INTO users (id, email, webhook_url, created_at) VALUES (2, 'b@example.org',"
      " 'https://example.org/h', 1);"
      "INSERT INTO rules VALUES (1, 1, 'x', 7);"
      "INSERT INTO rules VALUES (2, 2, 'y', 8);"));
  auto v5 = Database::open(path);
  ASSERT_TRUE(v5) << v5.error().message;
  EXPECT_EQ(*v5->scalar("PRAGMA user_version"), kSchemaVersion);
  SubscriptionRepository subs(*v5);
  const auto a = **subs.find(1);
  EXPECT_TRUE(a.active());
  EXPECT_EQ(a.confirmed_at, 7);
  EXPECT_TRUE(a.daily);
  EXPECT_EQ(a.channel, Channel::kEmail);
  const auto b = **subs.find(2);
  EXPECT_FALSE(b.daily);
  EXPECT_EQ(b.channel, Channel::kWebhook);
}

TEST(SubscriptionMigration, IdsAreNeverReusedAndLinksAreBoundToARowKey) {
  test::TempDir dir;
  const auto path = (dir / "old.db").string();
  ASSERT_NO_FATAL_FAILURE(test::write_old_database(
      path, 5,
      "INSERT INTO users (id, email, created_at) VALUES (1, 'a@example.org', 1);"
      "INSERT INTO users (id, email, created_at) VALUES (2, 'A@Example.org', 1);"
      "INSERT INTO rules (id, user_id, query, created_at, confirmed_at) VALUES (1, 1, 'x', 7, 7);"
      "INSERT INTO rules (id, user_id, query, created_at, confirmed_at) VALUES (2, 2, 'y', 8, 8);"
      "INSERT INTO rules (id, user_id, query, created_at, confirmed_at) VALUES (3, 2, 'z', 8, 8);"
      "INSERT INTO outbox (user_id, channel, destination, created_at) VALUES (2, 'email', "
      "'A@Example.org', 9);"));
  auto v6 = Database::open(path);
  ASSERT_TRUE(v6) << v6.error().message;
  EXPECT_EQ(*v6->scalar("PRAGMA foreign_keys"), 1);
  // One person, one identity: the two spellings became user 1, nothing lost.
  EXPECT_EQ(*v6->scalar("SELECT COUNT(*) FROM users"), 1);
  EXPECT_EQ(*v6->scalar("SELECT COUNT(*) FROM rules WHERE user_id = 1"), 3);
  EXPECT_EQ(*v6->scalar("SELECT COUNT(*) FROM outbox WHERE user_id = 1"), 1);
  UserRepository users(*v6);
  EXPECT_EQ((*users.find_user("A@EXAMPLE.ORG"))->id, 1);
  EXPECT_FALSE(users.add_user("a@EXAMPLE.org", "", 2));
  // Rows from before keys existed keep key "" (their emailed links work).
  SubscriptionRepository subs(*v6);
  EXPECT_EQ((*subs.find(1))->link_key, "");
  EXPECT_EQ((*users.user(1))->link_key, "");
  // Removing the newest rule does not free its id.
  ASSERT_TRUE(subs.remove(3));
  const auto next = *subs.add(NewSubscription{1, "new", Channel::kEmail, false, true}, 10);
  EXPECT_EQ(next, 4);
  EXPECT_EQ((*subs.find(next))->link_key.size(), 32u);
  EXPECT_NE((*subs.find(next))->link_key, (*subs.find(2))->link_key);
  ASSERT_TRUE(v6->exec("DELETE FROM users"));
  EXPECT_EQ(*users.add_user("b@example.org", "", 11), 3);
}

}  // namespace
}  // namespace pw::storage
