#include "core/gid.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

namespace pw {
namespace {

// ParlParse re-issues a sitting's file a handful of times at most; two
// letters ("aa".."zz") is far beyond any real one, and more would let a
// made-up name supersede every real version.
constexpr std::size_t kMaxVersionLetters = 2;
// The first year of the published Hansard ParlParse covers.
constexpr int kFirstYear = 1800;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}

// True if s[pos..] starts with "YYYY-MM-DD".
bool date_at(std::string_view s, std::size_t pos) {
  if (pos + 10 > s.size()) return false;
  for (std::size_t i = 0; i < 10; ++i) {
    const char c = s[pos + i];
    const bool dash = (i == 4 || i == 7);
    if (dash ? c != '-' : !is_digit(c)) return false;
  }
  return true;
}

// True if "YYYY-MM-DD" names a day of the calendar.
bool real_date(std::string_view d) {
  const auto number = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (d[i] - '0');
    return v;
  };
  const std::chrono::year_month_day ymd{std::chrono::year{number(0, 4)},
                                        std::chrono::month{static_cast<unsigned>(number(5, 2))},
                                        std::chrono::day{static_cast<unsigned>(number(8, 2))}};
  return ymd.ok() && number(0, 4) >= kFirstYear;
}

// In a committee file name, after the first date: "_" BILL "_" SITTING "_"
// then the sitting's date; returns where that date starts.
std::optional<std::size_t> committee_sitting_date(std::string_view name, std::size_t p) {
  for (int field = 0; field < 3; ++field) {
    if (p >= name.size() || name[p] != '_') return std::nullopt;
    const std::size_t next = field < 2 ? name.find('_', p + 1) : p + 1;
    if (next == std::string_view::npos || (field < 2 && next == p + 1)) return std::nullopt;
    p = next;
  }
  if (!date_at(name, p)) return std::nullopt;
  return p;
}

}  // namespace

std::string gid_key(std::string_view gid) {
  const std::size_t slash = gid.rfind('/');
  const std::size_t start = slash == std::string_view::npos ? 0 : slash + 1;
  const std::size_t dot = std::min(gid.find('.', start), gid.size());
  std::size_t end = dot;
  while (end > start && is_lower(gid[end - 1])) --end;
  if (end < start + 10 || !date_at(gid, end - 10)) return std::string(gid);
  std::string key(gid.substr(0, end));
  key.append(gid.substr(dot));
  return key;
}

std::string_view gid_local(std::string_view gid) {
  const std::size_t slash = gid.rfind('/');
  return slash == std::string_view::npos ? gid : gid.substr(slash + 1);
}

std::string twfy_link(Section section, std::string_view gid) {
  std::string url = "https://www.theyworkforyou.com/";
  url += section_link_path(section);
  url += "/?id=";
  url += gid_local(gid);
  return url;
}

std::string item_link(Section section, std::string_view gid, std::string_view hansard_url) {
  if (section == Section::kPbc && !hansard_url.empty()) return std::string(hansard_url);
  return twfy_link(section, gid);
}

std::optional<TranscriptName> parse_transcript_name(std::string_view name) {
  constexpr std::string_view kExt = ".xml";
  if (name.size() < kExt.size() || name.substr(name.size() - kExt.size()) != kExt) {
    return std::nullopt;
  }
  name.remove_suffix(kExt.size());
  std::size_t p = 0;
  while (p < name.size() && is_lower(name[p])) ++p;
  const auto section = section_from_file_prefix(name.substr(0, p));
  if (!section || !date_at(name, p) || !real_date(name.substr(p, 10))) return std::nullopt;
  if (*section == Section::kPbc) {
    const auto at = committee_sitting_date(name, p + 10);
    if (!at) return std::nullopt;
    p = *at;
  }
  const std::string_view version = name.substr(p + 10);
  if (version.size() > kMaxVersionLetters) return std::nullopt;
  for (char c : version) {
    if (!is_lower(c)) return std::nullopt;
  }
  if (!real_date(name.substr(p, 10))) return std::nullopt;
  return TranscriptName{*section, std::string(name.substr(p, 10)), std::string(version),
                        std::string(name.substr(0, p + 10))};
}

int compare_versions(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

}  // namespace pw

namespace pw {

std::int64_t version_rank(std::string_view version) {
  constexpr std::int64_t kMax = std::int64_t{1} << 60;
  std::int64_t rank = 0;
  for (char c : version) {
    if (rank > kMax / 27) return kMax;
    rank = rank * 26 + (c - 'a' + 1);
  }
  return rank;
}

}  // namespace pw
