#include "core/london_time.hpp"

#include <fmt/format.h>

namespace pw {
namespace {

using namespace std::chrono;

// 01:00 UTC on the last Sunday of `m` in year `y`.
sys_seconds last_sunday_1am(year y, month m) {
  const sys_days end_of_month{y / m / last};
  const auto back = (weekday(end_of_month) - Sunday).count();
  return sys_seconds(end_of_month - days(back)) + hours(1);
}

sys_seconds to_london(system_clock::time_point t) {
  const auto s = floor<seconds>(t);
  const year y = year_month_day(floor<days>(s)).year();
  const bool summer = s >= last_sunday_1am(y, March) && s < last_sunday_1am(y, October);
  return s + (summer ? hours(1) : hours(0));
}

}  // namespace

int london_minute_of_day(system_clock::time_point t) {
  const auto local = to_london(t);
  return static_cast<int>(duration_cast<minutes>(local - floor<days>(local)).count());
}

std::string london_date(system_clock::time_point t) {
  const year_month_day d(floor<days>(to_london(t)));
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()),
                     static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
}

bool in_quiet_hours(system_clock::time_point t, int from_minute, int to_minute) {
  if (from_minute == to_minute) return false;
  const int m = london_minute_of_day(t);
  if (from_minute < to_minute) return m >= from_minute && m < to_minute;
  return m >= from_minute || m < to_minute;
}

system_clock::time_point next_london_time(system_clock::time_point t, int minute) {
  // London is UTC or UTC+1: of the instants that might show `minute` on
  // the clock today or on the next two days, keep the earliest that does.
  const auto day = floor<days>(t);
  auto best = system_clock::time_point::max();
  for (int d = 0; d <= 2; ++d) {
    for (int offset : {0, 1}) {
      const auto candidate =
          system_clock::time_point(day + days(d)) + minutes(minute) - hours(offset);
      if (candidate > t && candidate < best && london_minute_of_day(candidate) == minute) {
        best = candidate;
      }
    }
  }
  return best;
}

std::string days_before(const std::string& date, int n) {
  int y = 0;
  unsigned mo = 0;
  unsigned d = 0;
  if (std::sscanf(date.c_str(), "%d-%u-%u", &y, &mo, &d) != 3) return date;
  const sys_days when = sys_days(year(y) / month(mo) / day(d)) - days(n);
  return london_date(system_clock::time_point(when) + hours(12));
}

}  // namespace pw
