#include "web/rule_import.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/subscription_repository.hpp"
#include "storage/user_repository.hpp"
#include "tests/web/site_fixture.hpp"

namespace pw::web::test {
namespace {

using ::testing::HasSubstr;

std::vector<std::pair<std::size_t, std::string>> as_pairs(const std::vector<ImportProblem>& ps) {
  std::vector<std::pair<std::size_t, std::string>> out;
  for (const auto& p : ps) out.emplace_back(p.line, p.message);
  return out;
}

TEST(ReadRuleImport, ReadsFieldsAndNamesEveryBadLine) {
  std::vector<ImportProblem> problems;
  const auto lines = read_rule_import(
      "# campaign list\n"
      "a@example.org\t\"human trafficking\"\r\n"
      "\n"
      "b@example.org\tspeaker:10121\twebhook\n"
      "c@example.org\tnhs\temail\tdaily\n"
      "d@example.org\n"
      "not an address\tnhs\n"
      "e@example.org\tnhs\tfax\n"
      "e@example.org\tnhs\temail\tweekly\n"
      "e@example.org\tnhs\twebhook\tdaily\n"
      "e@example.org\t  \n"
      "e@example.org\tnhs\temail\tdaily\textra",
      problems);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].line, 2u);
  EXPECT_EQ(lines[0].email, "a@example.org");
  EXPECT_EQ(lines[0].query, "\"human trafficking\"");
  EXPECT_FALSE(lines[0].channel);
  EXPECT_FALSE(lines[0].daily);
  EXPECT_EQ(lines[1].channel, storage::Channel::kWebhook);
  EXPECT_EQ(lines[2].channel, storage::Channel::kEmail);
  EXPECT_EQ(lines[2].daily, true);
  const auto p = as_pairs(problems);
  ASSERT_EQ(p.size(), 7u);
  EXPECT_EQ(p[0].first, 6u);
  EXPECT_THAT(p[0].second, HasSubstr("1 fields"));
  EXPECT_EQ(p[1].first, 7u);
  EXPECT_EQ(p[2],
            (std::pair<std::size_t, std::string>(8, "channel \"fax\": use email or webhook")));
  EXPECT_EQ(p[3].first, 9u);
  EXPECT_THAT(p[4].second, HasSubstr("daily is for email"));
  EXPECT_EQ(p[5], (std::pair<std::size_t, std::string>(11, "the query is empty")));
  EXPECT_THAT(p[6].second, HasSubstr("5 fields"));
}

class RuleImportTest : public SiteTest {
 protected:
  Result<ImportReport> import(const std::string& text, bool save = true) {
    std::vector<ImportProblem> problems;
    const auto lines = read_rule_import(text, problems);
    EXPECT_TRUE(problems.empty());
    return import_rules(*db_, lines, 1'196'000'000, save);
  }
};

TEST_F(RuleImportTest, ImportsOnceAndAgainAddsNothing) {
  storage::UserRepository users(*db_);
  const auto hook = *users.add_user("group@example.org", "https://hooks.example.org/in", 1);
  const std::string file =
      "a@example.org\t\"human trafficking\"\n"
      "a@example.org\tvictims\temail\tdaily\n"
      "group@example.org\tspeaker:\"Vernon Coaker\"\n"
      "group@example.org\tnhs\temail\n"
      "a@example.org\t\"human trafficking\"\n";
  auto dry = import(file, false);
  ASSERT_TRUE(dry) << dry.error().message;
  EXPECT_EQ(dry->added, 4u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM rules"), 0);
  auto done = import(file);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_TRUE(done->problems.empty());
  EXPECT_EQ(done->added, 4u);
  EXPECT_EQ(done->already, 1u);
  EXPECT_EQ(done->new_users, 1u);
  auto rules = *storage::SubscriptionRepository(*db_).all();
  ASSERT_EQ(rules.size(), 4u);
  EXPECT_EQ(rules[0].query, "\"human trafficking\"");
  EXPECT_TRUE(rules[1].daily);
  EXPECT_EQ(rules[2].user_id, hook);
  EXPECT_EQ(rules[2].channel, storage::Channel::kWebhook);  // the address's own endpoint
  EXPECT_THAT(rules[2].query, HasSubstr("speaker:"));
  EXPECT_THAT(rules[2].query, ::testing::Not(HasSubstr("Coaker")));
  EXPECT_EQ(rules[3].channel, storage::Channel::kEmail);
  EXPECT_EQ(count("SELECT COUNT(*) FROM rules WHERE confirmed_at IS NULL"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE confirmed_at IS NULL"), 0);
  auto again = import(file);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->added, 0u);
  EXPECT_EQ(again->already, 5u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM rules"), 4);
}

TEST_F(RuleImportTest, OneBadLineAndNothingIsStored) {
  auto r = import(
      "a@example.org\tnhs\n"
      "b@example.org\tpolice \"trafficking\n"
      "c@example.org\tnhs\twebhook\n"
      "d@example.org\tspeaker:99999999\n");
  ASSERT_TRUE(r) << r.error().message;
  const auto p = as_pairs(r->problems);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0].first, 2u);
  EXPECT_THAT(p[0].second, HasSubstr("bad rule"));
  EXPECT_EQ(p[1].first, 3u);
  EXPECT_THAT(p[1].second, HasSubstr("c@example.org has no webhook endpoint"));
  EXPECT_EQ(p[2].first, 4u);
  EXPECT_THAT(p[2].second, HasSubstr("99999999"));
  EXPECT_EQ(r->added, 0u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM rules"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), 0);
}

TEST_F(RuleImportTest, NoAddressPassesTheCap) {
  std::string file;
  for (std::int64_t i = 0; i <= storage::kMaxSubscriptionsPerUser; ++i) {
    file += "a@example.org\tword" + std::to_string(i) + "\n";
  }
  auto r = import(file, false);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->problems.size(), 1u);
  EXPECT_EQ(r->problems[0].line, static_cast<std::size_t>(storage::kMaxSubscriptionsPerUser) + 1);
  EXPECT_THAT(r->problems[0].message, HasSubstr("more than 10000 rules"));
}

}  // namespace
}  // namespace pw::web::test
