#include "rules/matcher.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rules/analyzer.hpp"

namespace pw::rules {
namespace {

using ::testing::ElementsAre;

Item speech(const std::string& text, const std::string& person = "") {
  Item i;
  i.kind = ItemKind::kSpeech;
  i.text = text;
  i.speaker.person_id = person;
  return i;
}

bool hit(const std::string& query, const Item& item) {
  auto q = parse_query(query);
  EXPECT_TRUE(q) << query;
  return matches(*q, AnalyzedItem(item));
}

TEST(Analyzer, FoldsCaseAndDiacriticsAndSplitsOnPunctuation) {
  EXPECT_THAT(analyze("Sinn Féin's MP—UMEÅ, 2009!"),
              ElementsAre("sinn", "fein", "s", "mp", "umea", "2009"));
  EXPECT_TRUE(analyze(" \n\t—").empty());
}

TEST(Analyzer, SurvivesInvalidUtf8) {
  EXPECT_THAT(analyze("caf\xe9 ok"), ElementsAre("caf", "ok"));
}

TEST(Matcher, WordsMatchCaseInsensitivelyAndAllMustOccur) {
  const Item i = speech("A comprehensive UK action plan on tackling Human Trafficking.");
  EXPECT_TRUE(hit("trafficking", i));
  EXPECT_TRUE(hit("HUMAN trafficking", i));
  EXPECT_FALSE(hit("trafficking slavery", i));
  EXPECT_FALSE(hit("traffic", i));  // whole words only in this first language
}

TEST(Matcher, PhrasesNeedTheWordsInOrderAndAdjacent) {
  const Item i = speech("victims of trafficking should be treated as victims");
  EXPECT_TRUE(hit("\"victims of trafficking\"", i));
  EXPECT_FALSE(hit("\"trafficking of victims\"", i));
  EXPECT_FALSE(hit("\"victims trafficking\"", i));
}

TEST(Matcher, SpeakerRulesNeedTheResolvedPerson) {
  const Item coaker = speech("We are taking this forward", "uk.org.publicwhip/person/10121");
  const Item unknown = speech("We are taking this forward");
  EXPECT_TRUE(hit("speaker:10121", coaker));
  EXPECT_TRUE(hit("speaker:10121 forward", coaker));
  EXPECT_FALSE(hit("speaker:10121 backward", coaker));
  EXPECT_FALSE(hit("speaker:10564", coaker));
  EXPECT_FALSE(hit("speaker:10121", unknown));
}

TEST(Matcher, SpeakerRulesIgnoreHeadingsAndDivisions) {
  Item heading = speech("People Trafficking", "uk.org.publicwhip/person/10121");
  heading.kind = ItemKind::kMinorHeading;
  EXPECT_FALSE(hit("speaker:10121", heading));
  EXPECT_TRUE(hit("trafficking", heading));
}

TEST(Matcher, MatchItemsReportsEveryRuleItemPair) {
  const std::vector<Item> items{speech("human trafficking"), speech("nothing here"),
                                speech("trafficking again", "uk.org.publicwhip/person/1")};
  std::vector<const Item*> ptrs{&items[0], &items[1], &items[2]};
  const std::vector<Rule> rules{{7, *parse_query("trafficking")}, {8, *parse_query("speaker:1")}};
  const auto hits = match_items(rules, ptrs);
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].rule_id, 7);
  EXPECT_EQ(hits[0].item_index, 0u);
  EXPECT_EQ(hits[1].rule_id, 7);
  EXPECT_EQ(hits[1].item_index, 2u);
  EXPECT_EQ(hits[2].rule_id, 8);
  EXPECT_EQ(hits[2].item_index, 2u);
}

}  // namespace
}  // namespace pw::rules
