#pragma once

#include <utility>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/id_map.hpp"
#include "core/result.hpp"
#include "core/section.hpp"
#include "core/transcript.hpp"
#include "rules/analyzer.hpp"
#include "rules/rule_set.hpp"
#include "rules/word_table.hpp"
#include "storage/database.hpp"
#include "storage/records.hpp"

namespace pw::ingest {

// What RuleCache::load() did.
struct RuleLoad {
  std::vector<std::string> warnings;  // rules that do not parse, skipped: one line each
  std::size_t added = 0;              // compiled: new, changed, or active again
  std::size_t removed = 0;            // deleted, changed, suspended or unconfirmed
  std::size_t kept = 0;               // unchanged: left compiled as they were
};

// The active rules, compiled for matching, with what alerts need of their
// records (no addresses or keys: those are read when an alert needs them).
// Highlight terms are worked out for the rules that match, when they
// match. Not thread-safe.
class RuleCache {
 public:
  // Brings the compiled rule set in line with the database's active rules:
  // new and changed rules are compiled and added, others removed, and
  // unchanged ones left alone, so a sign-up does not recompile a million
  // rules. After many removals the set is rebuilt from scratch (removed
  // rules leave their compiled nodes behind until then).
  Result<RuleLoad> load(storage::Database& db);

  // Appends the ids of the rules `item` (of `sitting`) matches to `found`.
  void match(const Item& item, const rules::Sitting& sitting, std::vector<rules::RuleIds>& found);

  // True if rule `id` is loaded.
  bool has(std::int64_t id) const { return records_.contains(id); }
  // The record of loaded rule `id` (its query valid until the next
  // load()); has(id) must hold.
  storage::ActiveRuleRecord record(std::int64_t id) const;
  // The words to highlight in an item loaded rule `id` matched; has(id)
  // must hold.
  const std::vector<std::string>& highlight(std::int64_t id) const;

  // The compiled rules, e.g. to report their number and catch-all size.
  const rules::RuleSet& rules() const { return rules_; }

 private:
  // Each distinct rule text once (a million rules hold some forty thousand):
  // records name theirs by number.
  class Texts {
   public:
    // The number of `text`, if it is held.
    std::optional<std::uint32_t> find(std::string_view text) const {
      const std::uint32_t* n = numbers_.find(text);
      return n != nullptr ? std::optional<std::uint32_t>(*n) : std::nullopt;
    }
    // Holds `text`, which find() does not know; returns its number.
    std::uint32_t add(std::string_view text) {
      const auto n = static_cast<std::uint32_t>(texts_.size());
      texts_.emplace_back(text);
      numbers_.insert(text, n);
      return n;
    }
    const std::string& text(std::uint32_t n) const { return texts_[n]; }

   private:
    rules::WordTable<std::uint32_t> numbers_;
    std::vector<std::string> texts_;  // by number
  };
  // A loaded rule's record, its query as its text's number.
  struct Record {
    std::int64_t user_id = 0;
    std::uint32_t text = 0;
    storage::Channel channel = storage::Channel::kEmail;
    bool daily = false;
    bool votes = true;
  };

  struct Loading;
  // Keeps, shares or compiles one active rule.
  void take(const storage::ActiveRuleRecord& r, Loading& l);
  // Removes the loaded rules that are gone or changed.
  void drop_gone(Loading& l);

  mutable rules::Analyzer analyzer_;
  rules::RuleSet rules_;
  rules::MatchContext match_context_;
  IdMap<Record> records_;
  Texts texts_;
  // By query text, of the rules that matched since the last load() that
  // changed anything: rules sharing a text share its terms.
  mutable std::unordered_map<std::string, std::vector<std::string>> highlights_;
  std::size_t removed_since_rebuild_ = 0;
};

}  // namespace pw::ingest
