#include "ingest/ingester.hpp"

#include <algorithm>
#include <fstream>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "deliver/link_tokens.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/status_reader.hpp"
#include "storage/subscription_repository.hpp"
#include "storage/user_repository.hpp"
#include "tests/fakes/fake_clock.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw::ingest {
namespace {

using ::testing::HasSubstr;
using Outcome = FileReport::Outcome;

class IngesterTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    members_ = new parse::Members();  // NOLINT: loaded once for the suite
    ASSERT_TRUE(parse::load_people_xml(test::read_data("people.xml"), *members_));
    ASSERT_TRUE(parse::load_all_members_xml(test::read_data("all-members.xml"), *members_));
  }
  static void TearDownTestSuite() {
    delete members_;  // NOLINT
    members_ = nullptr;
  }

  void SetUp() override {
    auto opened = storage::Database::open((dir_ / "pw.db").string());
    ASSERT_TRUE(opened);
    db_.emplace(std::move(*opened));
  }

  std::int64_t add_rule(const std::string& email, const std::string& query,
                        const std::string& webhook = "") {
    storage::UserRepository users(*db_);
    auto user = users.find_user(email);
    std::int64_t id = *user ? (**user).id : *users.add_user(email, webhook, 1);
    return *storage::SubscriptionRepository(*db_).add_for_user(id, query, 1);
  }

  Ingester make_ingester() {
    Ingester ingester(*db_, *members_, clock_, deliver::EmailSettings{});
    EXPECT_TRUE(ingester.load_rules());
    return ingester;
  }

  FileReport ingest(Ingester& ingester, const std::string& name) {
    return ingester.ingest_file(test::data_path(name));
  }

  std::int64_t count(const std::string& sql) { return *db_->scalar(sql); }

  std::string stored_items() {
    auto s = db_->query(
        "SELECT group_concat(key || '=' || text, '|') FROM"
        " (SELECT key, text FROM items ORDER BY key)");
    EXPECT_TRUE(s && *s->step());
    return s->text(0);
  }

  static parse::Members* members_;
  test::TempDir dir_;
  std::optional<storage::Database> db_;
  test::FakeClock clock_;
};

parse::Members* IngesterTest::members_ = nullptr;

TEST_F(IngesterTest, MatchesKeywordAndSpeakerRulesAndQueuesOneMessagePerUser) {
  add_rule("public@example.org", "trafficking");
  add_rule("public@example.org", "\"action plan\"");
  add_rule("group@example.org", "speaker:10121", "https://hooks.example.org/x");
  auto ingester = make_ingester();
  const auto r = ingest(ingester, "debates2007-11-26a.xml");
  ASSERT_EQ(r.outcome, Outcome::kIngested) << r.error.message;
  EXPECT_EQ(r.new_items, 17u);
  EXPECT_EQ(r.alerts, 2u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM matches m JOIN rules r ON r.id = m.rule_id"
                  " WHERE r.query = 'speaker:10121'"),
            7);  // Vernon Coaker's seven answers
  EXPECT_GT(count("SELECT COUNT(*) FROM matches m JOIN rules r ON r.id = m.rule_id"
                  " WHERE r.query = 'trafficking'"),
            7);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE channel = 'webhook'"), 1);
  const auto rows = *storage::OutboxRepository(*db_).all();  // whole, pieces in place
  EXPECT_EQ(std::count_if(rows.begin(), rows.end(),
                          [](const storage::OutboxRecord& m) {
                            return m.channel == storage::Channel::kEmail &&
                                   m.body.find("Your alert: \"action plan\"") != std::string::npos;
                          }),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM matches WHERE outbox_id IS NULL"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM persons WHERE id = 'uk.org.publicwhip/person/10121'"
                  " AND name = 'Vernon Coaker'"),
            1);
}

TEST_F(IngesterTest, KeywordAlertsShowOneItemPerDebateAndSpeakerAlertsEverySpeech) {
  add_rule("public@example.org", "trafficking");
  add_rule("group@example.org", "speaker:10121", "https://hooks.example.org/x");
  auto ingester = make_ingester();
  const auto r = ingest(ingester, "debates2007-11-26a.xml");
  ASSERT_EQ(r.outcome, Outcome::kIngested) << r.error.message;
  const auto rows = *storage::OutboxRepository(*db_).all();
  const auto with = [&](storage::Channel channel) {
    const auto it = std::find_if(rows.begin(), rows.end(),
                                 [&](const auto& row) { return row.channel == channel; });
    return it == rows.end() ? std::string() : it->body;
  };
  const std::string body = with(storage::Channel::kEmail);
  std::size_t listed = 0;
  for (std::size_t at = body.find("\n* "); at != std::string::npos;
       at = body.find("\n* ", at + 1)) {
    ++listed;
  }
  EXPECT_EQ(listed, 1u);  // the debate's heading stands for its matching speeches
  EXPECT_THAT(body, HasSubstr("more in this debate"));
  const std::string json = with(storage::Channel::kWebhook);
  std::size_t alerts = 0;
  for (std::size_t at = json.find("\"link\""); at != std::string::npos;
       at = json.find("\"link\"", at + 1)) {
    ++alerts;
  }
  EXPECT_EQ(alerts, 7u);  // every one of Vernon Coaker's answers
}

TEST_F(IngesterTest, TheSameFileTwiceCreatesNoNewMatches) {
  add_rule("public@example.org", "trafficking");
  auto ingester = make_ingester();
  const auto first = ingest(ingester, "debates2007-11-26a.xml");
  ASSERT_EQ(first.outcome, Outcome::kIngested);
  ASSERT_GT(first.matches, 0u);
  const auto second = ingest(ingester, "debates2007-11-26a.xml");
  EXPECT_EQ(second.outcome, Outcome::kUnchanged);
  EXPECT_EQ(second.matches, 0u);
  EXPECT_EQ(second.alerts, 0u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM files"), 1);
}

TEST_F(IngesterTest, ReissuedFileWithTheSameItemsCreatesNoNewMatches) {
  add_rule("public@example.org", "trafficking");
  auto ingester = make_ingester();
  ASSERT_EQ(ingest(ingester, "debates2007-11-26a.xml").outcome, Outcome::kIngested);
  std::string bytes = test::read_data("debates2007-11-26a.xml");
  bytes += "\n";  // a re-scrape: different bytes, same content, later version
  const auto again = ingester.ingest_bytes("debates2007-11-26b.xml", bytes);
  ASSERT_EQ(again.outcome, Outcome::kIngested) << again.error.message;
  EXPECT_EQ(again.new_items, 0u);
  EXPECT_EQ(again.updated_items, 0u);
  EXPECT_EQ(again.matches, 0u);
}

TEST_F(IngesterTest, ChangedTextIsAnUpdateAndAlertsOnlyRulesNotYetMatched) {
  add_rule("public@example.org", "trafficking");
  add_rule("public@example.org", "pentameter");
  auto ingester = make_ingester();
  ASSERT_EQ(ingest(ingester, "debates2007-11-26a.xml").outcome, Outcome::kIngested);
  const auto before = count("SELECT COUNT(*) FROM matches");
  std::string bytes = test::read_data("debates2007-11-26a.xml");
  const std::string from = "What steps she is taking to reduce levels of trafficking";
  bytes.replace(bytes.find(from), from.size(),
                "What steps she is taking under Pentameter to reduce levels of trafficking");
  const auto r = ingester.ingest_bytes("debates2007-11-26b.xml", bytes);
  ASSERT_EQ(r.outcome, Outcome::kIngested) << r.error.message;
  EXPECT_EQ(r.new_items, 0u);
  EXPECT_EQ(r.updated_items, 1u);
  EXPECT_EQ(r.matches, 1u);  // the pentameter rule; the trafficking rule had matched already
  EXPECT_EQ(count("SELECT COUNT(*) FROM matches"), before + 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM items"), 17);
}

class VersionOrderTest : public IngesterTest {
 protected:
  std::string run(const std::vector<std::string>& files) {
    add_rule("public@example.org", "carers");
    add_rule("public@example.org", "competitiveness");
    add_rule("group@example.org", "speaker:11057");  // Ian Lucas
    auto ingester = make_ingester();
    for (const auto& f : files) {
      const auto r = ingest(ingester, f);
      EXPECT_NE(r.outcome, Outcome::kFailed) << r.error.message;
    }
    return stored_items();
  }
};

TEST_F(VersionOrderTest, BThenCStoresTheSameItemsAsCThenB) {
  const std::string b_then_c = run({"ministerial2009-10-26b.xml", "ministerial2009-10-26c.xml"});
  const auto matches_b_then_c = count("SELECT COUNT(*) FROM matches");
  EXPECT_EQ(count("SELECT COUNT(*) FROM items"), 22);
  EXPECT_GT(matches_b_then_c, 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM (SELECT item_id FROM matches"
                  " GROUP BY rule_id, item_id HAVING COUNT(*) > 1)"),
            0);

  db_.reset();
  db_.emplace(std::move(*storage::Database::open((dir_ / "second.db").string())));
  const std::string c_then_b = run({"ministerial2009-10-26c.xml", "ministerial2009-10-26b.xml"});
  EXPECT_EQ(c_then_b, b_then_c);
  EXPECT_EQ(count("SELECT COUNT(*) FROM matches"), matches_b_then_c);
  EXPECT_EQ(count("SELECT COUNT(*) FROM files WHERE name LIKE '%26b%'"), 1);
}

TEST_F(IngesterTest, AnOlderVersionAfterANewerOneOnlyAppliesRedirects) {
  add_rule("public@example.org", "carers");
  auto ingester = make_ingester();
  ASSERT_EQ(ingest(ingester, "ministerial2009-10-26c.xml").outcome, Outcome::kIngested);
  const auto before = count("SELECT COUNT(*) FROM matches");
  const auto r = ingest(ingester, "ministerial2009-10-26b.xml");
  EXPECT_EQ(r.outcome, Outcome::kSuperseded);
  EXPECT_EQ(r.redirects, 22u);
  EXPECT_EQ(r.matches, 0u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM matches"), before);
}

TEST_F(IngesterTest, BadFilesFailWithTheirNameWriteNothingAndTheRestStillIngest) {
  add_rule("public@example.org", "trafficking");
  auto ingester = make_ingester();
  const std::string good = test::read_data("westminster2009-10-29a.xml");
  const std::vector<std::pair<std::string, std::string>> bad{
      {"debates2009-10-30a.xml", good.substr(0, good.size() / 3)},
      {"debates2009-10-30b.xml", "This is plain text, not XML.\n"},
      {"debates2009-10-30c.xml", ""},
      {"debates2009-10-30d.xml",
       "<!DOCTYPE p [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
       "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d "
       "\"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
       "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f "
       "\"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">"
       "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\"><!ENTITY h "
       "\"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">"
       "<!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">]><publicwhip><speech id=\"x\"><p>&i;</p>"
       "</speech></publicwhip>"},
      {"debates2009-10-30e.xml",
       "<!DOCTYPE p [<!ENTITY s SYSTEM \"file:///etc/hostname\">]><publicwhip><speech id=\"x\">"
       "<p>&s;</p></speech></publicwhip>"},
      {"debates2009-10-30f.xml", "<?xml version=\"1.0\" encoding=\"EBCDIC-XX\"?><publicwhip/>"},
  };
  for (const auto& [name, bytes] : bad) {
    test::write_file(dir_ / name, bytes);
    const auto r = ingester.ingest_file(dir_ / name);
    EXPECT_EQ(r.outcome, Outcome::kFailed) << name;
    EXPECT_THAT(r.error.message, HasSubstr(name));
    EXPECT_EQ(r.error.kind, ErrorKind::kInvalidInput) << name;  // the CLI exits 65
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM files"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM items"), 0);
  const auto ok = ingest(ingester, "debates2007-11-26a.xml");
  EXPECT_EQ(ok.outcome, Outcome::kIngested);
  EXPECT_EQ(count("SELECT COUNT(*) FROM files"), 1);
}

TEST_F(IngesterTest, AFailureMidIngestRollsBackTheWholeFile) {
  add_rule("public@example.org", "trafficking");
  ASSERT_TRUE(
      db_->exec("CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox"
                " BEGIN SELECT RAISE(ABORT, 'injected fault'); END"));
  auto ingester = make_ingester();
  const auto r = ingest(ingester, "debates2007-11-26a.xml");
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_THAT(r.error.message, HasSubstr("injected fault"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM files"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM items"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM matches"), 0);
  ASSERT_TRUE(db_->exec("DROP TRIGGER fail_outbox"));
  const auto retry = ingest(ingester, "debates2007-11-26a.xml");
  EXPECT_EQ(retry.outcome, Outcome::kIngested);
  EXPECT_GT(retry.matches, 0u);
  EXPECT_EQ(retry.alerts, 1u);
}

TEST_F(IngesterTest, UnknownSpeakersAreReportedAndNeverMatchSpeakerRules) {
  add_rule("group@example.org", "speaker:10040");  // John Bercow, here as Speaker (40031)
  auto ingester = make_ingester();
  const auto r = ingest(ingester, "debates2009-10-27d.xml");
  ASSERT_EQ(r.outcome, Outcome::kIngested);
  EXPECT_THAT(r.unknown_speakers, ::testing::Contains("uk.org.publicwhip/member/40031"));
  EXPECT_EQ(r.matches, 0u);
  EXPECT_GT(count("SELECT COUNT(*) FROM items WHERE member_id = 'uk.org.publicwhip/member/40031'"
                  " AND person_id IS NULL"),
            0);
}

TEST_F(IngesterTest, ASittingAfterTheMembersDataIsReportedAndNotGivenOldParties) {
  add_rule("labour-watch@example.org", "party:Lab");
  add_rule("speaker-watch@example.org", "speaker:10295");  // Lindsay Hoyle, Speaker in 2023
  auto ingester = make_ingester();
  const auto r = ingest(ingester, "debates2023-03-28d.xml");
  ASSERT_EQ(r.outcome, Outcome::kIngested);
  EXPECT_GT(r.past_people_data, 0u);
  EXPECT_THAT(r.members_gap, HasSubstr("after the members data"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM matches m JOIN rules r ON r.id = m.rule_id"
                  " WHERE r.query = 'party:Lab'"),
            0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM matches m JOIN rules r ON r.id = m.rule_id"
                  " WHERE r.query = 'speaker:10295'"),
            15);
  EXPECT_EQ(count("SELECT past_people_data FROM files"),
            static_cast<std::int64_t>(r.past_people_data));
  const auto summary = storage::summarise(*db_);
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->files_after_members, 1);
  EXPECT_EQ(summary->newest_after_members, "2023-03-28");
  const auto again = ingest(ingester, "debates2023-03-28d.xml");
  EXPECT_EQ(again.outcome, Outcome::kUnchanged);
  EXPECT_EQ(again.members_gap, "");  // said once, when the file was ingested
}

// Two committees sitting on one day are two sittings: one's later version
// does not make the other's file look superseded; a committee file's
// re-issue keeps its items' keys.
TEST_F(IngesterTest, CommitteeSittingsAreVersionedOneByOne) {
  const std::string bytes = test::read_data("standing2009-10-20_CHILDPOV_07-0_2009-10-29a.xml");
  const auto copy = [&](const std::string& name) {
    const auto path = dir_ / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  };
  add_rule("pbc@example.org", "section:pbc");
  auto ingester = make_ingester();
  const auto first = ingester.ingest_file(copy("standing2009-10-20_CHILDPOV_07-0_2009-10-29a.xml"));
  ASSERT_EQ(first.outcome, Outcome::kIngested) << first.error.message;
  EXPECT_EQ(first.new_items, 78u);
  EXPECT_EQ(first.matches, 78u);
  const auto reissue =
      ingester.ingest_file(copy("standing2009-10-20_CHILDPOV_07-0_2009-10-29b.xml"));
  EXPECT_EQ(reissue.outcome, Outcome::kIngested);
  EXPECT_EQ(reissue.new_items, 0u);
  EXPECT_EQ(reissue.matches, 0u);
  const auto other =
      ingester.ingest_file(copy("standing2009-10-21_OTHERBILL_02-0_2009-10-29a.xml"));
  EXPECT_EQ(other.outcome, Outcome::kIngested);  // not superseded by CHILDPOV's "b"
  const auto old = ingester.ingest_file(copy("standing2009-10-20_CHILDPOV_07-0_2009-10-29a.xml"));
  EXPECT_EQ(old.outcome, Outcome::kUnchanged);
  EXPECT_EQ(count("SELECT COUNT(*) FROM items WHERE headings LIKE '%Child Poverty Bill%'"), 78);
}

TEST_F(IngesterTest, SittingsNamingMemberIdsAreNotReportedAsAfterTheData) {
  auto ingester = make_ingester();
  const auto r = ingest(ingester, "debates2009-10-27d.xml");
  ASSERT_EQ(r.outcome, Outcome::kIngested);
  EXPECT_EQ(r.past_people_data, 0u);
  EXPECT_EQ(storage::summarise(*db_)->files_after_members, 0);
}

TEST_F(IngesterTest, AFailingInTransactionStepRollsTheWholeFileBack) {
  add_rule("alice@example.org", "trafficking");
  Ingester ingester = make_ingester();
  const auto bytes = test::read_data("answers2009-10-28c.xml");
  IngestOptions failing;
  failing.in_transaction = [] { return Status(fail(Error::transient("disk full"))); };
  const auto r = ingester.ingest_bytes("answers2009-10-28c.xml", bytes, failing);
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_THAT(r.error.message, HasSubstr("disk full"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM files"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM items"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM matches"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 0);

  int calls = 0;
  IngestOptions counting;
  counting.in_transaction = [&calls] {
    ++calls;
    return Status();
  };
  EXPECT_EQ(ingester.ingest_bytes("answers2009-10-28c.xml", bytes, counting).outcome,
            Outcome::kIngested);
  EXPECT_EQ(ingester.ingest_bytes("answers2009-10-28c.xml", bytes, counting).outcome,
            Outcome::kUnchanged);
  EXPECT_EQ(calls, 2);  // also for the unchanged file, so its validators are stored
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 1);
}

// Issue 22: a long ingest on the loop starved systemd's watchdog; the
// daemon now feeds it from this callback.
TEST_F(IngesterTest, ALongIngestReportsProgressAsItGoes) {
  add_rule("alice@example.org", "trafficking");
  Ingester ingester = make_ingester();
  const auto bytes = test::read_data("answers2009-10-28c.xml");
  std::vector<std::int64_t> items_stored_when_told;
  IngestOptions watched;
  watched.progress = [&] {
    items_stored_when_told.push_back(*db_->scalar("SELECT COUNT(*) FROM items"));
  };
  const auto r = ingester.ingest_bytes("answers2009-10-28c.xml", bytes, watched);
  ASSERT_EQ(r.outcome, Outcome::kIngested);
  // 816 items stored, then the new ones matched: one call per 256 steps.
  const auto steps = r.new_items + r.updated_items + 816;
  EXPECT_GE(items_stored_when_told.size(), static_cast<std::size_t>(steps / kProgressEvery));
  ASSERT_FALSE(items_stored_when_told.empty());
  EXPECT_EQ(items_stored_when_told.front(), 255);  // told while storing, not after
}

TEST_F(IngesterTest, DailyUsersGetOneDigestForEverythingHeldBack) {
  add_rule("daily@example.org", "trafficking");
  add_rule("daily@example.org", "\"climate change\"");
  const auto user = *(*storage::UserRepository(*db_).find_user("daily@example.org"));
  ASSERT_TRUE(storage::UserRepository(*db_).set_daily(user.id, true));
  Ingester ingester = make_ingester();
  EXPECT_EQ(ingest(ingester, "answers2009-10-28c.xml").alerts, 0u);
  EXPECT_EQ(ingest(ingester, "debates2009-10-27d.xml").alerts, 0u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 0);
  const auto held = count("SELECT COUNT(*) FROM matches WHERE digest_pending = 1");
  EXPECT_GT(held, 3);

  auto queued = ingester.queue_digests(1'256'800'000);  // 2009-10-29 07:06 UTC
  ASSERT_TRUE(queued) << queued.error().message;
  EXPECT_EQ(*queued, 1u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM matches WHERE digest_pending = 1"), 0);
  EXPECT_EQ(count("SELECT COUNT(DISTINCT outbox_id) FROM matches"), 1);
  auto rows = *storage::OutboxRepository(*db_).all();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].channel, storage::Channel::kEmail);
  EXPECT_THAT(rows[0].subject, HasSubstr("daily digest"));
  EXPECT_THAT(rows[0].subject, HasSubstr("Thursday 29 October 2009"));
  EXPECT_THAT(rows[0].body, HasSubstr("Commons written answers"));
  EXPECT_THAT(rows[0].body, HasSubstr("House of Commons debates"));
  EXPECT_EQ(*ingester.queue_digests(1'256'900'000), 0u);  // nothing new since
}

// The links in an alert email are bound to the rows they name (issue 17, 1),
// in instant alerts and digests alike.
TEST_F(IngesterTest, AlertLinksCarryTheKeysOfTheirRows) {
  const auto instant = add_rule("reader@example.org", "trafficking");
  const auto held = add_rule("daily@example.org", "trafficking");
  storage::UserRepository users(*db_);
  ASSERT_TRUE(users.set_daily((*users.find_user("daily@example.org"))->id, true));
  const deliver::EmailSettings email{"a <a@example.net>", "https://alerts.example.net",
                                     "a secret of some length"};
  Ingester ingester(*db_, *members_, clock_, email);
  ASSERT_TRUE(ingester.load_rules());
  ASSERT_EQ(ingest(ingester, "answers2009-10-28c.xml").alerts, 1u);
  ASSERT_TRUE(ingester.queue_digests(1'256'800'000));
  const auto link_of = [&](std::int64_t rule) {
    const auto s = *storage::SubscriptionRepository(*db_).find(rule);
    return "https://alerts.example.net/u/" +
           deliver::make_link_token(
               email.token_secret, deliver::LinkPurpose::kUnsubscribe,
               deliver::LinkSubject{deliver::LinkSubject::Kind::kSubscription, rule, s->link_key});
  };
  auto rows = *storage::OutboxRepository(*db_).all();
  ASSERT_EQ(rows.size(), 2u);
  std::string bodies;
  for (auto body : {rows[0].body, rows[1].body}) {
    for (std::size_t at; (at = body.find("=\r\n")) != std::string::npos;) body.erase(at, 3);
    bodies += body;
  }
  EXPECT_THAT(bodies, HasSubstr(link_of(instant)));
  EXPECT_THAT(bodies, HasSubstr(link_of(held)));
  EXPECT_EQ((*storage::SubscriptionRepository(*db_).find(instant))->link_key.size(), 32u);
}

// A subscription stopped or paused after the rules were loaded (by the
// web face, between a poll's start and its ingest) alerts no one and
// records no match; the file is still ingested and the others alerted.
TEST_F(IngesterTest, ARuleStoppedSinceTheRulesWereLoadedAlertsNoOne) {
  const auto kept = add_rule("kept@example.org", "trafficking");
  const auto stopped = add_rule("stopped@example.org", "trafficking");
  const auto paused = add_rule("paused@example.org", "trafficking");
  const auto gone = add_rule("gone@example.org", "trafficking");
  auto ingester = make_ingester();
  storage::SubscriptionRepository rules(*db_);
  ASSERT_TRUE(rules.remove(stopped));
  ASSERT_TRUE(rules.set_suspended(paused, true, 5));
  ASSERT_TRUE(storage::UserRepository(*db_).remove_user(
      (*storage::UserRepository(*db_).find_user("gone@example.org"))->id));
  const auto r = ingest(ingester, "debates2007-11-26a.xml");
  ASSERT_EQ(r.outcome, Outcome::kIngested) << r.error.message;
  EXPECT_EQ(r.alerts, 1u);
  EXPECT_EQ(count("SELECT COUNT(DISTINCT rule_id) FROM matches"), 1);
  EXPECT_GT(count("SELECT COUNT(*) FROM matches WHERE rule_id = " + std::to_string(kept)), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM matches WHERE rule_id IN (" + std::to_string(paused) +
                  ", " + std::to_string(gone) + ")"),
            0);
  const auto rows = *storage::OutboxRepository(*db_).all();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].destination, "kept@example.org");
}

// Owners and link keys are read for a few thousand users at a time: a file
// alerting more users than that alerts each of them once, and still leaves
// out a rule paused since the rules were loaded, wherever it falls.
TEST_F(IngesterTest, AFileAlertingThousandsOfUsersAlertsEachOnce) {
  constexpr int kUsers = 4200;
  std::vector<std::int64_t> rules;
  {
    auto tx = storage::Transaction::begin(*db_);
    ASSERT_TRUE(tx);
    for (int i = 0; i < kUsers; ++i) {
      rules.push_back(add_rule(fmt::format("u{}@example.org", i), "trafficking"));
    }
    ASSERT_TRUE(tx->commit());
  }
  auto ingester = make_ingester();
  storage::SubscriptionRepository subs(*db_);
  for (const int paused : {0, 4095, 4096, kUsers - 1}) {
    ASSERT_TRUE(subs.set_suspended(rules[static_cast<std::size_t>(paused)], true, 5));
  }
  const auto r = ingest(ingester, "debates2007-11-26a.xml");
  ASSERT_EQ(r.outcome, Outcome::kIngested) << r.error.message;
  EXPECT_EQ(r.alerts, static_cast<std::size_t>(kUsers - 4));
  EXPECT_EQ(count("SELECT COUNT(DISTINCT destination) FROM outbox"), kUsers - 4);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), kUsers - 4);
  EXPECT_EQ(count("SELECT COUNT(DISTINCT rule_id) FROM matches"), kUsers - 4);
  EXPECT_EQ(count("SELECT COUNT(*) FROM matches m JOIN rules r ON r.id = m.rule_id"
                  " WHERE r.suspended_at != 0"),
            0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE destination IN ('u0@example.org',"
                  " 'u4095@example.org', 'u4096@example.org', 'u4199@example.org')"),
            0);
}

TEST_F(IngesterTest, OnlyConfirmedUnsuspendedSubscriptionsAlert) {
  const auto user = *storage::UserRepository(*db_).add_user("a@example.org", "", 1);
  storage::SubscriptionRepository subs(*db_);
  const auto waiting = *subs.add(storage::NewSubscription{user, "trafficking"}, 1);
  const auto paused = *subs.add(
      storage::NewSubscription{user, "\"action plan\"", storage::Channel::kEmail, false, true}, 1);
  ASSERT_TRUE(subs.set_suspended(paused, true, 2));
  const auto on = *subs.add(
      storage::NewSubscription{user, "speaker:10121", storage::Channel::kEmail, false, true}, 1);
  Ingester ingester = make_ingester();
  EXPECT_EQ(ingester.rules().size(), 1u);
  const auto r = ingest(ingester, "debates2007-11-26a.xml");
  EXPECT_EQ(r.alerts, 1u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM matches WHERE rule_id <> " + std::to_string(on)), 0);
  EXPECT_GT(count("SELECT COUNT(*) FROM matches WHERE rule_id = " + std::to_string(on)), 0);
  (void)waiting;
}

TEST_F(IngesterTest, ReloadingRulesCompilesOnlyWhatChanged) {
  const auto kept = add_rule("a@example.org", "trafficking");
  const auto changed = add_rule("a@example.org", "piracy");
  const auto deleted = add_rule("b@example.org", "\"action plan\"");
  const auto paused = add_rule("b@example.org", "speaker:10121");
  Ingester ingester(*db_, *members_, clock_, deliver::EmailSettings{});
  auto first = ingester.load_rules();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->added, 4u);
  EXPECT_EQ(first->kept, 0u);

  const auto added = add_rule("c@example.org", "\"human trafficking\"");
  const auto broken = add_rule("c@example.org", "slavery");
  ASSERT_TRUE(db_->exec("UPDATE rules SET query = '\"criminal activity\"' WHERE id = " +
                        std::to_string(changed)));
  ASSERT_TRUE(db_->exec("UPDATE rules SET query = '(((' WHERE id = " + std::to_string(broken)));
  ASSERT_TRUE(storage::SubscriptionRepository(*db_).remove(deleted));
  ASSERT_TRUE(storage::SubscriptionRepository(*db_).set_suspended(paused, true, 2));
  auto second = ingester.load_rules();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->kept, 1u);     // trafficking
  EXPECT_EQ(second->added, 2u);    // the new phrase, the changed query
  EXPECT_EQ(second->removed, 3u);  // deleted, suspended, and the changed query's old form
  ASSERT_EQ(second->warnings.size(), 1u);
  EXPECT_THAT(second->warnings[0], HasSubstr("rule " + std::to_string(broken) + " skipped"));
  EXPECT_EQ(ingester.rules().size(), 3u);

  ASSERT_EQ(ingest(ingester, "debates2007-11-26a.xml").outcome, Outcome::kIngested);
  auto matched = [&](std::int64_t rule) {
    return count("SELECT COUNT(*) FROM matches WHERE rule_id = " + std::to_string(rule)) > 0;
  };
  EXPECT_TRUE(matched(kept));
  EXPECT_TRUE(matched(added));
  EXPECT_TRUE(matched(changed));  // "criminal activity" is in the seed debate; piracy is not
  EXPECT_FALSE(matched(deleted));
  EXPECT_FALSE(matched(paused));
  EXPECT_FALSE(matched(broken));

  auto third = ingester.load_rules();
  ASSERT_TRUE(third);
  EXPECT_EQ(third->added, 0u);
  EXPECT_EQ(third->removed, 0u);
  EXPECT_EQ(third->kept, 3u);
}

TEST_F(IngesterTest, ManyRemovalsRebuildTheRuleSetFromScratch) {
  storage::UserRepository users(*db_);
  constexpr int kRules = 10'002;  // more than the 10,000 removals that trigger a rebuild
  {
    auto tx = storage::Transaction::begin(*db_);
    ASSERT_TRUE(tx);
    const auto first = *users.add_user("first@example.org", "", 1);
    const auto second = *users.add_user("second@example.org", "", 1);
    for (int i = 0; i < kRules; ++i) {
      ASSERT_TRUE(storage::SubscriptionRepository(*db_).add_for_user(
          i < 5'000 ? first : second, "word" + std::to_string(i), 1));
    }
    ASSERT_TRUE(tx->commit());
  }
  Ingester ingester(*db_, *members_, clock_, deliver::EmailSettings{});
  ASSERT_EQ(ingester.load_rules()->added, static_cast<std::size_t>(kRules));
  ASSERT_TRUE(db_->exec("DELETE FROM rules WHERE query <> 'word0'"));
  auto removed = ingester.load_rules();
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->removed, static_cast<std::size_t>(kRules - 1));
  EXPECT_EQ(removed->kept, 1u);
  auto rebuilt = ingester.load_rules();  // the removals now outnumber the rules and 10,000
  ASSERT_TRUE(rebuilt);
  EXPECT_EQ(rebuilt->added, 1u);
  EXPECT_EQ(rebuilt->kept, 0u);
  EXPECT_EQ(ingester.rules().size(), 1u);
  EXPECT_EQ(ingester.rules().term_count(), 1u);  // the removed rules' terms are gone too
  auto after = ingester.load_rules();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->kept, 1u);
}

TEST_F(IngesterTest, EachSubscriptionGoesByItsOwnChannelAndFrequency) {
  storage::UserRepository users(*db_);
  const auto user = *users.add_user("group@example.org", "https://hooks.example.org/x", 1);
  storage::SubscriptionRepository subs(*db_);
  (void)*subs.add(
      storage::NewSubscription{user, "speaker:10121", storage::Channel::kWebhook, false, true}, 1);
  (void)*subs.add(
      storage::NewSubscription{user, "trafficking", storage::Channel::kEmail, false, true}, 1);
  (void)*subs.add(
      storage::NewSubscription{user, "\"action plan\"", storage::Channel::kEmail, true, true}, 1);
  Ingester ingester = make_ingester();
  const auto r = ingest(ingester, "debates2007-11-26a.xml");
  EXPECT_EQ(r.alerts, 2u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE channel = 'webhook'"
                  " AND destination = 'https://hooks.example.org/x'"),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE channel = 'email'"
                  " AND destination = 'group@example.org'"),
            1);
  EXPECT_GT(count("SELECT COUNT(*) FROM matches WHERE digest_pending = 1"), 0);
  const auto email = *storage::OutboxRepository(*db_).find(2);
  ASSERT_TRUE(email);
  EXPECT_THAT(email->body, HasSubstr("trafficking"));
  EXPECT_THAT(email->body, ::testing::Not(HasSubstr("speaker:10121")));
}

}  // namespace
}  // namespace pw::ingest
