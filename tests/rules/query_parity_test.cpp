// How TheyWorkForYou's query syntax (its searchengine.php over Xapian's
// QueryParser) reads constructs beyond words and phrases, and that
// parlwatch reads them the same way or refuses them with a reason.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rules/query.hpp"
#include "tests/rules/query_text.hpp"

namespace pw::rules {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

using test::error_of;
using test::parsed;

// Xapian ORs boolean filters that share a prefix; TheyWorkForYou's
// advanced search writes "any of these people" that way.
TEST(QueryParity, RepeatedFiltersOfOneKindAreAlternatives) {
  EXPECT_EQ(parsed("speaker:10121 speaker:10565"),
            "(or speaker:uk.org.publicwhip/person/10121 speaker:uk.org.publicwhip/person/10565)");
  EXPECT_EQ(parsed("trafficking party:Lab party:Con"),
            "(and trafficking (or party:labour party:conservative))");
  EXPECT_EQ(parsed("section:debates section:whall police"),
            "(and (or section:debates section:whall) police)");
  EXPECT_EQ(parsed("section:debates major:2"), "(or section:debates section:whall)");
}

TEST(QueryParity, DifferentFilterKindsStillNarrow) {
  EXPECT_EQ(parsed("speaker:10121 party:Lab section:debates"),
            "(and speaker:uk.org.publicwhip/person/10121 party:labour section:debates)");
  EXPECT_EQ(parsed("speaker:10121 party:Lab speaker:10565"),
            "(and (or speaker:uk.org.publicwhip/person/10121 "
            "speaker:uk.org.publicwhip/person/10565) party:labour)");
}

TEST(QueryParity, ExcludedAndBracketedFiltersAreNotMerged) {
  EXPECT_EQ(parsed("police -speaker:1 -speaker:2"),
            "(and police (not speaker:uk.org.publicwhip/person/1) "
            "(not speaker:uk.org.publicwhip/person/2))");
  EXPECT_EQ(parsed("(speaker:1 OR police) speaker:2"),
            "(and (or speaker:uk.org.publicwhip/person/1 police) "
            "speaker:uk.org.publicwhip/person/2)");
}

// XOR binds loosest in Xapian's grammar.
TEST(QueryParity, XorIsAnOperatorBindingLoosest) {
  EXPECT_EQ(parsed("police XOR army"), "(xor police army)");
  EXPECT_EQ(parsed("a OR b XOR c d"), "(xor (or a b) (and c d))");
  EXPECT_EQ(parsed("(a XOR b) c"), "(and (xor a b) c)");
  EXPECT_EQ(parsed("xor"), "xor");  // lower case is a word, as in Xapian
  EXPECT_THAT(error_of("a XOR"), HasSubstr("expected a word, phrase or filter"));
  EXPECT_THAT(error_of("-a XOR -b"), HasSubstr("would match almost everything"));
}

TEST(QueryParity, MajorNumbersSelectSections) {
  EXPECT_EQ(parsed("major:3"), "(or section:wrans section:lordswrans)");
  EXPECT_EQ(parsed("major:101"), "section:lords");
  EXPECT_EQ(parsed("major:5"), "section:ni");
  EXPECT_EQ(parsed("major:6"), "section:pbc");
  EXPECT_THAT(error_of("major:10"), HasSubstr("does not read the Senedd"));
  EXPECT_THAT(error_of("major:99"), HasSubstr("unknown section '99'"));
  EXPECT_THAT(error_of("major:three"), HasSubstr("major: takes TheyWorkForYou's section number"));
}

TEST(QueryParity, GroupbyIsIgnoredWithANote) {
  auto q = parse_query("trafficking groupby:speech");
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_EQ(describe(q->root), "trafficking");
  ASSERT_EQ(q->notes.size(), 1u);
  EXPECT_THAT(q->notes[0], HasSubstr("groupby:speech is ignored"));
  EXPECT_THAT(parse_query("police")->notes, IsEmpty());
  EXPECT_THAT(error_of("groupby:debate"), HasSubstr("expected a word, phrase or filter"));
}

TEST(QueryParity, FiltersThatCannotSelectNewItemsAreRefusedWithAReason) {
  EXPECT_THAT(error_of("police column:349"), HasSubstr("column 8: column: picks printed"));
  EXPECT_THAT(error_of("gid:2009-10-27d.141.2"), HasSubstr("heading:"));
  EXPECT_THAT(error_of("segment:12345"), HasSubstr("names one past debate"));
  EXPECT_THAT(error_of("police batch:7"), HasSubstr("indexing run"));
}

TEST(QueryParity, DateRangesAndDateFilters) {
  EXPECT_EQ(parsed("trafficking 20090101..20091231"), "(and trafficking 20090101..20091231)");
  EXPECT_EQ(parsed("trafficking 2009-10-01..2009-10-31"), "(and trafficking 20091001..20091031)");
  EXPECT_EQ(parsed("trafficking 01/10/2009..31/10/2009"), "(and trafficking 20091001..20091031)");
  EXPECT_EQ(parsed("trafficking 2009-10-01.."), "(and trafficking 20091001..)");
  EXPECT_EQ(parsed("trafficking date:20091027"), "(and trafficking date:20091027)");
  EXPECT_EQ(parsed("trafficking date:20091027 date:20091028"),
            "(and trafficking (or date:20091027 date:20091028))");
  EXPECT_THAT(error_of("trafficking date:2009-10-27"),
              HasSubstr("date: takes one day as YYYYMMDD"));
  EXPECT_THAT(error_of("trafficking 20091031..20091001"), HasSubstr("the first not after"));
  EXPECT_THAT(error_of("trafficking 2009..2010"), HasSubstr("a date range needs real dates"));
  EXPECT_THAT(error_of("20090101..20091231"), HasSubstr("would match almost everything"));
}

// from: and to: become one range at the end of the query, wherever they
// are, as TheyWorkForYou rewrites them.
TEST(QueryParity, FromAndToMakeOneRangeAtTheEnd) {
  EXPECT_EQ(parsed("from:20090101 trafficking to:20091231"),
            "(and trafficking 20090101..20091231)");
  EXPECT_EQ(parsed("trafficking from:2009-10-01"), "(and trafficking 20091001..)");
  EXPECT_EQ(parsed("to:31/10/2009 trafficking"), "(and trafficking ..20091031)");
  EXPECT_EQ(parsed("police OR army from:20090101"), "(or police (and army 20090101..))");
  EXPECT_THAT(error_of("trafficking from:tomorrow"), HasSubstr("a date range needs real dates"));
  EXPECT_EQ(parsed("well... trafficking"), "(and well... trafficking)");
}

TEST(QueryParity, SectionUkIsEveryUkChamberReadWithoutANote) {
  auto q = parse_query("trafficking section:uk");
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_TRUE(q->notes.empty());
}

}  // namespace
}  // namespace pw::rules
