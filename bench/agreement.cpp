#include "bench/agreement.hpp"

#include <fmt/format.h>

#include "rules/rule_set.hpp"

namespace pw::bench {

std::string construct_of(const std::string& rule) {
  if (rule.find("NEAR") != std::string::npos) return "NEAR";
  if (rule.find('*') != std::string::npos) return "wildcard";
  if (rule.find("speaker:") != std::string::npos) return "speaker";
  if (rule.find(" OR ") != std::string::npos || rule.find(" -") != std::string::npos ||
      rule.find('(') != std::string::npos) {
    return "boolean";
  }
  if (rule.find('"') != std::string::npos) return "phrase";
  return "words";
}

Agreement compare_with_xapian(const std::vector<std::string>& rules,
                              const std::vector<BatchItem>& batch, XapianEngine& xapian) {
  rules::Analyzer analyzer;
  rules::RuleSet set;
  std::vector<std::string> texts;
  for (const auto& text : rules) {
    auto q = rules::parse_query(text);
    if (!q) continue;
    if (set.add(static_cast<std::int64_t>(texts.size()), *q, analyzer)) texts.push_back(text);
  }
  std::vector<std::vector<std::size_t>> ours(texts.size());
  rules::MatchContext ctx;
  std::vector<std::int64_t> hit;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    hit.clear();
    set.match(*batch[i].item, batch[i].section, ctx, hit);
    for (const auto r : hit) ours[static_cast<std::size_t>(r)].push_back(i);
  }
  Agreement a;
  a.rules = texts.size();
  for (std::size_t r = 0; r < texts.size(); ++r) {
    const auto theirs = xapian.match(texts[r]);
    const bool same = theirs == ours[r];
    auto& tally = a.by_construct[construct_of(texts[r])];
    tally.second += 1;
    if (same) {
      ++a.agreeing;
      tally.first += 1;
    } else if (a.examples.size() < 5) {
      a.examples.push_back(fmt::format("{} (parlwatch {} items, Xapian {})", texts[r],
                                       ours[r].size(), theirs.size()));
    }
  }
  return a;
}

}  // namespace pw::bench
