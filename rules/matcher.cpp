#include "rules/matcher.hpp"

#include <algorithm>

#include "rules/analyzer.hpp"

namespace pw::rules {

AnalyzedItem::AnalyzedItem(const Item& item)
    : item_(&item), sequence_(analyze(item.text)), terms_(sequence_.begin(), sequence_.end()) {}

bool AnalyzedItem::contains_phrase(const std::vector<std::string>& phrase) const {
  if (phrase.empty()) return true;
  if (!contains(phrase.front())) return false;
  return std::search(sequence_.begin(), sequence_.end(), phrase.begin(), phrase.end()) !=
         sequence_.end();
}

namespace {

bool is_spoken(ItemKind k) {
  return k == ItemKind::kSpeech || k == ItemKind::kQuestion || k == ItemKind::kAnswer;
}

}  // namespace

bool matches(const Query& rule, const AnalyzedItem& item) {
  if (!rule.speaker.empty()) {
    const Item& it = item.item();
    if (!is_spoken(it.kind) || it.speaker.person_id != rule.speaker) return false;
  }
  for (const auto& w : rule.words) {
    if (!item.contains(w)) return false;
  }
  for (const auto& p : rule.phrases) {
    if (!item.contains_phrase(p)) return false;
  }
  return true;
}

std::vector<Hit> match_items(const std::vector<Rule>& rules,
                             const std::vector<const Item*>& items) {
  std::vector<Hit> hits;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const AnalyzedItem analyzed(*items[i]);
    for (const auto& rule : rules) {
      if (matches(rule.query, analyzed)) hits.push_back(Hit{rule.id, i});
    }
  }
  return hits;
}

}  // namespace pw::rules
