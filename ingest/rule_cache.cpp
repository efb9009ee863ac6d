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

Result<RuleLoad> RuleCache::load(storage::Database& db) {
  PW_TRY_ASSIGN(auto records, storage::SubscriptionRepository(db).active());
  if (removed_since_rebuild_ > std::max(rules_.size(), kRebuildAfterRemovals)) {
    rules_ = rules::RuleSet();
    records_.clear();
    removed_since_rebuild_ = 0;
  }
  RuleLoad load;
  std::unordered_map<std::int64_t, storage::ActiveRuleRecord> active;
  active.reserve(records.size());
  // A loaded rule for each query text: many people watch the same words,
  // and a text compiles the same every time.
  std::unordered_map<std::string_view, std::int64_t> by_text;
  const auto keep = [&](storage::ActiveRuleRecord& r) {
    const auto& stored = active.emplace(r.id, std::move(r)).first->second;
    by_text.try_emplace(stored.query, stored.id);
  };
  for (auto& r : records) {
    const auto loaded = records_.find(r.id);
    if (loaded != records_.end() && loaded->second.query == r.query) {
      ++load.kept;
      keep(r);
      continue;
    }
    if (const auto alike = by_text.find(r.query);
        alike != by_text.end() && rules_.add_alike(r.id, alike->second)) {
      ++load.added;
      keep(r);
      continue;
    }
    auto q = rules::parse_query(r.query);
    Status added = q ? rules_.add(r.id, *q, analyzer_) : Status(fail(q.error()));
    if (!added) {
      load.warnings.push_back(fmt::format("rule {} skipped: {}", r.id, added.error().message));
      continue;
    }
    ++load.added;
    keep(r);
  }
  for (const auto& [id, record] : records_) {
    const auto now = active.find(id);
    if (now != active.end() && now->second.query == record.query) continue;  // kept
    if (now == active.end()) rules_.remove(id);  // a changed rule was replaced by add()
    ++load.removed;
    ++removed_since_rebuild_;
  }
  records_ = std::move(active);
  if (load.added > 0 || load.removed > 0) highlights_.clear();
  return load;
}

const std::vector<std::string>& RuleCache::highlight(std::int64_t id) const {
  const std::string& text = records_.at(id).query;
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
