#include <utility>

#include <algorithm>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/file_repository.hpp"
#include "storage/item_repository.hpp"
#include "storage/match_repository.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/subscription_repository.hpp"
#include "storage/user_repository.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw::storage {
namespace {

class RepositoriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::open((dir_ / "pw.db").string());
    ASSERT_TRUE(opened);
    db_.emplace(std::move(*opened));
  }
  test::TempDir dir_;
  std::optional<Database> db_;
};

TEST_F(RepositoriesTest, FilesAreFoundByNameAndHashAndRankedPerSitting) {
  FileRepository files(*db_);
  EXPECT_EQ(*files.max_version_rank("wms", "2009-10-26"), -1);
  ASSERT_TRUE(files.insert(
      FileRecord{0, "ministerial2009-10-26b.xml", "wms", "2009-10-26", "b", 2, "h1", 0, 5}));
  ASSERT_TRUE(files.insert(
      FileRecord{0, "ministerial2009-10-26c.xml", "wms", "2009-10-26", "c", 3, "h2", 0, 6}));
  EXPECT_EQ(*files.max_version_rank("wms", "2009-10-26"), 3);
  EXPECT_EQ(*files.max_version_rank("wms", "2009-10-27"), -1);
  EXPECT_TRUE(*files.find("ministerial2009-10-26b.xml", "h1"));
  EXPECT_FALSE(*files.find("ministerial2009-10-26b.xml", "h2"));
  EXPECT_EQ(files.list()->size(), 2u);
}

TEST_F(RepositoriesTest, UsersAreUniqueByEmail) {
  UserRepository users(*db_);
  ASSERT_TRUE(users.add_user("a@example.org", "", 1));
  auto again = users.add_user("a@example.org", "", 2);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::kInvalidInput);
  ASSERT_TRUE(users.add_user("hook@example.org", "https://example.org/h", 3));
  const auto list = *users.users();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1].webhook_url, "https://example.org/h");
}

TEST_F(RepositoriesTest, RulesListWithTheirOwnerAndRemoveCleanly) {
  UserRepository users(*db_);
  const auto user = *users.add_user("a@example.org", "", 1);
  const auto rule =
      *storage::SubscriptionRepository(*db_).add_for_user(user, "\"human trafficking\"", 2);
  auto rules = *storage::SubscriptionRepository(*db_).all();
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0].user_email, "a@example.org");
  EXPECT_EQ(rules[0].query, "\"human trafficking\"");
  ASSERT_TRUE(storage::SubscriptionRepository(*db_).remove(rule));
  EXPECT_TRUE(storage::SubscriptionRepository(*db_).all()->empty());
  EXPECT_EQ(storage::SubscriptionRepository(*db_).remove(rule).error().kind,
            ErrorKind::kInvalidInput);
}

TEST_F(RepositoriesTest, MatchesAreUniquePerRuleAndItemAndListJoined) {
  UserRepository users(*db_);
  const auto user = *users.add_user("a@example.org", "", 1);
  const auto rule = *storage::SubscriptionRepository(*db_).add_for_user(user, "x", 1);
  const auto file =
      *FileRepository(*db_).insert(FileRecord{0, "f", "debates", "2009-10-27", "d", 4, "h", 0, 1});
  Item item;
  item.gid = "uk.org.publicwhip/debate/2009-10-27d.1.1";
  item.key = "uk.org.publicwhip/debate/2009-10-27.1.1";
  item.headings = {"Major", "Minor"};
  item.speaker.name = "Someone";
  const auto stored =
      *ItemRepository(*db_).upsert(item, {Section::kDebates, "2009-10-27", file, 1});
  MatchRepository matches(*db_);
  const auto first = *matches.insert_if_new(rule, stored.id, file, 1);
  ASSERT_TRUE(first);
  EXPECT_FALSE(*matches.insert_if_new(rule, stored.id, file, 2));
  const auto list = *matches.list(rule);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].heading, "Minor");
  EXPECT_EQ(list[0].speaker_name, "Someone");
  EXPECT_EQ(list[0].user_email, "a@example.org");
  EXPECT_TRUE(matches.list(rule + 1)->empty());
  EXPECT_EQ(matches.list(std::nullopt)->size(), 1u);
}

// Removing a rule (stopping an alert) takes its held matches along and
// keeps the sent ones, the record of what was sent, hidden with their rule;
// forgetting a user takes every match of every one of its rules.
TEST_F(RepositoriesTest, ForgettingAUserTakesAllItsMatchesAndStoppingAnAlertItsHeldOnes) {
  UserRepository users(*db_);
  SubscriptionRepository subs(*db_);
  const auto forgotten = *users.add_user("a@example.org", "", 1);
  const auto kept = *users.add_user("b@example.org", "", 1);
  const auto stopped = *subs.add_for_user(forgotten, "x", 1);
  const auto other = *subs.add_for_user(forgotten, "y", 1);
  const auto theirs = *subs.add_for_user(kept, "x", 1);
  MatchRepository matches(*db_);
  ASSERT_TRUE(matches.add_all({{stopped, 1, 1, 5, 7, false},
                               {stopped, 2, 1, 5, 0, true},
                               {other, 1, 1, 5, 0, false},
                               {other, 3, 1, 5, 0, true},
                               {theirs, 1, 1, 5, 8, false}}));
  const auto count = [this](const std::string& where) {
    return *db_->scalar("SELECT COUNT(*) FROM matches WHERE " + where);
  };
  const auto of = [](std::int64_t rule) { return "rule_id = " + std::to_string(rule); };
  ASSERT_TRUE(subs.remove(stopped));
  EXPECT_EQ(count(of(stopped)), 1);
  EXPECT_EQ(count(of(stopped) + " AND outbox_id = 7"), 1);
  EXPECT_EQ(count("1"), 4);
  ASSERT_TRUE(*users.remove_user(forgotten));
  EXPECT_EQ(count("NOT " + of(theirs)), 0);
  EXPECT_EQ(count(of(theirs)), 1);
  EXPECT_EQ(*db_->scalar("SELECT COUNT(*) FROM rules_removed"), 0);
  ASSERT_TRUE(subs.remove(theirs));
  EXPECT_EQ(*db_->scalar("SELECT user_id FROM rules_removed"), kept);
  EXPECT_FALSE(*users.remove_user(forgotten));
}

// Matches recorded together, in any order, are each stored once with what
// they carry; one already there is left as it was.
TEST_F(RepositoriesTest, MatchesRecordedTogetherAreEachStoredOnce) {
  const auto user = *UserRepository(*db_).add_user("a@example.org", "", 1);
  SubscriptionRepository rules(*db_);
  const auto r1 = *rules.add_for_user(user, "x", 1);
  const auto r2 = *rules.add_for_user(user, "y", 1);
  const auto file =
      *FileRepository(*db_).insert(FileRecord{0, "f", "debates", "2009-10-27", "d", 4, "h", 0, 1});
  std::vector<std::int64_t> items;
  for (int i = 1; i <= 3; ++i) {
    Item item;
    item.gid = item.key = "uk.org.publicwhip/debate/2009-10-27.1." + std::to_string(i);
    items.push_back(
        ItemRepository(*db_).upsert(item, {Section::kDebates, "2009-10-27", file, 1})->id);
  }
  MatchRepository matches(*db_);
  ASSERT_TRUE(matches.add_all({NewMatchRecord{r1, items[1], file, 1, 0, true}}));
  ASSERT_TRUE(matches.add_all({NewMatchRecord{r2, items[2], file, 2, 0, false},
                               NewMatchRecord{r1, items[1], file, 2, 0, false},
                               NewMatchRecord{r2, items[0], file, 2, 0, true},
                               NewMatchRecord{r1, items[0], file, 2, 0, false}}));
  const auto listed = *matches.list(std::nullopt);
  std::vector<std::pair<std::int64_t, std::int64_t>> keys;
  keys.reserve(listed.size());
  for (const auto& m : listed) keys.emplace_back(m.rule_id, m.item_id);
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, (std::vector<std::pair<std::int64_t, std::int64_t>>{
                      {r1, items[0]}, {r1, items[1]}, {r2, items[0]}, {r2, items[2]}}));
  const auto held = *matches.held_for_digest();  // the one there before kept its mark
  ASSERT_EQ(held.size(), 2u);
  EXPECT_EQ(std::make_pair(held[0].rule_id, held[0].item_id), std::make_pair(r2, items[0]));
  EXPECT_EQ(std::make_pair(held[1].rule_id, held[1].item_id), std::make_pair(r1, items[1]));
}

// Many matches recorded together: all of them, each once, with its own
// outbox row and digest mark.
// More than one statement's worth (add_all() inserts many rows a
// statement), with a match twice in one go and one stored before, whose
// row stays as it was.
TEST_F(RepositoriesTest, ManyMatchesRecordedTogetherAreEachStoredOnce) {
  const auto user = *UserRepository(*db_).add_user("a@example.org", "", 1);
  const auto file =
      *FileRepository(*db_).insert(FileRecord{0, "f", "debates", "2009-10-27", "d", 4, "h", 0, 1});
  std::vector<std::int64_t> rules;
  rules.reserve(3);
  for (int r = 0; r < 3; ++r) {
    rules.push_back(*SubscriptionRepository(*db_).add_for_user(user, std::to_string(r), 1));
  }
  std::vector<NewMatchRecord> batch;
  for (int i = 1; i <= 141; ++i) {
    Item item;
    item.gid = item.key = "uk.org.publicwhip/debate/2009-10-27.1." + std::to_string(i);
    const auto id =
        ItemRepository(*db_).upsert(item, {Section::kDebates, "2009-10-27", file, 1})->id;
    for (const auto r : rules)
      batch.push_back(NewMatchRecord{r, id, file, 2, id * 10 + r, i % 7 == 0});
  }
  MatchRepository matches(*db_);
  const NewMatchRecord before{batch[200].rule_id, batch[200].item_id, file, 1, 5, false};
  ASSERT_TRUE(matches.add_all({before}));
  batch.push_back(batch[40]);  // twice in one go: stored once
  batch.push_back(batch[300]);
  std::reverse(batch.begin(), batch.end());
  ASSERT_TRUE(matches.add_all(batch));
  EXPECT_EQ(*db_->scalar("SELECT COUNT(*) FROM matches"), 423);
  EXPECT_EQ(*db_->scalar("SELECT COUNT(*) FROM matches WHERE outbox_id = item_id * 10 + rule_id"),
            422);
  EXPECT_EQ(*db_->scalar(fmt::format("SELECT outbox_id FROM matches WHERE rule_id = {} AND"
                                     " item_id = {} AND created_at = 1",
                                     before.rule_id, before.item_id)),
            5);
  EXPECT_EQ(matches.held_for_digest()->size(), 20u * 3u);  // the one before was not held
}

TEST_F(RepositoriesTest, ConfirmationsComeFirstAndALaneClaimsOnlyItsChannel) {
  const auto user = *UserRepository(*db_).add_user("a@example.org", "https://h.example/x", 1);
  const auto file =
      *FileRepository(*db_).insert(FileRecord{0, "f", "debates", "2009-10-27", "d", 4, "h", 0, 1});
  OutboxRepository outbox(*db_);
  const auto add = [&](Channel channel, std::int64_t file_id) {
    const auto id = *outbox.reserve(user, channel, "a@example.org", file_id, 10);
    EXPECT_TRUE(outbox.set_message(id, "s", "b"));
    return id;
  };
  const auto alert = add(Channel::kEmail, file);
  const auto hook = add(Channel::kWebhook, file);
  const auto confirmation = add(Channel::kEmail, 0);  // no file: a confirmation or notice
  const auto emails = *outbox.claim_due(100, 300, 10, Channel::kEmail);
  ASSERT_EQ(emails.size(), 2u);
  EXPECT_EQ(emails[0].id, confirmation);
  EXPECT_EQ(emails[1].id, alert);
  const auto hooks = *outbox.claim_due(100, 300, 10, Channel::kWebhook);
  ASSERT_EQ(hooks.size(), 1u);
  EXPECT_EQ(hooks[0].id, hook);
}

TEST_F(RepositoriesTest, ABatchClaimsAtMostItsLimitOldestFirst) {
  const auto user = *UserRepository(*db_).add_user("a@example.org", "", 1);
  OutboxRepository outbox(*db_);
  for (int i = 0; i < 5; ++i) {
    const auto id = *outbox.reserve(user, Channel::kEmail, "a@example.org", 0, 10 + i);
    ASSERT_TRUE(outbox.set_message(id, "s", "b"));
  }
  const auto first = *outbox.claim_due(100, 300, 2);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].id, 1);
  EXPECT_EQ(first[1].id, 2);
  const auto second = *outbox.claim_due(100, 300, 2);
  ASSERT_EQ(second.size(), 2u);
  EXPECT_EQ(second[0].id, 3);
  EXPECT_EQ(outbox.claim_due(100, 300, 2)->size(), 1u);
  EXPECT_TRUE(outbox.claim_due(100, 300, 2)->empty());
}

TEST_F(RepositoriesTest, OutboxRowsArePendingUntilMarkedSent) {
  UserRepository users(*db_);
  const auto user = *users.add_user("a@example.org", "", 1);
  const auto file =
      *FileRepository(*db_).insert(FileRecord{0, "f", "debates", "2009-10-27", "d", 4, "h", 0, 1});
  OutboxRepository outbox(*db_);
  const auto id = *outbox.reserve(user, Channel::kEmail, "a@example.org", file, 10);
  ASSERT_TRUE(outbox.set_message(id, "Subject", "Body bytes"));
  auto pending = *outbox.pending();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].body, "Body bytes");
  EXPECT_EQ(pending[0].state, storage::OutboxState::kPending);
  ASSERT_TRUE(outbox.mark_sent(id, 11));
  EXPECT_TRUE(outbox.pending()->empty());
  EXPECT_EQ(outbox.all()->at(0).sent_at, 11);
}

TEST_F(RepositoriesTest, AnOutboxIdIsNeverHandedOutAgainAfterItsUserIsForgotten) {
  UserRepository users(*db_);
  const auto kept = *users.add_user("a@example.org", "", 1);
  const auto forgotten = *users.add_user("b@example.org", "", 1);
  OutboxRepository outbox(*db_);
  ASSERT_TRUE(outbox.reserve(kept, Channel::kEmail, "a@example.org", 0, 10));
  const auto newest = *outbox.reserve(forgotten, Channel::kEmail, "b@example.org", 0, 11);
  ASSERT_TRUE(*users.remove_user(forgotten));
  ASSERT_EQ(outbox.all()->size(), 1u);
  const auto next = *outbox.reserve(kept, Channel::kEmail, "a@example.org", 0, 12);
  EXPECT_GT(next, newest);
}

TEST_F(RepositoriesTest, AMessageIsStoredWholeUnderTheNextIdNeverUsedBefore) {
  UserRepository users(*db_);
  const auto kept = *users.add_user("a@example.org", "", 1);
  const auto forgotten = *users.add_user("b@example.org", "", 1);
  OutboxRepository outbox(*db_);
  EXPECT_EQ(*outbox.next_id(), 1);
  const auto newest = *outbox.reserve(forgotten, Channel::kEmail, "b@example.org", 0, 10);
  ASSERT_TRUE(*users.remove_user(forgotten));
  auto tx = Transaction::begin(*db_);
  ASSERT_TRUE(tx);
  const auto id = *outbox.next_id();
  EXPECT_GT(id, newest);
  ASSERT_TRUE(outbox.add(NewOutboxRecord{
      id, kept, Channel::kEmail, "a@example.org", 0, 11, "Subject", "Body", "", {}}));
  ASSERT_TRUE(outbox.add(NewOutboxRecord{
      id + 1, kept, Channel::kEmail, "a@example.org", 0, 12, "", "", "a header would break", {}}));
  ASSERT_TRUE(tx->commit());
  const auto rows = *outbox.all();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].id, id);
  EXPECT_EQ(rows[0].state, OutboxState::kPending);
  EXPECT_EQ(rows[0].body, "Body");
  EXPECT_EQ(rows[0].created_at, 11);
  EXPECT_EQ(rows[1].state, OutboxState::kDead);
  EXPECT_EQ(rows[1].last_error, "a header would break");
  EXPECT_EQ(*outbox.next_id(), id + 2);
}

TEST(OutboxState, NamesRoundTripAsStored) {
  for (const auto s : {OutboxState::kPending, OutboxState::kSending, OutboxState::kSent,
                       OutboxState::kRetry, OutboxState::kDead}) {
    EXPECT_EQ(outbox_state_from_name(outbox_state_name(s)), s);
  }
  EXPECT_FALSE(outbox_state_from_name("delivered"));
  EXPECT_STREQ(outbox_state_name(OutboxState::kSending), "sending");
}

}  // namespace
}  // namespace pw::storage
