#include "ingest/rule_cache.hpp"

#include <algorithm>
#include <string_view>

#include <fmt/format.h>

#include "rules/highlight.hpp"
#include "storage/subscription_repository.hpp"

namespace pw::ingest {
namespace {

// Removed rules leave compiled nodes behind; the rule set is rebuilt once
// more than this many (or more than it holds) have gone.
constexpr std::size_t kRebuildAfterRemovals = 10'000;

}  // namespace

std::pair<std::uint32_t, bool> RuleCache::Texts::add(std::string_view text) {
  if (const auto n = find(text)) return {*n, false};
  const auto n = static_cast<std::uint32_t>(texts_.size());
  const auto it = numbers_.emplace(std::string(text), n).first;
  texts_.push_back(&it->first);
  return {n, true};
}

std::optional<std::uint32_t> RuleCache::Texts::find(std::string_view text) const {
  const auto it = numbers_.find(text);
  if (it == numbers_.end()) return std::nullopt;
  return it->second;
}

// One load() under way: the records and texts it builds.
struct RuleCache::Loading {
  RuleLoad load;
  std::unordered_map<std::int64_t, Record> active;
  Texts texts;
  // A loaded rule for each text: many people watch the same words, and a
  // text compiles the same every time.
  std::vector<std::int64_t> first_with_text;

  void keep(const storage::ActiveRuleRecord& r) {
    const auto [text, added] = texts.add(r.query);
    if (added) first_with_text.push_back(r.id);
    active.emplace(r.id, Record{r.user_id, text, r.channel, r.daily, r.votes});
  }
};

void RuleCache::take(const storage::ActiveRuleRecord& r, Loading& l) {
  const auto loaded = records_.find(r.id);
  if (loaded != records_.end() && texts_.text(loaded->second.text) == r.query) {
    ++l.load.kept;
    l.keep(r);
    return;
  }
  if (const auto alike = l.texts.find(r.query);
      alike && rules_.add_alike(r.id, l.first_with_text[*alike])) {
    ++l.load.added;
    l.keep(r);
    return;
  }
  auto q = rules::parse_query(r.query);
  Status added = q ? rules_.add(r.id, *q, analyzer_) : Status(fail(q.error()));
  if (!added) {
    l.load.warnings.push_back(fmt::format("rule {} skipped: {}", r.id, added.error().message));
    return;
  }
  ++l.load.added;
  l.keep(r);
}

void RuleCache::drop_gone(Loading& l) {
  for (const auto& [id, record] : records_) {
    const auto now = l.active.find(id);
    if (now != l.active.end() && l.texts.text(now->second.text) == texts_.text(record.text)) {
      continue;  // kept
    }
    if (now == l.active.end()) rules_.remove(id);  // a changed rule was replaced by add()
    ++l.load.removed;
    ++removed_since_rebuild_;
  }
}

Result<RuleLoad> RuleCache::load(storage::Database& db) {
  if (removed_since_rebuild_ > std::max(rules_.size(), kRebuildAfterRemovals)) {
    rules_ = rules::RuleSet();
    records_.clear();
    texts_ = Texts();
    removed_since_rebuild_ = 0;
  }
  Loading l;
  l.active.reserve(records_.size());
  PW_TRY(storage::SubscriptionRepository(db).for_each_active(
      [&](const storage::ActiveRuleRecord& r) { take(r, l); }));
  drop_gone(l);
  records_ = std::move(l.active);
  texts_ = std::move(l.texts);
  if (l.load.added > 0 || l.load.removed > 0) highlights_.clear();
  return std::move(l.load);
}

storage::ActiveRuleRecord RuleCache::record(std::int64_t id) const {
  const Record& r = records_.at(id);
  return {id, r.user_id, texts_.text(r.text), r.channel, r.daily, r.votes};
}

const std::vector<std::string>& RuleCache::highlight(std::int64_t id) const {
  const std::string& text = texts_.text(records_.at(id).text);
  const auto [it, added] = highlights_.try_emplace(text);
  if (added) {
    auto q = rules::parse_query(text);  // compiled once, so it parses
    if (q) it->second = rules::highlight_terms(*q, analyzer_);
  }
  return it->second;
}

void RuleCache::match(const Item& item, const rules::Sitting& sitting,
                      std::vector<rules::RuleIds>& found) {
  rules_.match(item, sitting, match_context_, found);
}

}  // namespace pw::ingest
