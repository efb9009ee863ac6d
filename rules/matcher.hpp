#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/transcript.hpp"
#include "rules/query.hpp"

namespace pw::rules {

// A stored rule ready to match: its database id and parsed query.
struct Rule {
  std::int64_t id = 0;
  Query query;
};

// An item's text analysed once, for matching against many rules.
class AnalyzedItem {
 public:
  explicit AnalyzedItem(const Item& item);

  const Item& item() const { return *item_; }
  bool contains(const std::string& term) const { return terms_.count(term) != 0; }
  bool contains_phrase(const std::vector<std::string>& phrase) const;

 private:
  const Item* item_;  // not owned; must outlive this object
  std::vector<std::string> sequence_;
  std::unordered_set<std::string> terms_;
};

// True if `rule` matches `item`. Keyword rules look at the item text;
// speaker rules need the item's resolved person to equal the rule's (items
// with an unknown speaker or none never match them) and match only spoken
// items, not headings or divisions.
bool matches(const Query& rule, const AnalyzedItem& item);

// One (rule, item) hit, by rule id and index into the matched items.
struct Hit {
  std::int64_t rule_id = 0;
  std::size_t item_index = 0;
};

// Matches every item against every rule. Returns hits ordered by item, then
// by rule order. Pure; safe to call from any thread.
std::vector<Hit> match_items(const std::vector<Rule>& rules, const std::vector<const Item*>& items);

}  // namespace pw::rules
