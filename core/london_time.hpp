#pragma once

#include <chrono>
#include <string>

namespace pw {

// Minutes after local midnight in London (GMT, or BST from 01:00 UTC on
// the last Sunday of March to 01:00 UTC on the last Sunday of October).
int london_minute_of_day(std::chrono::system_clock::time_point t);

// The London calendar date of `t`, as YYYY-MM-DD.
std::string london_date(std::chrono::system_clock::time_point t);

// True when London time is within [from, to) minutes after midnight; the
// window may wrap midnight (from > to). from == to means no quiet hours.
bool in_quiet_hours(std::chrono::system_clock::time_point t, int from_minute, int to_minute);

// The first time after `t` when London's clock shows `minute` minutes
// after midnight (07:00 is 420), across changes to and from summer time.
std::chrono::system_clock::time_point next_london_time(std::chrono::system_clock::time_point t,
                                                       int minute);

// The date `days` days before `date` (YYYY-MM-DD).
std::string days_before(const std::string& date, int days);

}  // namespace pw
