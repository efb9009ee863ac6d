#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "core/section.hpp"
#include "core/transcript.hpp"
#include "rules/analyzer.hpp"
#include "rules/rule_set.hpp"
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
  bool has(std::int64_t id) const { return records_.count(id) != 0; }
  // The record of loaded rule `id`; has(id) must hold.
  const storage::ActiveRuleRecord& record(std::int64_t id) const { return records_.at(id); }
  // The words to highlight in an item loaded rule `id` matched; has(id)
  // must hold.
  const std::vector<std::string>& highlight(std::int64_t id) const;

  // The compiled rules, e.g. to report their number and catch-all size.
  const rules::RuleSet& rules() const { return rules_; }

 private:
  mutable rules::Analyzer analyzer_;
  rules::RuleSet rules_;
  rules::MatchContext match_context_;
  std::unordered_map<std::int64_t, storage::ActiveRuleRecord> records_;
  // By query text, of the rules that matched since the last load() that
  // changed anything: rules sharing a text share its terms.
  mutable std::unordered_map<std::string, std::vector<std::string>> highlights_;
  std::size_t removed_since_rebuild_ = 0;
};

}  // namespace pw::ingest
