#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Sitting dates in rules: TheyWorkForYou's date: filter and date ranges
// (Xapian's DateValueRangeProcessor), as day numbers YYYYMMDD.
namespace pw::rules {

// The first and last day a date filter allows, as YYYYMMDD numbers.
struct DayRange {
  std::uint32_t first = 0;        // 0: no lower bound
  std::uint32_t last = 99991231;  // no upper bound
};

// Parses one date as Xapian's date range processor reads it: YYYYMMDD,
// YYYY-MM-DD (or with / or .), or day first, D/M/YYYY (or with - or .),
// where a two-digit year is 1970-2069. nullopt for anything else or a day
// that does not exist (31/02/2009).
std::optional<std::uint32_t> parse_day(std::string_view text);

// Parses "FROM..TO", either side may be empty (open). nullopt when a side
// is not a date, both are empty, or FROM is after TO.
std::optional<DayRange> parse_day_range(std::string_view text);

// The canonical text of a range: "20090101..20091231", "20090101..",
// "..20091231".
std::string day_range_text(const DayRange& r);

// The day number of a sitting date "YYYY-MM-DD"; 0 if it is not one.
std::uint32_t sitting_day(std::string_view date);

// True for a word that is shaped like a date range (digits and . / -
// around ".."), so the lexer reads it as one rather than as words.
bool looks_like_day_range(std::string_view word);

}  // namespace pw::rules
