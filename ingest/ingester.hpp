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
#include "ingest/rule_cache.hpp"
#include "parse/members.hpp"
#include "storage/database.hpp"
#include "storage/records.hpp"

namespace pw::ingest {

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
  // Items whose party and seat were left "" because the sitting is later than
  // the members data covers (parse::Resolution::past_data); stored with the file.
  std::size_t past_people_data = 0;
  std::string members_gap;  // parse::members_gap_warning() when past_people_data > 0

  Error error;  // when failed: why, and whether trying again may help (transient)
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
  // Called on the ingesting thread now and then (every kProgressEvery items
  // stored, matched or queued) so a long ingest can show it is alive, e.g.
  // to systemd's watchdog.
  std::function<void()> progress;
};

inline constexpr std::size_t kProgressEvery = 256;

// Returns "ingested", "unchanged", "superseded" or "failed".
const char* outcome_name(FileReport::Outcome o);

// Ingests transcript files: parse, store items by their version-independent
// key, apply redirects, match new and changed items against every rule and
// queue one outbox message per recipient, all in one SQLite transaction per
// file. A failure leaves the database as it was before that file.
//
// Holds references to the database, members and clock, which must outlive
// it. Rules are loaded by load_rules(); not thread-safe.
class Ingester {
 public:
  Ingester(storage::Database& db, const parse::Members& members, const Clock& clock,
           deliver::EmailSettings email);

  // Brings the compiled rules in line with the database (RuleCache::load).
  Result<RuleLoad> load_rules() { return rules_.load(db_); }

  // Queues the daily digests (ingest::queue_digests). Returns how many.
  Result<std::size_t> queue_digests(std::int64_t now);

  // Replaces the settings alerts are rendered with (after a reload).
  void set_email(deliver::EmailSettings email) { email_ = std::move(email); }

  // The compiled rules, e.g. to report their number and catch-all size.
  const rules::RuleSet& rules() const { return rules_.rules(); }

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
    std::int64_t rule_id;
    std::size_t item_index;  // into the transcript's items
  };
  std::optional<FileReport> if_unchanged(const std::string& file_name, const std::string& sha256,
                                         const IngestOptions& options);
  Result<FileReport> ingest_transcript(Transcript& t, const std::string& sha256,
                                       const IngestOptions& options);
  Status store_new_file(Context& c, const std::string& sha256);
  Status store_items(Context& c);
  Status match_and_queue(Context& c);
  // A file's new matches by the user whose rules they are, users in id
  // order, each user's in item order.
  using ByUser = std::vector<std::pair<std::int64_t, std::vector<NewMatch>>>;
  // Groups (owner, match) pairs by owner, each owner's in the order given.
  static ByUser by_user(std::vector<std::pair<std::int64_t, NewMatch>> owned);
  // The users whose rules' owners and link keys are read in one statement.
  static constexpr std::size_t kUsersPerRead = 4096;
  // Queues the alerts of users [first, last) and records their matches.
  Status queue_users(Context& c, ByUser::iterator first, ByUser::iterator last);
  // The link key of each rule the users [first, last) hit for which alerts
  // are still made, read in the ingest's transaction; the hits of the
  // others (stopped or paused since the rules were loaded) are to be
  // dropped. matches has no foreign keys: checking each row's rule, item
  // and file cost more than the insert itself.
  using LinkKeys = std::unordered_map<std::int64_t, std::string>;
  Result<LinkKeys> live_keys(ByUser::const_iterator first, ByUser::const_iterator last);
  Status queue_for_user(Context& c, const storage::UserRecord& user,
                        const std::vector<NewMatch>& hits, const LinkKeys& keys);
  Status queue_message(Context& c, const storage::UserRecord& user, storage::Channel channel,
                       const std::vector<NewMatch>& hits, const LinkKeys& keys);
  // New matches are stored this many at a time, in key order, which goes
  // several times quicker than one by one at random places (and holds at
  // most a few MiB of them).
  static constexpr std::size_t kMatchesPerStore = 1u << 16;
  Status record(Context& c, const std::vector<NewMatch>& hits, std::int64_t outbox_id,
                bool digest_pending);
  // Stores the new matches record() holds.
  Status store_matches(Context& c);

  // Borrowed; outlive this object.
  storage::Database& db_;
  const parse::Members& members_;
  const Clock& clock_;
  deliver::EmailSettings email_;
  RuleCache rules_;
};

}  // namespace pw::ingest
