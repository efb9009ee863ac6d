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

Result<std::vector<Preview>> preview_rules(storage::Database& db,
                                           const std::vector<rules::Query>& rules, int days,
                                           std::size_t keep, std::size_t max_items,
                                           PreviewWindow& window) {
  window = PreviewWindow{};
  std::vector<Preview> out(rules.size());
  PW_TRY_ASSIGN(auto newest,
                storage::first_row(db.query("SELECT MAX(date) FROM items WHERE date <> ''"),
                                   [](const storage::Statement& s) { return s.text(0); }));
  if (!newest || newest->empty()) return out;
  window.until = *newest;
  window.since = days_before(window.until, days);
  rules::Analyzer analyzer;
  rules::RuleSet set;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    PW_TRY(set.add(static_cast<std::int64_t>(i), rules[i], analyzer));
    out[i].highlight = rules::highlight_terms(rules[i], analyzer);
  }
  rules::MatchContext ctx;
  std::vector<std::int64_t> hit;
  std::string oldest = window.until;
  PW_TRY(storage::ItemReader(db).scan_newest_first(
      window.since, [&](const storage::StoredItemRecord& r) {
        if (window.scanned == max_items) {
          window.capped = true;
          return false;
        }
        ++window.scanned;
        oldest = r.date;
        hit.clear();
        set.match(r.item, {r.section, r.date}, ctx, hit);
        for (const auto rule : hit) {
          auto& p = out[static_cast<std::size_t>(rule)];
          ++p.count;
          if (p.latest.size() < keep) p.latest.push_back(r);
        }
        return true;
      }));
  if (window.capped) window.since = oldest;
  return out;
}

}  // namespace pw::ingest
