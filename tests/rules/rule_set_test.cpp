#include "rules/rule_set.hpp"

#include <algorithm>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace pw::rules {
namespace {

Item speech(const std::string& text, const std::string& person = "",
            const std::string& party = "") {
  Item i;
  i.kind = ItemKind::kSpeech;
  i.text = text;
  i.speaker.person_id = person;
  i.speaker.party = party;
  return i;
}

// Matches one rule against one item both through the index and by checking
// the rule directly, and insists the two agree.
bool hit(const std::string& query, const Item& item, Section section = Section::kDebates) {
  auto q = parse_query(query);
  EXPECT_TRUE(q) << query << ": " << (q ? "" : q.error().message);
  if (!q) return false;
  Analyzer analyzer;
  RuleSet set;
  EXPECT_TRUE(set.add(1, *q, analyzer));
  MatchContext ctx;
  std::vector<std::int64_t> indexed;
  std::vector<std::int64_t> direct;
  set.match(item, section, ctx, indexed);
  set.match_all_rules(item, section, ctx, direct);
  EXPECT_EQ(indexed, direct) << query;
  return !indexed.empty();
}

// Matches `item` through the index and by checking every rule, insists
// the two agree, and returns the ids sorted.
std::vector<std::int64_t> match_both(const RuleSet& set, const Item& item, MatchContext& ctx,
                                     MatchCounters* counters) {
  std::vector<std::int64_t> indexed;
  std::vector<std::int64_t> naive;
  set.match(item, Section::kDebates, ctx, indexed, counters);
  set.match_all_rules(item, Section::kDebates, ctx, naive);
  std::sort(indexed.begin(), indexed.end());
  std::sort(naive.begin(), naive.end());
  EXPECT_EQ(indexed, naive);
  return indexed;
}

TEST(Matching, WordsAreStemmedAndAnded) {
  const Item i = speech("Victims of people trafficking were found.");
  EXPECT_TRUE(hit("trafficking", i));
  EXPECT_TRUE(hit("trafficked victim", i));
  EXPECT_TRUE(hit("TRAFFICKERS", i));
  EXPECT_FALSE(hit("trafficking slavery", i));
}

TEST(Matching, QuotedWordsAndPhrasesMatchExactlyAfterFolding) {
  const Item i = speech("Victims of people trafficking were found in Ume\u00e5.");
  EXPECT_TRUE(hit("\"trafficking\"", i));
  EXPECT_FALSE(hit("\"trafficked\"", i));
  EXPECT_TRUE(hit("\"people trafficking\"", i));
  EXPECT_TRUE(hit("\"PEOPLE   Trafficking\"", i));
  EXPECT_FALSE(hit("\"trafficking people\"", i));
  EXPECT_TRUE(hit("\"umea\"", i));
}

TEST(Matching, OrAndNotAndParentheses) {
  const Item i = speech("The NHS and social care budgets.");
  EXPECT_TRUE(hit("nhs OR dentist", i));
  EXPECT_TRUE(hit("dentist OR \"social care\"", i));
  EXPECT_FALSE(hit("dentist OR orthodontist", i));
  EXPECT_FALSE(hit("nhs -budgets", i));
  EXPECT_TRUE(hit("nhs -dentist", i));
  EXPECT_TRUE(hit("(dentist OR nhs) budget", i));
  EXPECT_FALSE(hit("nhs -(dentist OR care)", i));
}

TEST(Matching, NearCountsPositions) {
  const Item i = speech("the police will act against the criminal gangs who traffic women");
  EXPECT_TRUE(hit("police NEAR gangs", i));
  EXPECT_TRUE(hit("police NEAR/6 gangs", i));
  EXPECT_FALSE(hit("police NEAR/5 gangs", i));
  EXPECT_TRUE(hit("gangs NEAR/6 police", i));
  EXPECT_TRUE(hit("\"criminal gangs\" NEAR/4 women", i));  // counted from a phrase's first word
  EXPECT_FALSE(hit("\"criminal gangs\" NEAR/3 women", i));
  EXPECT_FALSE(hit("\"criminal women\" NEAR police", i));
}

TEST(Matching, TrailingWildcardsMatchWordPrefixes) {
  const Item i = speech("Traffickers were convicted.");
  EXPECT_TRUE(hit("traffick*", i));
  EXPECT_TRUE(hit("convict* traffick*", i));
  EXPECT_FALSE(hit("trafficz*", i));
}

TEST(Matching, HyphenatedFormsAreInterchangeable) {
  for (const char* doc : {"anti-social behaviour", "antisocial behaviour"}) {
    SCOPED_TRACE(doc);
    const Item i = speech(doc);
    EXPECT_TRUE(hit("antisocial", i));
    EXPECT_TRUE(hit("anti-social", i));
  }
  EXPECT_TRUE(hit("\"anti social\"", speech("anti-social behaviour")));
  EXPECT_TRUE(hit("anti social", speech("anti-social behaviour")));
  EXPECT_TRUE(hit("\"anti-social behaviour\"", speech("anti-social behaviour")));
  EXPECT_TRUE(hit("\"anti-social behaviour\"", speech("anti social behaviour")));
  // A phrase's words follow one another in the text: the joined form of a
  // hyphenated word is not followed by its own second part.
  EXPECT_FALSE(hit("\"antisocial social\"", speech("anti-social behaviour")));
  EXPECT_FALSE(hit("\"antisocial behaviour\"", speech("anti-social behaviour")));
}

TEST(Matching, LongPhrasesNeedEveryWordInOrder) {
  const Item i = speech("the gangs who traffic women and children across borders");
  EXPECT_TRUE(hit("\"traffic women and children\"", i));
  EXPECT_TRUE(hit("\"women and children across borders\"", i));
  EXPECT_FALSE(hit("\"traffic women and borders\"", i));
  EXPECT_FALSE(hit("\"women children across\"", i));
  EXPECT_TRUE(hit("\"women and children\" NEAR/3 gangs", i));
}

TEST(Matching, PossessivesCurlyQuotesAndDiacritics) {
  EXPECT_TRUE(hit("minister", speech("the Minister\u2019s answer")));
  EXPECT_TRUE(hit("\"minister answer\"", speech("the Minister\u2019s answer")));
  EXPECT_TRUE(hit("Fein", speech("Sinn F\u00e9in members")));
  EXPECT_TRUE(hit("F\u00e9in", speech("Sinn Fein members")));
}

TEST(Matching, BritishAndAmericanSpellings) {
  EXPECT_TRUE(hit("organization", speech("a charitable organisation")));
  EXPECT_TRUE(hit("labor", speech("forced labour")));
  EXPECT_FALSE(hit("program", speech("the building programme")));
}

TEST(Matching, SpeakerRulesNeedAKnownSpokenItem) {
  const Item coaker = speech("We are taking this forward", "uk.org.publicwhip/person/10121", "Lab");
  EXPECT_TRUE(hit("speaker:10121", coaker));
  EXPECT_TRUE(hit("speaker:10121 forward", coaker));
  EXPECT_FALSE(hit("speaker:10121 backward", coaker));
  EXPECT_FALSE(hit("speaker:10564", coaker));
  EXPECT_FALSE(hit("speaker:10121", speech("We are taking this forward")));
  Item heading = coaker;
  heading.kind = ItemKind::kMinorHeading;
  EXPECT_FALSE(hit("speaker:10121", heading));
  EXPECT_TRUE(hit("forward", heading));  // procedural and heading text matches keywords
}

TEST(Matching, PartySectionDepartmentAndHeadingFilters) {
  Item answer =
      speech("The Home Office is tackling trafficking.", "uk.org.publicwhip/person/1", "LDem");
  answer.kind = ItemKind::kAnswer;
  answer.headings = {"HOME DEPARTMENT", "Human Trafficking"};
  EXPECT_TRUE(hit("party:\"Liberal Democrat\"", answer, Section::kWrans));
  EXPECT_FALSE(hit("party:Lab", answer, Section::kWrans));
  EXPECT_TRUE(hit("trafficking section:wrans", answer, Section::kWrans));
  EXPECT_TRUE(hit("trafficking section:uk", answer, Section::kWrans));
  EXPECT_FALSE(hit("trafficking section:debates", answer, Section::kWrans));
  EXPECT_TRUE(hit("department:home", answer, Section::kWrans));
  EXPECT_TRUE(hit("department:\"Home Department\"", answer, Section::kWrans));
  EXPECT_FALSE(hit("department:health", answer, Section::kWrans));
  EXPECT_FALSE(hit("department:home", answer, Section::kDebates));
  EXPECT_TRUE(hit("heading:\"human trafficking\"", answer, Section::kWrans));
  EXPECT_FALSE(hit("heading:\"human\"", answer, Section::kWrans));
}

TEST(Matching, TheyWorkForYouCriteria) {
  Item answer = speech("Funding for social care in the NHS.", "uk.org.publicwhip/person/10040");
  answer.kind = ItemKind::kAnswer;
  const std::string criteria = "(\"NHS\" OR \"social care\") -dentist speaker:10040 section:wrans";
  EXPECT_TRUE(hit(criteria, answer, Section::kWrans));
  EXPECT_FALSE(hit(criteria, answer, Section::kWms));
  answer.text += " And dentists.";
  EXPECT_FALSE(hit(criteria, answer, Section::kWrans));
}

TEST(RuleSet, AddRemoveAndReplaceOneRuleAtATime) {
  Analyzer analyzer;
  RuleSet set;
  ASSERT_TRUE(set.add(1, *parse_query("trafficking"), analyzer));
  ASSERT_TRUE(set.add(2, *parse_query("\"human trafficking\""), analyzer));
  ASSERT_TRUE(set.add(3, *parse_query("slavery"), analyzer));
  const Item i = speech("human trafficking and slavery");
  MatchContext ctx;
  std::vector<std::int64_t> ids;
  set.match(i, Section::kDebates, ctx, ids);
  EXPECT_THAT(ids, ::testing::UnorderedElementsAre(1, 2, 3));
  EXPECT_TRUE(set.remove(2));
  EXPECT_FALSE(set.remove(2));
  ASSERT_TRUE(set.add(3, *parse_query("piracy"), analyzer));
  ids.clear();
  set.match(i, Section::kDebates, ctx, ids);
  EXPECT_THAT(ids, ::testing::ElementsAre(1));
  EXPECT_EQ(set.size(), 2u);
  EXPECT_EQ(set.catch_all_size(), 0u);
}

TEST(RuleSet, RulesWithTheSameQueryShareOneEntry) {
  Analyzer analyzer;
  RuleSet set;
  ASSERT_TRUE(set.add(1, *parse_query("NHS"), analyzer));
  ASSERT_TRUE(set.add(2, *parse_query("nhs"), analyzer));
  ASSERT_TRUE(set.add(3, *parse_query("  NHS "), analyzer));
  ASSERT_TRUE(set.add(4, *parse_query("dentist"), analyzer));
  ASSERT_TRUE(set.add(5, *parse_query("\"NHS\""), analyzer));  // exact: another query
  EXPECT_EQ(set.size(), 5u);
  EXPECT_EQ(set.query_count(), 3u);
  const Item i = speech("NHS waiting lists");
  MatchContext ctx;
  auto both = [&] {
    MatchCounters counters;
    auto ids = match_both(set, i, ctx, &counters);
    EXPECT_EQ(counters.matches, ids.size());
    return ids;
  };
  EXPECT_THAT(both(), ::testing::ElementsAre(1, 2, 3, 5));
  EXPECT_TRUE(set.remove(1));  // the entry's first rule
  EXPECT_THAT(both(), ::testing::ElementsAre(2, 3, 5));
  ASSERT_TRUE(set.add(3, *parse_query("dentist"), analyzer));  // moves to another query
  EXPECT_THAT(both(), ::testing::ElementsAre(2, 5));
  EXPECT_TRUE(set.remove(2));
  EXPECT_THAT(both(), ::testing::ElementsAre(5));
  EXPECT_EQ(set.query_count(), 2u);
  ASSERT_TRUE(set.add(6, *parse_query("nhs"), analyzer));
  ASSERT_TRUE(set.add(7, *parse_query("nhs"), analyzer));
  EXPECT_THAT(both(), ::testing::ElementsAre(5, 6, 7));
  EXPECT_TRUE(set.remove(7));  // not the first
  EXPECT_THAT(both(), ::testing::ElementsAre(5, 6));
  std::vector<std::int64_t> dentists;
  set.match(speech("a dentist"), Section::kDebates, ctx, dentists);
  EXPECT_THAT(dentists, ::testing::UnorderedElementsAre(3, 4));
  EXPECT_EQ(set.size(), 4u);
}

TEST(RuleSet, ARuleAddedAlikeSharesTheQueryWithoutCompilingIt) {
  Analyzer analyzer;
  RuleSet set;
  ASSERT_TRUE(set.add(1, *parse_query("speaker:10001 OR dentist"), analyzer));
  ASSERT_TRUE(set.add(2, *parse_query("waiting"), analyzer));
  EXPECT_FALSE(set.add_alike(3, 99));  // no such rule
  EXPECT_FALSE(set.add_alike(1, 1));
  ASSERT_TRUE(set.add_alike(3, 1));
  ASSERT_TRUE(set.add_alike(2, 1));  // rule 2 leaves "waiting"
  EXPECT_EQ(set.size(), 3u);
  EXPECT_EQ(set.query_count(), 1u);
  EXPECT_TRUE(set.is_speaker_rule(3));
  MatchContext ctx;
  EXPECT_THAT(match_both(set, speech("a dentist"), ctx, nullptr), ::testing::ElementsAre(1, 2, 3));
  EXPECT_THAT(match_both(set, speech("waiting lists"), ctx, nullptr), ::testing::IsEmpty());
  EXPECT_TRUE(set.remove(1));  // the query stays for the others
  EXPECT_THAT(match_both(set, speech("a dentist"), ctx, nullptr), ::testing::ElementsAre(2, 3));
  EXPECT_THAT(match_both(set, speech("hello", "uk.org.publicwhip/person/10001"), ctx, nullptr),
              ::testing::ElementsAre(2, 3));
}

TEST(RuleSet, AMatchingQueryIsHandedOutOnceWithAllItsRules) {
  Analyzer analyzer;
  RuleSet set;
  for (const std::int64_t id : {10, 11, 12})
    ASSERT_TRUE(set.add(id, *parse_query("nhs"), analyzer));
  ASSERT_TRUE(set.add(20, *parse_query("waiting"), analyzer));
  ASSERT_TRUE(set.add(30, *parse_query("dentist"), analyzer));
  MatchContext ctx;
  std::vector<RuleIds> found;
  MatchCounters counters;
  set.match(speech("NHS waiting lists"), Section::kDebates, ctx, found, &counters);
  std::vector<std::vector<std::int64_t>> groups;
  groups.reserve(found.size());
  for (const RuleIds ids : found) groups.emplace_back(ids.begin(), ids.end());
  EXPECT_THAT(groups, ::testing::UnorderedElementsAre(::testing::ElementsAre(10, 11, 12),
                                                      ::testing::ElementsAre(20)));
  EXPECT_EQ(counters.candidates, 2u);
  EXPECT_EQ(counters.matches, 4u);
  EXPECT_TRUE(set.remove(11));
  EXPECT_TRUE(set.remove(10));
  found.clear();
  set.match(speech("NHS"), Section::kDebates, ctx, found);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_THAT(std::vector<std::int64_t>(found[0].begin(), found[0].end()),
              ::testing::ElementsAre(12));
}

TEST(RuleSet, AnAnchorsPartnerAndVetoProveSimpleRulesWithoutVerifying) {
  Analyzer analyzer;
  RuleSet set;
  const std::vector<std::string> queries = {"nhs dentist",
                                            "(nhs OR care) dentist",
                                            "dentist speaker:10040",
                                            "dentist -nhs",
                                            "dentist NEAR/1 nhs",
                                            "dentist -nhs -care",
                                            "(dentist -nhs) OR (care -dentist)"};
  for (std::size_t i = 0; i < queries.size(); ++i) {
    ASSERT_TRUE(set.add(static_cast<std::int64_t>(i + 1), *parse_query(queries[i]), analyzer));
  }
  MatchContext ctx;
  auto run = [&](const Item& item) {
    MatchCounters counters;
    auto ids = match_both(set, item, ctx, &counters);
    return std::make_pair(ids, counters.verified);
  };
  // Only the NEAR needs a look: rules 4, 6 and 7 are ruled out by vetoes.
  EXPECT_EQ(run(speech("The NHS dentist", "uk.org.publicwhip/person/10040")),
            std::make_pair(std::vector<std::int64_t>{1, 2, 3, 5}, std::uint64_t{1}));
  EXPECT_EQ(run(speech("care for a dentist")).first, (std::vector<std::int64_t>{2, 4, 7}));
  // Rule 6's second exclusion is checked by verifying.
  EXPECT_EQ(run(speech("a dentist")),
            std::make_pair(std::vector<std::int64_t>{4, 6, 7}, std::uint64_t{1}));
  EXPECT_EQ(run(speech("nhs care")).second, 0u);
}

TEST(RuleSet, SharedQueriesWithoutAnAnchorAreCheckedOnEveryItem) {
  Analyzer analyzer;
  RuleSet set;
  // The parser refuses such a query ("nhs OR -dentist"); the set must
  // still be right about one built by hand.
  Query q;
  q.text = "nhs OR -dentist";
  q.root.kind = QueryNode::Kind::kOr;
  QueryNode nhs;
  nhs.text = "nhs";
  QueryNode dentist;
  dentist.text = "dentist";
  QueryNode without;
  without.kind = QueryNode::Kind::kNot;
  without.children.push_back(dentist);
  q.root.children = {nhs, without};
  ASSERT_TRUE(set.add(1, q, analyzer));
  ASSERT_TRUE(set.add(2, q, analyzer));
  EXPECT_EQ(set.catch_all_size(), 2u);
  MatchContext ctx;
  std::vector<std::int64_t> ids;
  set.match(speech("waiting lists"), Section::kDebates, ctx, ids);
  EXPECT_THAT(ids, ::testing::UnorderedElementsAre(1, 2));
  ids.clear();
  set.match(speech("a dentist"), Section::kDebates, ctx, ids);
  EXPECT_TRUE(ids.empty());
  EXPECT_TRUE(set.remove(1));
  EXPECT_EQ(set.catch_all_size(), 1u);
  set.match(speech("waiting lists"), Section::kDebates, ctx, ids);
  EXPECT_THAT(ids, ::testing::ElementsAre(2));
}

TEST(RuleSet, AContextCanMoveBetweenRuleSetsOfTheSameSize) {
  Analyzer analyzer;
  RuleSet first;
  RuleSet second;
  ASSERT_TRUE(first.add(1, *parse_query("slavery"), analyzer));
  ASSERT_TRUE(second.add(2, *parse_query("piracy"), analyzer));
  ASSERT_EQ(first.term_count(), second.term_count());
  MatchContext ctx;
  std::vector<std::int64_t> ids;
  first.match(speech("slavery"), Section::kDebates, ctx, ids);
  second.match(speech("slavery"), Section::kDebates, ctx, ids);
  second.match(speech("piracy"), Section::kDebates, ctx, ids);
  EXPECT_THAT(ids, ::testing::ElementsAre(1, 2));
}

TEST(RuleSet, WordsWithoutLettersAreRefusedWithACaret) {
  Analyzer analyzer;
  RuleSet set;
  auto bad = set.add(1, *parse_query("police !!!"), analyzer);
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error().message, ::testing::HasSubstr("column 8: '!!!' has no letters"));
  EXPECT_EQ(set.size(), 0u);
}

TEST(RuleSet, SpeakerRulesAreKnown) {
  Analyzer analyzer;
  RuleSet set;
  ASSERT_TRUE(set.add(1, *parse_query("trafficking speaker:10121"), analyzer));
  ASSERT_TRUE(set.add(2, *parse_query("trafficking -speaker:10121"), analyzer));
  EXPECT_TRUE(set.is_speaker_rule(1));
  EXPECT_FALSE(set.is_speaker_rule(2));
}

}  // namespace
}  // namespace pw::rules
