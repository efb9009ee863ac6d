#include "web/alert_form.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace pw::web {
namespace {

using ::testing::ElementsAre;

TEST(AlertForm, CommasOutsideQuotesAndBracketsSeparateTopics) {
  EXPECT_THAT(split_topics("trafficking, modern slavery ,forced labour,,"),
              ElementsAre("trafficking", "modern slavery", "forced labour"));
  EXPECT_THAT(split_topics("\"Smith, John\", (a OR b, c)"),
              ElementsAre("\"Smith, John\"", "(a OR b, c)"));
  EXPECT_TRUE(split_topics("  , ").empty());
}

TEST(AlertForm, ARuleGetsTheExclusionsSpeakerAndChambers) {
  AlertForm f;
  f.exclude = "knife, \"organised crime\" drugs";
  f.chambers = {"wrans", "debates"};
  EXPECT_EQ(compose_rule("trafficking", f),
            "trafficking -knife -\"organised crime\" -drugs section:wrans section:debates");
  EXPECT_EQ(compose_rule("\"People Trafficking\" OR victims", f).substr(0, 34),
            "(\"People Trafficking\" OR victims) ");
  AlertForm member;
  member.speaker = "10121";
  EXPECT_EQ(compose_rule("", member), "speaker:10121");
  member.speaker = "Vernon Coaker";
  EXPECT_EQ(compose_rule("prisons", member), "prisons speaker:\"Vernon Coaker\"");
}

TEST(AlertForm, OnlyOfferedChambersAreReadAndEachOnce) {
  const auto f = read_alert_form({{"q", "  slavery "},
                                  {"chamber", "wrans"},
                                  {"chamber", "wrans"},
                                  {"chamber", "section:x"},
                                  {"chamber", "ni"},
                                  {"frequency", "daily"},
                                  {"email", " a@example.org "}});
  EXPECT_EQ(f.q, "slavery");
  EXPECT_THAT(f.chambers, ElementsAre("wrans", "ni"));
  EXPECT_TRUE(f.daily);
  EXPECT_EQ(f.email, "a@example.org");
  EXPECT_EQ(alert_query_string(f), "q=slavery&chamber=wrans&chamber=ni&frequency=daily");
}

}  // namespace
}  // namespace pw::web
