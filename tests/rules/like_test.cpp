#include "rules/like.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "parse/transcript_parser.hpp"
#include "rules/rule_set.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw::rules {
namespace {

Transcript load(const char* name) {
  auto t = parse::parse_transcript(name, test::read_data(name));
  EXPECT_TRUE(t) << name;
  return t ? *t : Transcript{};
}

// The story the project grew from: a reader of the 2007 People Trafficking
// debate asks for "debates like this" and hears about the 2009 written
// answers on human trafficking.
TEST(DebatesLikeThis, TheSeedDebateYieldsARuleThatFindsTheHumanTraffickingAnswers) {
  const Transcript seed = load("debates2007-11-26a.xml");
  const Transcript answers = load("answers2009-10-28c.xml");
  const Transcript debates = load("debates2009-10-27d.xml");
  Analyzer analyzer;
  CorpusStats corpus;
  for (const auto* t : {&seed, &answers, &debates}) {
    for (const auto& item : t->items) corpus.add(item.text, analyzer);
  }
  std::vector<Item> debate;
  for (const auto& item : seed.items) {
    if (!item.headings.empty() && item.headings.back() == "People Trafficking")
      debate.push_back(item);
  }
  const auto s = suggest_like_rule(debate, "People Trafficking", corpus, analyzer);
  EXPECT_THAT(s.rule, ::testing::StartsWith("\"People Trafficking\" OR trafficking"));
  ASSERT_GE(s.terms.size(), 3u);
  EXPECT_EQ(s.terms[0].stem, "traffick");
  for (const auto& t : s.terms) {
    EXPECT_NE(t.word, "coaker");  // speakers' names are never chosen
    EXPECT_FALSE(is_stop_word(t.word));
  }

  auto q = parse_query(s.rule);
  ASSERT_TRUE(q) << q.error().message;
  RuleSet set;
  ASSERT_TRUE(set.add(1, *q, analyzer));
  MatchContext ctx;
  std::vector<std::string> matched;
  for (const auto& item : answers.items) {
    std::vector<std::int64_t> ids;
    set.match(item, answers.section, ctx, ids);
    if (!ids.empty()) matched.push_back(item.gid);
  }
  EXPECT_THAT(matched, ::testing::Contains("uk.org.publicwhip/wrans/2009-10-28c.294867.q0"));
  EXPECT_THAT(matched, ::testing::Contains("uk.org.publicwhip/wrans/2009-10-28c.294867.r0"));
  EXPECT_LE(matched.size(), 5u);  // about trafficking, not about everything
}

TEST(DebatesLikeThis, FollowRuleMatchesLaterItemsUnderTheSameHeading) {
  const std::string rule = follow_rule("People \"Trafficking\"");
  EXPECT_EQ(rule, "heading:\"People Trafficking\"");
  auto q = parse_query(rule);
  ASSERT_TRUE(q);
  Analyzer analyzer;
  RuleSet set;
  ASSERT_TRUE(set.add(1, *q, analyzer));
  Item later;
  later.kind = ItemKind::kSpeech;
  later.text = "A later stage of the same debate.";
  later.headings = {"Home Department", "People Trafficking"};
  MatchContext ctx;
  std::vector<std::int64_t> ids;
  set.match(later, Section::kDebates, ctx, ids);
  EXPECT_EQ(ids.size(), 1u);
  later.headings = {"Home Department", "Police Numbers"};
  ids.clear();
  set.match(later, Section::kDebates, ctx, ids);
  EXPECT_TRUE(ids.empty());
}

}  // namespace
}  // namespace pw::rules
