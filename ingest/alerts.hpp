#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/section.hpp"
#include "core/transcript.hpp"
#include "deliver/alert.hpp"
#include "deliver/outbox_writer.hpp"
#include "deliver/render.hpp"
#include "ingest/rule_cache.hpp"
#include "storage/database.hpp"
#include "storage/records.hpp"

namespace pw::ingest {

// One matched item, wherever it came from: a transcript being ingested or
// stored items gathered for a digest. The pointers outlive the Hit.
struct Hit {
  std::int64_t rule_id;
  const Item* item;
  Section section;
  const std::string* date;
  // The item's debate among its transcript's (debate_numbers()), or
  // kUnknownDebate: collapse() then works it out from the headings.
  std::uint32_t debate = kUnknownDebate;
  static constexpr std::uint32_t kUnknownDebate = UINT32_MAX;
};

// Numbers the debates of one transcript's items: two items have the same
// number exactly when they belong to the same debate (the same heading
// chain; a heading counts as part of its own debate).
std::vector<std::uint32_t> debate_numbers(const Transcript& t);

// The alerts of one message, in hit order. Keyword rules report one item
// per debate, as TheyWorkForYou does (the first matching speech, or the
// heading if no speech matches, with how many more matched); speaker rules
// report every speech. Every hit's rule must be loaded in `rules`.
std::vector<deliver::AlertItem> collapse(const RuleCache& rules, const std::vector<Hit>& hits);

// Reads each alerted rule's link key (not kept in memory with the rules)
// for its "stop this alert" link, once a rule.
Status add_rule_keys(storage::Database& db, std::vector<deliver::AlertItem>& alerts);

// Writes one alert message for `batch` (its outbox_id is set here) to the
// outbox: an email (with each rule's stop link, from the link keys the
// alerts carry) or a webhook document to `to`. Returns the outbox row's
// id. An email's items come from `session`'s cache and the id from its
// count if one is given (one per transcript's transaction).
Result<std::int64_t> write_alert(storage::Database& db, deliver::AlertBatch batch,
                                 storage::Channel channel, const std::string& to,
                                 std::int64_t file_id, const deliver::EmailSettings& email,
                                 deliver::WriteSession* session = nullptr);

// Queues one digest email per daily user with matches held back since
// their last digest, each in its own transaction; matches of rules no
// longer loaded are released unsent. Returns how many were queued.
Result<std::size_t> queue_digests(storage::Database& db, const RuleCache& rules,
                                  const deliver::EmailSettings& email, std::int64_t now);

}  // namespace pw::ingest
