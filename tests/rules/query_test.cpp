#include "rules/query.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace pw::rules {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(Query, WordsAreAnalysedAndAnded) {
  auto q = parse_query("Human  TRAFFICKING");
  ASSERT_TRUE(q);
  EXPECT_THAT(q->words, ElementsAre("human", "trafficking"));
  EXPECT_TRUE(q->phrases.empty());
  EXPECT_TRUE(q->speaker.empty());
}

TEST(Query, QuotedPhrasesKeepTheirOrder) {
  auto q = parse_query("\"human trafficking\" police");
  ASSERT_TRUE(q);
  ASSERT_EQ(q->phrases.size(), 1u);
  EXPECT_THAT(q->phrases[0], ElementsAre("human", "trafficking"));
  EXPECT_THAT(q->words, ElementsAre("police"));
}

TEST(Query, SpeakerTakesANumberOrAFullPersonId) {
  EXPECT_EQ(parse_query("speaker:10121")->speaker, "uk.org.publicwhip/person/10121");
  EXPECT_EQ(parse_query("speaker:uk.org.publicwhip/person/10121")->speaker,
            "uk.org.publicwhip/person/10121");
  auto q = parse_query("trafficking speaker:10121");
  ASSERT_TRUE(q);
  EXPECT_THAT(q->words, ElementsAre("trafficking"));
}

TEST(Query, ErrorsPointAtTheColumnWithACaret) {
  auto q = parse_query("police \"human trafficking");
  ASSERT_FALSE(q);
  EXPECT_EQ(q.error().kind, ErrorKind::kInvalidInput);
  EXPECT_THAT(q.error().message, HasSubstr("column 8: unterminated quote"));
  EXPECT_THAT(q.error().message, HasSubstr("\n  police \"human trafficking\n         ^"));
  auto s = parse_query("speaker:coaker");
  ASSERT_FALSE(s);
  EXPECT_THAT(s.error().message, HasSubstr("column 9"));
}

TEST(Query, RefusesEmptyAndUnknownFilters) {
  EXPECT_FALSE(parse_query(""));
  EXPECT_FALSE(parse_query("   "));
  EXPECT_FALSE(parse_query("\"\""));
  EXPECT_FALSE(parse_query("--- !!"));
  EXPECT_THAT(parse_query("colour:red").error().message, HasSubstr("unknown filter 'colour:'"));
  EXPECT_FALSE(parse_query("speaker:1 speaker:2"));
  EXPECT_FALSE(parse_query(std::string(kMaxQueryBytes + 1, 'a')));
}

}  // namespace
}  // namespace pw::rules
