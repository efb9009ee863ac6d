#include "parse/normalise.hpp"

#include <gtest/gtest.h>

namespace pw::parse {
namespace {

TEST(NormaliseTime, HandlesEveryShapeInTheData) {
  EXPECT_EQ(normalise_time("14:30:00"), "14:30:00");
  EXPECT_EQ(normalise_time("021:58:00"), "21:58:00");
  EXPECT_EQ(normalise_time("011:28:00"), "11:28:00");
  EXPECT_EQ(normalise_time("11:30"), "11:30:00");
  EXPECT_EQ(normalise_time("9:05"), "09:05:00");
}

TEST(NormaliseTime, EmptyOrUnreadableGivesEmpty) {
  EXPECT_EQ(normalise_time(""), "");
  EXPECT_EQ(normalise_time("noon"), "");
  EXPECT_EQ(normalise_time("25:00:00"), "");
  EXPECT_EQ(normalise_time("12:00:00:00"), "");
  EXPECT_EQ(normalise_time("12"), "");
  EXPECT_EQ(normalise_time("12::00"), "");
}

TEST(NormaliseColumn, StripsNonDigits) {
  EXPECT_EQ(normalise_column("349W"), 349);
  EXPECT_EQ(normalise_column("1WS"), 1);
  EXPECT_EQ(normalise_column("141"), 141);
  EXPECT_EQ(normalise_column(""), 0);
  EXPECT_EQ(normalise_column("WS"), 0);
  EXPECT_EQ(normalise_column("99999999999"), 0);
}

}  // namespace
}  // namespace pw::parse
