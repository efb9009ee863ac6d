#pragma once

#include <utility>

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/id_map.hpp"
#include "core/result.hpp"
#include "core/section.hpp"
#include "core/snapshot.hpp"
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
  bool from_snapshot = false;         // read from the database's rule snapshot, not compiled
  // Why the snapshot was not read or not saved, if that went wrong (only
  // speed depends on it): one line each.
  std::vector<std::string> snapshot_notes;
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
  //
  // A load that starts from nothing (the first, or a rebuild) reads the
  // database's rule snapshot instead if it was saved at the rules' current
  // fingerprint by this same build; when it compiles them instead, it
  // saves a new snapshot if there are set_snapshot_min_rules() rules or more
  // (and deletes a stale one if there are fewer). A snapshot that cannot be
  // read or saved is noted and does not fail the load.
  Result<RuleLoad> load(storage::Database& db);

  // Fewer rules than this compile quicker than their snapshot is worth.
  static constexpr std::size_t kSnapshotMinRules = 20'000;
  void set_snapshot_min_rules(std::size_t n) { snapshot_min_rules_ = n; }

  // Appends the ids of the rules `item` (of `sitting`) matches to `found`.
  void match(const Item& item, const rules::Sitting& sitting, std::vector<rules::RuleIds>& found);

  // True if rule `id` is loaded.
  bool has(std::int64_t id) const { return records_.contains(id); }
  // The record of loaded rule `id` (its query valid until the next
  // load()); has(id) must hold.
  storage::ActiveRuleRecord record(std::int64_t id) const;
  // What an alert shows of loaded rule `id`: its record and the words to
  // highlight in an item it matched (both valid until the next load());
  // has(id) must hold.
  struct Shown {
    storage::ActiveRuleRecord record;
    const std::vector<std::string>& highlight;
  };
  Shown shown(std::int64_t id) const;

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
    std::size_t size() const { return texts_.size(); }
    const std::vector<std::string>& all() const { return texts_; }

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
  // Rule `id`'s record as record() gives it, from `r`.
  storage::ActiveRuleRecord record_of(std::int64_t id, const Record& r) const;
  // The highlight terms of rule text number `text`, worked out on first
  // sight.
  const std::vector<std::string>& highlight_of_text(std::uint32_t text) const;
  // Keeps, shares or compiles one active rule.
  void take(const storage::ActiveRuleRecord& r, Loading& l);
  // Removes the loaded rules that are gone or changed.
  void drop_gone(Loading& l);
  // Forgets every compiled rule and record, for a load from nothing.
  void clear();
  // Compiles, keeps or drops every active rule (inside load()'s read).
  Result<RuleLoad> load_rows(storage::Database& db);

  // The snapshot's parts (rule_snapshot.cpp): this build's identity, all
  // the cache holds, and reading it back (false, the cache left empty, if
  // it is not this build's or not whole).
  std::string build_identity() const;
  void save(SnapshotWriter& w) const;
  bool restore(SnapshotReader& r);
  // Reads the snapshot saved at `fingerprint` into this empty cache: true
  // if there was one and it was whole.
  Result<bool> restore_snapshot(storage::Database& db, const std::string& fingerprint);
  Status save_snapshot(storage::Database& db, const std::string& fingerprint) const;

  mutable rules::Analyzer analyzer_;
  rules::RuleSet rules_;
  rules::MatchContext match_context_;
  IdMap<Record> records_;
  Texts texts_;
  // The highlight terms worked out since the last load(), by text number
  // (rules sharing a text share its terms):
  // 0 if not yet, else 1 + where they are in highlights_ (a deque, so
  // references to them stay valid as more are added).
  mutable std::vector<std::uint32_t> highlight_index_;
  mutable std::deque<std::vector<std::string>> highlights_;
  std::size_t removed_since_rebuild_ = 0;
  // The warnings of the last load from nothing (rules that do not parse):
  // saved with the snapshot, so a load that reads it warns as one that
  // compiles.
  std::vector<std::string> skipped_;
  std::size_t snapshot_min_rules_ = kSnapshotMinRules;
};

}  // namespace pw::ingest
