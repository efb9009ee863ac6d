#include "core/london_time.hpp"

#include <gtest/gtest.h>

namespace pw {
namespace {

using std::chrono::system_clock;

system_clock::time_point utc(int y, unsigned m, unsigned d, int h, int min) {
  using namespace std::chrono;
  return system_clock::time_point(sys_days(year(y) / month(m) / day(d))) + hours(h) + minutes(min);
}

TEST(Schedule, LondonTimeFollowsBritishSummerTime) {
  EXPECT_EQ(london_minute_of_day(utc(2026, 1, 15, 12, 0)), 12 * 60);
  EXPECT_EQ(london_minute_of_day(utc(2026, 7, 1, 12, 0)), 13 * 60);
  // 2026: BST from 01:00 UTC on 29 March to 01:00 UTC on 25 October.
  EXPECT_EQ(london_minute_of_day(utc(2026, 3, 29, 0, 59)), 59);
  EXPECT_EQ(london_minute_of_day(utc(2026, 3, 29, 1, 0)), 2 * 60);
  EXPECT_EQ(london_minute_of_day(utc(2026, 10, 25, 0, 59)), 60 + 59);
  EXPECT_EQ(london_minute_of_day(utc(2026, 10, 25, 1, 0)), 60);
  EXPECT_EQ(london_date(utc(2026, 6, 30, 23, 30)), "2026-07-01");
  EXPECT_EQ(london_date(utc(2026, 12, 31, 23, 30)), "2026-12-31");
}

TEST(Schedule, QuietHoursMayWrapMidnight) {
  EXPECT_FALSE(in_quiet_hours(utc(2026, 1, 15, 3, 0), 0, 0));
  EXPECT_TRUE(in_quiet_hours(utc(2026, 1, 15, 3, 0), 60, 6 * 60));
  EXPECT_FALSE(in_quiet_hours(utc(2026, 1, 15, 6, 0), 60, 6 * 60));
  EXPECT_TRUE(in_quiet_hours(utc(2026, 1, 15, 23, 30), 22 * 60, 6 * 60));
  EXPECT_TRUE(in_quiet_hours(utc(2026, 1, 15, 5, 59), 22 * 60, 6 * 60));
  EXPECT_FALSE(in_quiet_hours(utc(2026, 1, 15, 12, 0), 22 * 60, 6 * 60));
  EXPECT_TRUE(in_quiet_hours(utc(2026, 7, 15, 5, 30), 6 * 60, 7 * 60));  // 06:30 BST
}

TEST(Schedule, DaysBefore) {
  EXPECT_EQ(days_before("2026-03-01", 1), "2026-02-28");
  EXPECT_EQ(days_before("2024-03-01", 1), "2024-02-29");
  EXPECT_EQ(days_before("2026-01-10", 14), "2025-12-27");
  EXPECT_EQ(days_before("2026-01-10", 0), "2026-01-10");
}

TEST(Schedule, TheDailyDigestTimeFollowsLondonAcrossClockChanges) {
  constexpr int k0700 = 7 * 60;
  // Winter: 07:00 London is 07:00 UTC.
  EXPECT_EQ(next_london_time(utc(2026, 1, 15, 12, 0), k0700), utc(2026, 1, 16, 7, 0));
  EXPECT_EQ(next_london_time(utc(2026, 1, 15, 6, 59), k0700), utc(2026, 1, 15, 7, 0));
  // The night the clocks go forward (29 March 2026): 07:00 BST is 06:00 UTC.
  EXPECT_EQ(next_london_time(utc(2026, 3, 28, 12, 0), k0700), utc(2026, 3, 29, 6, 0));
  // Summer.
  EXPECT_EQ(next_london_time(utc(2026, 7, 1, 6, 0), k0700), utc(2026, 7, 2, 6, 0));
  // The night they go back (25 October 2026): 07:00 GMT is 07:00 UTC.
  EXPECT_EQ(next_london_time(utc(2026, 10, 24, 12, 0), k0700), utc(2026, 10, 25, 7, 0));
  // Exactly at the time: the next day's.
  EXPECT_EQ(next_london_time(utc(2026, 1, 15, 7, 0), k0700), utc(2026, 1, 16, 7, 0));
  // 01:30 on the night the clocks go forward does not exist: the next 01:30 is a day later.
  EXPECT_EQ(next_london_time(utc(2026, 3, 28, 12, 0), 90), utc(2026, 3, 30, 0, 30));
}

}  // namespace
}  // namespace pw
