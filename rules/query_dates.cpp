#include "rules/query_dates.hpp"

#include <array>
#include <charconv>
#include <vector>

#include <fmt/format.h>

namespace pw::rules {
namespace {

constexpr std::uint32_t kOpenEnd = 99991231;

bool leap(std::uint32_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

std::optional<std::uint32_t> day_number(std::uint32_t y, std::uint32_t m, std::uint32_t d) {
  static constexpr std::array<std::uint32_t, 12> kDays{31, 28, 31, 30, 31, 30,
                                                       31, 31, 30, 31, 30, 31};
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return std::nullopt;
  const std::uint32_t most = kDays.at(m - 1) + (m == 2 && leap(y) ? 1 : 0);
  if (d > most) return std::nullopt;
  return y * 10000 + m * 100 + d;
}

std::optional<std::uint32_t> number(std::string_view s) {
  std::uint32_t n = 0;
  if (s.empty() || s.size() > 8) return std::nullopt;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return n;
}

// Splits "a-b-c" (or / or .) into three digit runs; empty if not that shape.
std::vector<std::string_view> three_parts(std::string_view s) {
  const auto sep = s.find_first_of("-/.");
  if (sep == std::string_view::npos) return {};
  const char c = s[sep];
  const auto second = s.find(c, sep + 1);
  if (second == std::string_view::npos || s.find(c, second + 1) != std::string_view::npos) {
    return {};
  }
  return {s.substr(0, sep), s.substr(sep + 1, second - sep - 1), s.substr(second + 1)};
}

}  // namespace

std::optional<std::uint32_t> parse_day(std::string_view text) {
  if (text.size() == 8 && text.find_first_not_of("0123456789") == std::string_view::npos) {
    const auto n = number(text);
    if (!n) return std::nullopt;
    return day_number(*n / 10000, *n / 100 % 100, *n % 100);
  }
  const auto parts = three_parts(text);
  if (parts.size() != 3) return std::nullopt;
  const auto a = number(parts[0]);
  const auto b = number(parts[1]);
  const auto c = number(parts[2]);
  if (!a || !b || !c || parts[1].size() > 2) return std::nullopt;
  if (parts[0].size() == 4 && parts[2].size() <= 2) return day_number(*a, *b, *c);
  if (parts[0].size() > 2) return std::nullopt;
  if (parts[2].size() == 4) return day_number(*c, *b, *a);
  if (parts[2].size() == 2) return day_number(*c < 70 ? 2000 + *c : 1900 + *c, *b, *a);
  return std::nullopt;
}

std::optional<DayRange> parse_day_range(std::string_view text) {
  const auto dots = text.find("..");
  if (dots == std::string_view::npos) return std::nullopt;
  const auto from = text.substr(0, dots);
  const auto to = text.substr(dots + 2);
  if (from.empty() && to.empty()) return std::nullopt;
  DayRange r;
  if (!from.empty()) {
    const auto d = parse_day(from);
    if (!d) return std::nullopt;
    r.first = *d;
  }
  if (!to.empty()) {
    const auto d = parse_day(to);
    if (!d) return std::nullopt;
    r.last = *d;
  }
  if (r.first > r.last) return std::nullopt;
  return r;
}

std::string day_range_text(const DayRange& r) {
  return fmt::format("{}..{}", r.first == 0 ? "" : std::to_string(r.first),
                     r.last == kOpenEnd ? "" : std::to_string(r.last));
}

std::uint32_t sitting_day(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return 0;
  const auto y = number(date.substr(0, 4));
  const auto m = number(date.substr(5, 2));
  const auto d = number(date.substr(8, 2));
  if (!y || !m || !d) return 0;
  return day_number(*y, *m, *d).value_or(0);
}

bool looks_like_day_range(std::string_view word) {
  if (word.find("..") == std::string_view::npos) return false;
  return word.find_first_not_of("0123456789./-") == std::string_view::npos;
}

}  // namespace pw::rules
