#include "ingest/preview.hpp"

#include <chrono>
#include <cstdio>

#include <fmt/format.h>

#include "rules/highlight.hpp"
#include "rules/rule_set.hpp"

namespace pw::ingest {

std::string days_before(const std::string& date, int days) {
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  if (date.size() != 10 || std::sscanf(date.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) return "";
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m},
                                        std::chrono::day{d}};
  if (!ymd.ok()) return "";
  const std::chrono::year_month_day back{std::chrono::sys_days(ymd) - std::chrono::days{days}};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(back.year()),
                     static_cast<unsigned>(back.month()), static_cast<unsigned>(back.day()));
}

Result<Preview> preview_rule(storage::Database& db, const rules::Query& rule, int days,
                             std::size_t keep) {
  Preview out;
  PW_TRY_ASSIGN(auto newest, first_row(db.query("SELECT MAX(date) FROM items WHERE date <> ''"),
                                       [](const storage::Statement& s) { return s.text(0); }));
  if (!newest || newest->empty()) return out;
  out.until = *newest;
  out.since = days_before(out.until, days);
  rules::Analyzer analyzer;
  rules::RuleSet set;
  PW_TRY(set.add(1, rule, analyzer));
  out.highlight = rules::highlight_terms(rule, analyzer);
  rules::MatchContext ctx;
  std::vector<std::int64_t> hit;
  std::vector<storage::StoredItemRecord> ring;
  PW_TRY(storage::ItemReader(db).scan(out.since, [&](const storage::StoredItemRecord& r) {
    ++out.scanned;
    hit.clear();
    set.match(r.item, {r.section, r.date}, ctx, hit);
    if (hit.empty()) return;
    if (keep > 0) {
      if (ring.size() == keep) ring.erase(ring.begin());
      ring.push_back(r);
    }
    ++out.count;
  }));
  out.latest.assign(ring.rbegin(), ring.rend());
  return out;
}

}  // namespace pw::ingest
