#include "ingest/ingester.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/gid.hpp"
#include "deliver/email_body.hpp"
#include "ingest/alerts.hpp"
#include "ingest/file_io.hpp"
#include "ingest/votes.hpp"
#include "parse/transcript_parser.hpp"
#include "storage/file_repository.hpp"
#include "storage/item_repository.hpp"
#include "storage/match_repository.hpp"
#include "storage/subscription_repository.hpp"
#include "storage/user_repository.hpp"

namespace pw::ingest {

const char* outcome_name(FileReport::Outcome o) {
  switch (o) {
    case FileReport::Outcome::kIngested:
      return "ingested";
    case FileReport::Outcome::kUnchanged:
      return "unchanged";
    case FileReport::Outcome::kSuperseded:
      return "superseded";
    case FileReport::Outcome::kFailed:
      return "failed";
  }
  return "failed";
}

namespace {

// While a file is ingested: a large page cache, and statement journals in
// memory (a statement that stores many matches keeps one; on disk it was
// a write for every page it touched). Both given back after, so the idle
// daemon keeps neither.
class LargeCache {
 public:
  explicit LargeCache(storage::Database& db) : db_(db) {
    // Only speed depends on these.
    (void)db_.set_cache_kib(storage::Database::kLargeCacheKiB);
    (void)db_.exec("PRAGMA temp_store = MEMORY");
  }
  LargeCache(const LargeCache&) = delete;
  LargeCache& operator=(const LargeCache&) = delete;
  ~LargeCache() {
    (void)db_.set_cache_kib(storage::Database::kDefaultCacheKiB);
    (void)db_.exec("PRAGMA temp_store = DEFAULT");
  }

 private:
  storage::Database& db_;
};

}  // namespace

struct Ingester::Context {
  const Transcript& t;
  bool alert = true;
  std::int64_t file_id = 0;
  std::int64_t now = 0;
  std::vector<std::int64_t> item_ids;  // stored id per transcript item
  struct ToMatch {
    std::size_t index;  // into the transcript's items
    bool changed;       // stored before, so it may have matches already
  };
  std::vector<ToMatch> to_match;  // the new and changed items
  FileReport& report;
  const std::function<void()>* progress = nullptr;
  std::size_t steps = 0;
  deliver::WriteSession written{};                     // what this transcript's messages share
  std::vector<storage::NewMatchRecord> new_matches{};  // not stored yet: record()
  std::vector<std::uint32_t> debates{};                // debate_numbers(t), once matches are found

  // One more item handled; tells `progress` every kProgressEvery.
  void step() {
    if (++steps % kProgressEvery == 0 && progress != nullptr && *progress) (*progress)();
  }
};

Ingester::Ingester(storage::Database& db, const parse::Members& members, const Clock& clock,
                   deliver::EmailSettings email)
    : db_(db), members_(members), clock_(clock), email_(std::move(email)) {}

Result<std::size_t> Ingester::queue_digests(std::int64_t now) {
  return ingest::queue_digests(db_, rules_, email_, now);
}

FileReport Ingester::ingest_file(const std::filesystem::path& path) {
  auto bytes = read_file(path, parse::kMaxTranscriptBytes);
  if (!bytes) {
    FileReport report;
    report.file = path.string();
    report.error = bytes.error();
    return report;
  }
  FileReport report = ingest_bytes(path.filename().string(), *bytes);
  report.file = path.string();
  return report;
}

FileReport Ingester::ingest_bytes(const std::string& file_name, const std::string& bytes,
                                  const IngestOptions& options) {
  const std::string sha256 = sha256_hex(bytes);
  // The same bytes again (the common case when polling) need no parsing.
  if (auto unchanged = if_unchanged(file_name, sha256, options)) return *unchanged;
  return ingest_parsed(file_name, sha256, parse::parse_transcript(file_name, bytes), options);
}

FileReport Ingester::ingest_parsed(const std::string& file_name, const std::string& sha256,
                                   Result<Transcript> parsed, const IngestOptions& options) {
  FileReport failed;
  failed.file = file_name;
  if (!parsed) {
    failed.error = parsed.error();
    return failed;
  }
  auto report = ingest_transcript(*parsed, sha256, options);
  if (!report) {
    failed.error = report.error().with_context(file_name);
    return failed;
  }
  return *report;
}

std::optional<FileReport> Ingester::if_unchanged(const std::string& file_name,
                                                 const std::string& sha256,
                                                 const IngestOptions& options) {
  auto seen = storage::FileRepository(db_).find(file_name, sha256);
  if (!seen || !*seen) return std::nullopt;  // an error is met again, and reported, on ingest
  FileReport unchanged;
  unchanged.file = file_name;
  unchanged.outcome = FileReport::Outcome::kUnchanged;
  if (!options.in_transaction) return unchanged;
  auto tx = storage::Transaction::begin(db_);
  Status ok = tx ? options.in_transaction() : Status(fail(tx.error()));
  if (ok) ok = tx->commit();
  if (!ok) {
    unchanged.outcome = FileReport::Outcome::kFailed;
    unchanged.error = ok.error().with_context(file_name);
  }
  return unchanged;
}

Result<FileReport> Ingester::ingest_transcript(Transcript& t, const std::string& sha256,
                                               const IngestOptions& options) {
  FileReport report;
  report.file = t.file_name;
  auto resolution = parse::resolve_speakers(t, members_);
  report.unknown_speakers = std::move(resolution.unknown);
  report.past_people_data = resolution.past_data;
  if (resolution.past_data > 0) {
    report.members_gap =
        parse::members_gap_warning(t.date, members_.data_ends(), resolution.past_data);
  }
  const LargeCache cache(db_);
  PW_TRY_ASSIGN(auto tx, storage::Transaction::begin(db_));
  PW_TRY_ASSIGN(auto seen, storage::FileRepository(db_).find(t.file_name, sha256));
  if (seen) {  // ingested before (or by another process since ingest_bytes looked)
    report.outcome = FileReport::Outcome::kUnchanged;
    report.unknown_speakers.clear();  // reported when the file was first ingested
    report.past_people_data = 0;
    report.members_gap.clear();
    if (!options.in_transaction) return report;
  } else {
    Context c{t, options.alert, 0, unix_seconds(clock_.now()), {}, {}, report, &options.progress};
    PW_TRY(store_new_file(c, sha256));
  }
  if (options.in_transaction) {
    PW_TRY(options.in_transaction());
  }
  PW_TRY(tx.commit());
  return report;
}

// Records the file, applies its redirects and, unless an newer version was
// ingested already, stores, matches and alerts on its items.
Status Ingester::store_new_file(Context& c, const std::string& sha256) {
  const Transcript& t = c.t;
  storage::FileRepository files(db_);
  const std::string section(section_name(t.section));
  const auto name = parse_transcript_name(t.file_name);
  PW_TRY_ASSIGN(auto newest, files.max_version_rank(section, t.date, name ? name->series : ""));
  const std::int64_t rank = version_rank(t.version);
  PW_TRY_ASSIGN(auto file_id, files.insert(storage::FileRecord{
                                  0, t.file_name, section, t.date, t.version, rank, sha256, 0,
                                  c.now, static_cast<std::int64_t>(c.report.past_people_data)}));
  c.file_id = file_id;
  storage::ItemRepository items(db_);
  for (const auto& r : t.redirects) {
    PW_TRY(items.apply_redirect(r));
  }
  c.report.redirects = t.redirects.size();
  if (rank < newest) {
    c.report.outcome = FileReport::Outcome::kSuperseded;
    return {};
  }
  c.report.outcome = FileReport::Outcome::kIngested;
  PW_TRY(store_items(c));
  PW_TRY(match_and_queue(c));
  return files.set_items(c.file_id, static_cast<std::int64_t>(t.items.size()));
}

Status Ingester::store_items(Context& c) {
  storage::ItemRepository items(db_);
  std::set<std::string> speakers;
  for (const auto& item : c.t.items) {
    if (!item.speaker.person_id.empty()) speakers.insert(item.speaker.person_id);
  }
  std::vector<Person> persons;
  for (const auto& id : speakers) {
    if (auto p = members_.person(id, c.t.date); p && !p->name.empty()) persons.push_back(*p);
  }
  PW_TRY(items.upsert_persons(persons));
  const storage::ItemOrigin origin{c.t.section, c.t.date, c.file_id, c.now};
  c.item_ids.reserve(c.t.items.size());
  for (std::size_t i = 0; i < c.t.items.size(); ++i) {
    c.step();
    PW_TRY_ASSIGN(auto stored, items.upsert(c.t.items[i], origin));
    c.item_ids.push_back(stored.id);
    if (stored.state == storage::UpsertState::kUnchanged) continue;
    c.to_match.push_back({i, stored.state != storage::UpsertState::kNew});
    (stored.state == storage::UpsertState::kNew ? c.report.new_items : c.report.updated_items)++;
  }
  return {};
}

Ingester::ByUser Ingester::by_user(std::vector<std::pair<std::int64_t, NewMatch>> owned) {
  std::stable_sort(owned.begin(), owned.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  ByUser out;
  for (const auto& [user_id, match] : owned) {
    if (out.empty() || out.back().first != user_id)
      out.emplace_back(user_id, std::vector<NewMatch>{});
    out.back().second.push_back(match);
  }
  return out;
}

Status Ingester::match_and_queue(Context& c) {
  storage::MatchRepository matches(db_);
  std::vector<std::pair<std::int64_t, NewMatch>> owned;
  std::vector<rules::RuleIds> found;
  std::vector<std::int64_t> rule_ids;
  for (const auto [index, changed] : c.to_match) {
    c.step();
    found.clear();
    rules_.match(c.t.items[index], {c.t.section, c.t.date}, found);
    rule_ids.clear();
    for (const rules::RuleIds ids : found) rule_ids.insert(rule_ids.end(), ids.begin(), ids.end());
    std::sort(rule_ids.begin(), rule_ids.end());
    rule_ids.erase(std::unique(rule_ids.begin(), rule_ids.end()), rule_ids.end());
    std::vector<std::int64_t> before;  // a new item has no matches yet
    if (changed && !rule_ids.empty()) {
      PW_TRY_ASSIGN(before, matches.rules_matched(c.item_ids[index]));
    }
    for (const std::int64_t rule_id : rule_ids) {
      if (std::binary_search(before.begin(), before.end(), rule_id)) continue;
      owned.emplace_back(rules_.record(rule_id).user_id, NewMatch{rule_id, index});
    }
  }
  if (owned.empty()) return {};
  c.debates = debate_numbers(c.t);
  ByUser users = by_user(std::move(owned));
  for (std::size_t first = 0; first < users.size(); first += kUsersPerRead) {
    const std::size_t last = std::min(users.size(), first + kUsersPerRead);
    PW_TRY(queue_users(c, users.begin() + static_cast<std::ptrdiff_t>(first),
                       users.begin() + static_cast<std::ptrdiff_t>(last)));
  }
  PW_TRY(deliver::store_written(db_, c.written));
  return store_matches(c);
}

Status Ingester::queue_users(Context& c, ByUser::iterator first, ByUser::iterator last) {
  PW_TRY_ASSIGN(const auto keys, live_keys(first, last));
  std::unordered_map<std::int64_t, storage::UserRecord> owners;
  if (c.alert) {
    std::vector<std::int64_t> ids;
    for (auto it = first; it != last; ++it) ids.push_back(it->first);
    PW_TRY_ASSIGN(owners, storage::UserRepository(db_).users(ids));
  }
  for (auto it = first; it != last; ++it) {
    auto& [user_id, user_hits] = *it;
    c.step();
    std::erase_if(user_hits, [&keys](const NewMatch& h) { return !keys.contains(h.rule_id); });
    c.report.matches += user_hits.size();
    if (user_hits.empty()) continue;
    if (!c.alert) {
      PW_TRY(record(c, user_hits, 0, false));
      continue;
    }
    const auto owner = owners.find(user_id);
    if (owner == owners.end()) {
      return fail(Error::permanent(fmt::format("rule owner {} vanished", user_id)));
    }
    PW_TRY(queue_for_user(c, owner->second, user_hits, keys));
  }
  return {};
}

Result<Ingester::LinkKeys> Ingester::live_keys(ByUser::const_iterator first,
                                               ByUser::const_iterator last) {
  std::vector<std::int64_t> rule_ids;
  for (auto it = first; it != last; ++it) {
    for (const auto& h : it->second) rule_ids.push_back(h.rule_id);
  }
  std::sort(rule_ids.begin(), rule_ids.end());
  rule_ids.erase(std::unique(rule_ids.begin(), rule_ids.end()), rule_ids.end());
  return storage::SubscriptionRepository(db_).live_link_keys(rule_ids);
}

// Records new matches: sent in outbox row `outbox_id` (0: none), or held
// for the digest. They are stored kMatchesPerStore at a time, sorted.
Status Ingester::record(Context& c, const std::vector<NewMatch>& hits, std::int64_t outbox_id,
                        bool digest_pending) {
  for (const auto& h : hits) {
    c.new_matches.push_back(storage::NewMatchRecord{h.rule_id, c.item_ids[h.item_index], c.file_id,
                                                    c.now, outbox_id, digest_pending});
  }
  return c.new_matches.size() >= kMatchesPerStore ? store_matches(c) : Status{};
}

Status Ingester::store_matches(Context& c) {
  auto batch = std::move(c.new_matches);
  c.new_matches.clear();
  return storage::MatchRepository(db_).add_all(std::move(batch));
}

// Splits one user's new matches: webhook rules to their endpoint (while it
// is usable), daily rules held for the digest, the rest in one email.
Status Ingester::queue_for_user(Context& c, const storage::UserRecord& user,
                                const std::vector<NewMatch>& hits, const LinkKeys& keys) {
  const bool webhook_usable = !user.webhook_url.empty() && user.webhook_disabled_at == 0;
  std::vector<NewMatch> by_webhook, by_email, held;
  for (const auto& h : hits) {
    const auto& rule = rules_.record(h.rule_id);
    if (webhook_usable && rule.channel == storage::Channel::kWebhook) {
      by_webhook.push_back(h);
    } else if (rule.daily) {
      held.push_back(h);
    } else {
      by_email.push_back(h);
    }
  }
  PW_TRY(record(c, held, 0, true));
  if (!by_webhook.empty()) {
    PW_TRY(queue_message(c, user, storage::Channel::kWebhook, by_webhook, keys));
  }
  if (by_email.empty()) return {};
  return queue_message(c, user, storage::Channel::kEmail, by_email, keys);
}

Status Ingester::queue_message(Context& c, const storage::UserRecord& user,
                               storage::Channel channel, const std::vector<NewMatch>& hits,
                               const LinkKeys& keys) {
  std::vector<Hit> all;
  all.reserve(hits.size());
  for (const auto& h : hits) {
    all.push_back(
        Hit{h.rule_id, &c.t.items[h.item_index], c.t.section, &c.t.date, c.debates[h.item_index]});
  }
  const bool webhook = channel == storage::Channel::kWebhook;
  deliver::AlertBatch batch{0,     user.id, user.email, c.t.file_name, c.t.section, c.t.date,
                            c.now, {},      false,      user.link_key, {}};
  batch.alerts = collapse(rules_, all);
  for (auto& a : batch.alerts) a.rule_key = keys.at(a.rule_id);
  batch.votes = vote_lines(c.t, batch.alerts, rules_, members_);
  PW_TRY_ASSIGN(auto outbox_id,
                write_alert(db_, std::move(batch), channel, webhook ? user.webhook_url : user.email,
                            c.file_id, email_, &c.written));
  ++c.report.alerts;
  return record(c, hits, outbox_id, false);
}

}  // namespace pw::ingest
