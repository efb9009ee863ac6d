#pragma once

#include <optional>
#include <vector>

#include "storage/database.hpp"
#include "storage/records.hpp"

namespace pw::storage {

// Matches are unique per (rule, item): recording one twice is a no-op, which
// is what keeps re-ingested and re-issued transcripts from alerting again.
class MatchRepository {
 public:
  explicit MatchRepository(Database& db) : db_(db) {}

  // Records a match. True if it is new, false if this rule had already
  // matched this item.
  Result<bool> insert_if_new(std::int64_t rule_id, std::int64_t item_id, std::int64_t file_id,
                             std::int64_t now);

  // Records matches known to be new (see rules_matched), each with the
  // outbox row that carries it (0: none), or held back for the owner's
  // daily digest. Still never a second row for one (rule, item). Inserted
  // in key order: many at once go several times quicker so.
  Status add_all(std::vector<NewMatchRecord> matches);

  // The rules that have matched item `item_id` already, ascending.
  Result<std::vector<std::int64_t>> rules_matched(std::int64_t item_id);
  // The matches held for digests, by user, then sitting date, then item.
  Result<std::vector<DigestMatch>> held_for_digest();
  // Records that the digest `outbox_id` (0: none, nothing was left to
  // show) carries these held matches.
  Status release_digest(const std::vector<DigestMatch>& held, std::int64_t outbox_id);

  // Lists matches, newest last (then by item and rule); only `rule_id`'s
  // when given.
  Result<std::vector<MatchRecord>> list(std::optional<std::int64_t> rule_id);

 private:
  Database& db_;
};

}  // namespace pw::storage
