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

// One load() under way: the records and texts it builds.
struct RuleCache::Loading {
  RuleLoad load;
  IdMap<Record> active;
  Texts texts;
  // A loaded rule for each text: many people watch the same words, and a
  // text compiles the same every time.
  std::vector<std::int64_t> first_with_text;

  // Keeps the record of `r`, whose text has number `text` (nullopt: new).
  void keep(const storage::ActiveRuleRecord& r, std::optional<std::uint32_t> text) {
    if (!text) {
      text = texts.add(r.query);
      first_with_text.push_back(r.id);
    }
    active.insert_or_assign(r.id, Record{r.user_id, *text, r.channel, r.daily, r.votes});
  }
};

void RuleCache::take(const storage::ActiveRuleRecord& r, Loading& l) {
  const auto text = l.texts.find(r.query);
  const Record* loaded = records_.find(r.id);
  if (loaded != nullptr && texts_.text(loaded->text) == r.query) {
    ++l.load.kept;
    l.keep(r, text);
    return;
  }
  if (text && rules_.add_alike(r.id, l.first_with_text[*text])) {
    ++l.load.added;
    l.keep(r, text);
    return;
  }
  auto q = rules::parse_query(r.query);
  Status added = q ? rules_.add(r.id, *q, analyzer_) : Status(fail(q.error()));
  if (!added) {
    l.load.warnings.push_back(fmt::format("rule {} skipped: {}", r.id, added.error().message));
    return;
  }
  ++l.load.added;
  l.keep(r, text);
}

void RuleCache::drop_gone(Loading& l) {
  records_.for_each([&](std::int64_t id, const Record& record) {
    const Record* now = l.active.find(id);
    if (now != nullptr && l.texts.text(now->text) == texts_.text(record.text)) return;  // kept
    if (now == nullptr) rules_.remove(id);  // a changed rule was replaced by add()
    ++l.load.removed;
    ++removed_since_rebuild_;
  });
}

Result<RuleLoad> RuleCache::load(storage::Database& db) {
  if (removed_since_rebuild_ > std::max(rules_.size(), kRebuildAfterRemovals)) clear();
  const bool fresh = records_.empty();
  RuleLoad out;
  std::string fingerprint;
  {
    // The fingerprint and the rules read at one moment, so a snapshot
    // saved under the one holds exactly the other.
    PW_TRY_ASSIGN(auto read, storage::Transaction::begin_read(db));
    PW_TRY_ASSIGN(fingerprint, storage::SubscriptionRepository(db).fingerprint());
    auto restored = fresh ? restore_snapshot(db, fingerprint) : Result<bool>(false);
    if (!restored)
      out.snapshot_notes.push_back("rule snapshot not read: " + restored.error().message);
    if (restored && *restored) {
      out.from_snapshot = true;
      out.added = records_.size();
      out.warnings = skipped_;
    } else {
      PW_TRY_ASSIGN(RuleLoad compiled, load_rows(db));
      compiled.snapshot_notes = std::move(out.snapshot_notes);
      out = std::move(compiled);
      if (fresh) skipped_ = out.warnings;
    }
    PW_TRY(read.commit());
  }
  if (fresh && !out.from_snapshot) {
    if (auto saved = save_snapshot(db, fingerprint); !saved)
      out.snapshot_notes.push_back("rule snapshot not saved: " + saved.error().message);
  }
  highlight_index_.assign(texts_.size(), 0);  // text numbers change with a load
  highlights_.clear();
  return out;
}

void RuleCache::clear() {
  rules_ = rules::RuleSet();
  records_.clear();
  texts_ = Texts();
  removed_since_rebuild_ = 0;
  skipped_.clear();
}

Result<RuleLoad> RuleCache::load_rows(storage::Database& db) {
  storage::SubscriptionRepository subscriptions(db);
  std::size_t expected = records_.size();
  if (records_.empty()) {  // the first load: room for all, not doubling tables on the way
    PW_TRY_ASSIGN(const auto all, subscriptions.count());
    expected = static_cast<std::size_t>(all);
    rules_.reserve(expected);
  }
  Loading l;
  l.active.reserve(expected);
  PW_TRY(subscriptions.for_each_active([&](const storage::ActiveRuleRecord& r) { take(r, l); }));
  drop_gone(l);
  records_ = std::move(l.active);
  texts_ = std::move(l.texts);
  return std::move(l.load);
}

storage::ActiveRuleRecord RuleCache::record(std::int64_t id) const {
  return record_of(id, records_.at(id));
}

storage::ActiveRuleRecord RuleCache::record_of(std::int64_t id, const Record& r) const {
  return {id, r.user_id, texts_.text(r.text), r.channel, r.daily, r.votes};
}

RuleCache::Shown RuleCache::shown(std::int64_t id) const {
  const Record& r = records_.at(id);
  return {record_of(id, r), highlight_of_text(r.text)};
}

const std::vector<std::string>& RuleCache::highlight_of_text(std::uint32_t text) const {
  std::uint32_t& index = highlight_index_.at(text);
  if (index == 0) {
    auto q = rules::parse_query(texts_.text(text));  // compiled once, so it parses
    highlights_.push_back(q ? rules::highlight_terms(*q, analyzer_) : std::vector<std::string>{});
    index = static_cast<std::uint32_t>(highlights_.size());
  }
  return highlights_[index - 1];
}

void RuleCache::match(const Item& item, const rules::Sitting& sitting,
                      std::vector<rules::RuleIds>& found) {
  rules_.match(item, sitting, match_context_, found);
}

}  // namespace pw::ingest
