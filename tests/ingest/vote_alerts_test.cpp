// A speaker rule's alert says how the person voted in each division of the
// sitting, in the email and the webhook document; a rule can opt out.
// Expected votes: Jim Shannon (person 13864) in the real 2023 file, read with
// Python's XML reader: no, not listed, aye, aye, aye.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ingest/ingester.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/subscription_repository.hpp"
#include "storage/user_repository.hpp"
#include "tests/fakes/fake_clock.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw::ingest {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class VoteAlertsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(parse::load_members_file("people.xml", test::read_data("people.xml"), members_));
    auto opened = storage::Database::open((dir_ / "pw.db").string());
    ASSERT_TRUE(opened);
    db_.emplace(std::move(*opened));
  }

  void add(const std::string& email, const std::string& query, bool votes,
           const std::string& webhook = "") {
    storage::UserRepository users(*db_);
    auto user = users.find_user(email);
    const std::int64_t id = *user ? (**user).id : *users.add_user(email, webhook, 1);
    ASSERT_TRUE(storage::SubscriptionRepository(*db_).add_for_user(id, query, 1, votes));
  }

  void ingest_2023(bool digest = false) {
    Ingester ingester(*db_, members_, clock_, deliver::EmailSettings{});
    ASSERT_TRUE(ingester.load_rules());
    const auto r = ingester.ingest_file(test::data_path("debates2023-03-28d.xml"));
    ASSERT_EQ(r.outcome, FileReport::Outcome::kIngested) << r.error.message;
    if (digest) {
      auto queued = ingester.queue_digests(1'680'076'800);  // 2023-03-29 08:00 UTC
      ASSERT_TRUE(queued) << queued.error().message;
      ASSERT_EQ(*queued, 1u);
    }
  }

  std::string body_for(const std::string& destination) {
    const auto rows = *storage::OutboxRepository(*db_).all();
    for (const auto& row : rows) {
      if (row.destination == destination) return row.body;
    }
    ADD_FAILURE() << "no message to " << destination;
    return "";
  }

  parse::Members members_;
  test::TempDir dir_;
  std::optional<storage::Database> db_;
  test::FakeClock clock_;
};

TEST_F(VoteAlertsTest, TheEmailListsEachDivisionWithTheVote) {
  add("shannon-watch@example.org", "speaker:13864", true);
  ingest_2023();
  const auto body = body_for("shannon-watch@example.org");
  EXPECT_THAT(body, HasSubstr("How Jim Shannon voted"));
  EXPECT_THAT(body, HasSubstr("* Division 203: Illegal Migration Bill > Clause 2"));
  EXPECT_THAT(body, HasSubstr("voted No (Ayes 242, Noes 309: the Noes have it)"));
  EXPECT_THAT(body, HasSubstr("absent (no vote recorded) (Ayes 302, Noes 242"));
  EXPECT_THAT(body, HasSubstr("<h3>How Jim Shannon voted</h3>"));
}

TEST_F(VoteAlertsTest, TheWebhookDocumentCarriesTheSameVotes) {
  add("group@example.org", "speaker:13864", true, "https://hooks.example.org/x");
  ingest_2023();
  const auto doc = nlohmann::json::parse(body_for("https://hooks.example.org/x"));
  const auto& votes = doc["data"]["rules"][0]["votes"];
  ASSERT_EQ(votes.size(), 5u);
  const char* expected[] = {"no", "absent", "aye", "aye", "aye"};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(votes[i]["vote"], expected[i]) << i;
    EXPECT_EQ(votes[i]["person_id"], "uk.org.publicwhip/person/13864");
    EXPECT_EQ(votes[i]["number"], 203 + static_cast<int>(i));
  }
  EXPECT_EQ(votes[0]["result"], "Ayes 242, Noes 309: the Noes have it");
}

TEST_F(VoteAlertsTest, ADailyDigestReadsTheVotesBackFromStorage) {
  add("digest@example.org", "speaker:13864", true);
  storage::UserRepository users(*db_);
  ASSERT_TRUE(users.set_daily((**users.find_user("digest@example.org")).id, true));
  ingest_2023(true);
  const auto body = body_for("digest@example.org");
  EXPECT_THAT(body, HasSubstr("How Jim Shannon voted"));
  EXPECT_THAT(body, HasSubstr("voted No (Ayes 242, Noes 309: the Noes have it)"));
  EXPECT_THAT(body, HasSubstr("absent (no vote recorded) (Ayes 302, Noes 242"));
  EXPECT_THAT(body, HasSubstr("* Division 207:"));
}

TEST_F(VoteAlertsTest, OptedOutAndKeywordRulesHaveNoVotes) {
  add("quiet@example.org", "speaker:13864", false);
  add("words@example.org", "\"Illegal Migration Bill\"", true);
  ingest_2023();
  EXPECT_THAT(body_for("quiet@example.org"), Not(HasSubstr("voted")));
  EXPECT_THAT(body_for("words@example.org"), Not(HasSubstr("voted")));
}

}  // namespace
}  // namespace pw::ingest
