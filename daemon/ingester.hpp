#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "deliver/render.hpp"
#include "parse/members.hpp"
#include "rules/analyzer.hpp"
#include "rules/rule_set.hpp"
#include "storage/database.hpp"
#include "storage/records.hpp"

namespace pw {

// What happened to one transcript file.
struct FileReport {
  std::string file;
  enum class Outcome {
    kIngested,    // items stored and matched
    kUnchanged,   // same name and content as an earlier ingest: nothing done
    kSuperseded,  // older than a version already ingested: only its redirects applied
    kFailed,      // nothing written; see error
  } outcome = Outcome::kFailed;
  std::size_t new_items = 0;
  std::size_t updated_items = 0;
  std::size_t redirects = 0;
  std::size_t matches = 0;
  std::size_t alerts = 0;                     // outbox rows queued
  std::vector<std::string> unknown_speakers;  // member/lord ids missing from the people data
  std::string error;
};

// How one file is ingested.
struct IngestOptions {
  // False records matches without queueing alerts (a backfill): the items
  // count as seen and are never alerted later.
  bool alert = true;
  // Runs inside the file's transaction just before it commits (also for a
  // file found unchanged), e.g. to store the source's validators with the
  // ingest. Its failure rolls the whole file back.
  std::function<Status()> in_transaction;
};

// Returns "ingested", "unchanged", "superseded" or "failed".
const char* outcome_name(FileReport::Outcome o);

// Ingests transcript files: parse, store items by their version-independent
// key, apply redirects, match new and changed items against every rule and
// queue one outbox message per recipient, all in one SQLite transaction per
// file. A failure leaves the database as it was before that file.
//
// Holds references to the database, members and clock, which must outlive
// it. Rules are loaded when it is constructed; not thread-safe.
class Ingester {
 public:
  Ingester(storage::Database& db, const parse::Members& members, const Clock& clock,
           deliver::EmailSettings email);

  // What load_rules() did.
  struct RuleLoad {
    std::vector<std::string> warnings;  // rules that do not parse, skipped: one line each
    std::size_t added = 0;              // compiled: new, changed, or active again
    std::size_t removed = 0;            // deleted, changed, suspended or unconfirmed
    std::size_t kept = 0;               // unchanged: left compiled as they were
  };

  // Brings the compiled rule set in line with the database's active rules:
  // new and changed rules are compiled and added, others removed, and
  // unchanged ones left alone, so a sign-up does not recompile a million
  // rules. After many removals the set is rebuilt from scratch (removed
  // rules leave their compiled nodes behind until then).
  Result<RuleLoad> load_rules();

  // Queues one digest email per daily user with matches held back since
  // their last digest, each in its own transaction. Returns how many.
  Result<std::size_t> queue_digests(std::int64_t now);

  // Replaces the settings alerts are rendered with (after a reload).
  void set_email(deliver::EmailSettings email) { email_ = std::move(email); }

  // The compiled rules, e.g. to report their number and catch-all size.
  const rules::RuleSet& rules() const { return rules_; }

  // Ingests one file; never throws; errors are in the report.
  FileReport ingest_file(const std::filesystem::path& path);

  // Ingests one already-read file.
  FileReport ingest_bytes(const std::string& file_name, const std::string& bytes,
                          const IngestOptions& options = {});

  // Ingests a file parsed elsewhere (e.g. on a worker thread); `sha256` is
  // that of its bytes, `parsed` the parser's result.
  FileReport ingest_parsed(const std::string& file_name, const std::string& sha256,
                           Result<Transcript> parsed, const IngestOptions& options);

 private:
  struct Context;
  struct NewMatch {
    std::int64_t match_id;
    std::int64_t rule_id;
    std::size_t item_index;  // into the transcript's items
  };
  std::optional<FileReport> if_unchanged(const std::string& file_name, const std::string& sha256,
                                         const IngestOptions& options);
  Result<FileReport> ingest_transcript(Transcript& t, const std::string& sha256,
                                       const IngestOptions& options);
  Status store_items(Context& c);
  Status match_and_queue(Context& c);
  Status queue_for_user(Context& c, std::int64_t user_id, const std::vector<NewMatch>& hits);
  Status queue_message(Context& c, const storage::UserRecord& user, storage::Channel channel,
                       const std::vector<NewMatch>& hits);

  // One matched item, wherever it came from.
  struct Hit {
    std::int64_t rule_id;
    const Item* item;
    Section section;
    const std::string* date;
  };
  std::vector<deliver::AlertItem> alerts_for(const Context& c,
                                             const std::vector<NewMatch>& hits) const;
  std::vector<deliver::AlertItem> collapse(const std::vector<Hit>& hits) const;
  // Reads each alerted rule's link key (not kept in memory with the rules)
  // for its "stop this alert" link.
  Status add_rule_keys(std::vector<deliver::AlertItem>& alerts);
  Result<bool> queue_digest(const std::vector<storage::DigestMatch>& held, std::int64_t now);

  // Borrowed; outlive this object.
  storage::Database& db_;
  const parse::Members& members_;
  const Clock& clock_;
  deliver::EmailSettings email_;

  // The rule set as loaded by load_rules().
  rules::Analyzer analyzer_;
  rules::RuleSet rules_;
  rules::MatchContext match_context_;
  std::map<std::int64_t, storage::RuleRecord> rule_records_;
  std::unordered_map<std::int64_t, std::vector<std::string>> highlights_;  // by rule id
  std::size_t removed_since_rebuild_ = 0;
};

}  // namespace pw
