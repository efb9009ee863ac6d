#include "rules/query_dates.hpp"

#include <gtest/gtest.h>

namespace pw::rules {
namespace {

// The forms Xapian's DateValueRangeProcessor reads, day first.
TEST(QueryDates, ReadsXapiansDateForms) {
  EXPECT_EQ(parse_day("20091027"), 20091027u);
  EXPECT_EQ(parse_day("2009-10-27"), 20091027u);
  EXPECT_EQ(parse_day("2009/10/27"), 20091027u);
  EXPECT_EQ(parse_day("2009.1.5"), 20090105u);
  EXPECT_EQ(parse_day("27/10/2009"), 20091027u);
  EXPECT_EQ(parse_day("1-10-2009"), 20091001u);
  EXPECT_EQ(parse_day("27.10.09"), 20091027u);
  EXPECT_EQ(parse_day("27/10/75"), 19751027u);
}

TEST(QueryDates, RefusesDaysThatDoNotExistAndOtherShapes) {
  for (const char* bad : {"20090231", "31/02/2009", "29/02/2009", "2009-13-01", "2009-10",
                          "10/2009", "2009-10/27", "27/10/209", "", "abcdefgh", "200910270"}) {
    EXPECT_FALSE(parse_day(bad)) << bad;
  }
  EXPECT_EQ(parse_day("29/02/2008"), 20080229u);
  EXPECT_EQ(parse_day("29/02/2000"), 20000229u);
  EXPECT_FALSE(parse_day("29/02/1900"));
}

TEST(QueryDates, RangesMayBeOpenOnOneSide) {
  const auto r = parse_day_range("01/10/2009..31/10/2009");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->first, 20091001u);
  EXPECT_EQ(r->last, 20091031u);
  EXPECT_EQ(day_range_text(*r), "20091001..20091031");
  EXPECT_EQ(day_range_text(*parse_day_range("2009-10-01..")), "20091001..");
  EXPECT_EQ(day_range_text(*parse_day_range("..20091031")), "..20091031");
  EXPECT_FALSE(parse_day_range(".."));
  EXPECT_FALSE(parse_day_range("20091031..20091001"));
  EXPECT_FALSE(parse_day_range("20091001"));
  EXPECT_FALSE(parse_day_range("2009..2010"));
}

TEST(QueryDates, SittingDatesAndRangeShapedWords) {
  EXPECT_EQ(sitting_day("2009-10-27"), 20091027u);
  EXPECT_EQ(sitting_day(""), 0u);
  EXPECT_EQ(sitting_day("2009-02-30"), 0u);
  EXPECT_TRUE(looks_like_day_range("2009..2010"));
  EXPECT_TRUE(looks_like_day_range("01/10/2009..31/10/2009"));
  EXPECT_FALSE(looks_like_day_range("well..."));
  EXPECT_FALSE(looks_like_day_range("20091027"));
}

}  // namespace
}  // namespace pw::rules
