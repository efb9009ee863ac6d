#include "daemon/ingester.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/gid.hpp"
#include "daemon/file_io.hpp"
#include "daemon/schedule.hpp"
#include "parse/transcript_parser.hpp"
#include "rules/highlight.hpp"
#include "storage/file_repository.hpp"
#include "storage/item_reader.hpp"
#include "storage/item_repository.hpp"
#include "storage/match_repository.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/subscription_repository.hpp"
#include "storage/user_repository.hpp"

namespace pw {
namespace {

// Removed rules leave compiled nodes behind; the rule set is rebuilt once
// more than this many (or more than it holds) have gone.
constexpr std::size_t kRebuildAfterRemovals = 10'000;

deliver::AlertItem to_alert(Section section, const std::string& date, const Item& item,
                            const storage::RuleRecord& rule, std::vector<std::string> highlight) {
  deliver::AlertItem a;
  a.rule_id = rule.id;
  a.query = rule.query;
  a.highlight = std::move(highlight);
  a.section = section;
  a.date = date;
  a.kind = item.kind;
  a.gid = item.gid;
  a.headings = item.headings;
  a.speaker_name = item.speaker.name;
  a.speaker_party = item.speaker.party;
  a.speaker_office = item.speaker.office;
  a.speaker_constituency = item.speaker.constituency;
  a.person_id = item.speaker.person_id;
  a.time = item.time;
  a.text = item.text;
  a.hansard_url = item.url;
  return a;
}

// Identifies the debate an item belongs to: its sitting and heading chain
// (a heading counts as part of its own debate).
std::string debate_of(Section section, const std::string& date, const Item& item) {
  std::string key = std::string(section_name(section)) + "\n" + date + "\n";
  for (const auto& h : item.headings) key.append(h).push_back('\n');
  if (is_heading(item.kind)) key.append(item.text).push_back('\n');
  return key;
}

}  // namespace

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

struct Ingester::Context {
  const Transcript& t;
  bool alert = true;
  std::int64_t file_id = 0;
  std::int64_t now = 0;
  std::vector<std::int64_t> item_ids;  // stored id per transcript item
  std::vector<std::size_t> to_match;   // indices of new or changed items
  FileReport& report;
};

Ingester::Ingester(storage::Database& db, const parse::Members& members, const Clock& clock,
                   deliver::EmailSettings email)
    : db_(db), members_(members), clock_(clock), email_(std::move(email)) {}

Result<Ingester::RuleLoad> Ingester::load_rules() {
  storage::UserRepository users(db_);
  auto records = users.rules();
  if (!records) return fail(records.error());
  if (removed_since_rebuild_ > std::max(rules_.size(), kRebuildAfterRemovals)) {
    rules_ = rules::RuleSet();
    rule_records_.clear();
    highlights_.clear();
    removed_since_rebuild_ = 0;
  }
  RuleLoad load;
  std::map<std::int64_t, storage::RuleRecord> active;
  for (auto& r : *records) {
    if (!r.active()) continue;
    const auto loaded = rule_records_.find(r.id);
    if (loaded != rule_records_.end() && loaded->second.query == r.query) {
      ++load.kept;
      r.link_key = std::string();
      active.emplace(r.id, std::move(r));
      continue;
    }
    auto q = rules::parse_query(r.query);
    Status added = q ? rules_.add(r.id, *q, analyzer_) : Status(fail(q.error()));
    if (!added) {
      load.warnings.push_back(fmt::format("rule {} skipped: {}", r.id, added.error().message));
      continue;
    }
    ++load.added;
    highlights_[r.id] = rules::highlight_terms(*q, analyzer_);
    r.link_key = std::string();  // read when an alert needs it: no copy per loaded rule
    active.emplace(r.id, std::move(r));
  }
  for (const auto& [id, record] : rule_records_) {
    const auto now = active.find(id);
    if (now != active.end() && now->second.query == record.query) continue;  // kept
    if (now == active.end()) {  // a changed rule was replaced by add()
      rules_.remove(id);
      highlights_.erase(id);
    }
    ++load.removed;
    ++removed_since_rebuild_;
  }
  rule_records_ = std::move(active);
  return load;
}

FileReport Ingester::ingest_file(const std::filesystem::path& path) {
  auto bytes = read_file(path, parse::kMaxTranscriptBytes);
  if (!bytes) {
    FileReport report;
    report.file = path.string();
    report.error = bytes.error().message;
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
    failed.error = parsed.error().message;
    return failed;
  }
  auto report = ingest_transcript(*parsed, sha256, options);
  if (!report) {
    failed.error = report.error().with_context(file_name).message;
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
    unchanged.error = ok.error().with_context(file_name).message;
  }
  return unchanged;
}

Result<FileReport> Ingester::ingest_transcript(Transcript& t, const std::string& sha256,
                                               const IngestOptions& options) {
  FileReport report;
  report.file = t.file_name;
  report.unknown_speakers = parse::resolve_speakers(t, members_);
  auto tx = storage::Transaction::begin(db_);
  if (!tx) return fail(tx.error());
  storage::FileRepository files(db_);
  auto seen = files.find(t.file_name, sha256);
  if (!seen) return fail(seen.error());
  if (*seen) {  // ingested before (or by another process since ingest_bytes looked)
    report.outcome = FileReport::Outcome::kUnchanged;
    report.unknown_speakers.clear();  // reported when the file was first ingested
    if (options.in_transaction) {
      if (auto ok = options.in_transaction(); !ok) return fail(ok.error());
      if (auto ok = tx->commit(); !ok) return fail(ok.error());
    }
    return report;
  }
  const std::string section(section_name(t.section));
  auto newest = files.max_version_rank(section, t.date);
  if (!newest) return fail(newest.error());
  const std::int64_t rank = version_rank(t.version);
  Context c{t, options.alert, 0, unix_seconds(clock_.now()), {}, {}, report};
  auto file_id = files.insert(
      storage::FileRecord{0, t.file_name, section, t.date, t.version, rank, sha256, 0, c.now});
  if (!file_id) return fail(file_id.error());
  c.file_id = *file_id;
  storage::ItemRepository items(db_);
  for (const auto& r : t.redirects) {
    if (auto ok = items.apply_redirect(r); !ok) return fail(ok.error());
  }
  report.redirects = t.redirects.size();
  report.outcome =
      rank < *newest ? FileReport::Outcome::kSuperseded : FileReport::Outcome::kIngested;
  if (report.outcome == FileReport::Outcome::kIngested) {
    if (auto ok = store_items(c); !ok) return fail(ok.error());
    if (auto ok = match_and_queue(c); !ok) return fail(ok.error());
    if (auto ok = files.set_items(c.file_id, static_cast<std::int64_t>(t.items.size())); !ok) {
      return fail(ok.error());
    }
  }
  if (options.in_transaction) {
    if (auto ok = options.in_transaction(); !ok) return fail(ok.error());
  }
  if (auto ok = tx->commit(); !ok) return fail(ok.error());
  return report;
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
  if (auto ok = items.upsert_persons(persons); !ok) return ok;
  const storage::ItemOrigin origin{c.t.section, c.t.date, c.file_id, c.now};
  c.item_ids.reserve(c.t.items.size());
  for (std::size_t i = 0; i < c.t.items.size(); ++i) {
    auto stored = items.upsert(c.t.items[i], origin);
    if (!stored) return fail(stored.error());
    c.item_ids.push_back(stored->id);
    if (stored->state == storage::UpsertState::kUnchanged) continue;
    c.to_match.push_back(i);
    (stored->state == storage::UpsertState::kNew ? c.report.new_items : c.report.updated_items)++;
  }
  return {};
}

Status Ingester::match_and_queue(Context& c) {
  storage::MatchRepository matches(db_);
  std::map<std::int64_t, std::vector<NewMatch>> by_user;  // in item order
  std::vector<rules::RuleIds> found;
  for (const std::size_t index : c.to_match) {
    found.clear();
    rules_.match(c.t.items[index], c.t.section, match_context_, found);
    for (const rules::RuleIds rule_ids : found) {
      for (const std::int64_t rule_id : rule_ids) {
        auto id = matches.insert_if_new(rule_id, c.item_ids[index], c.file_id, c.now);
        if (!id) return fail(id.error());
        if (!*id) continue;
        ++c.report.matches;
        by_user[rule_records_.at(rule_id).user_id].push_back(NewMatch{**id, rule_id, index});
      }
    }
  }
  if (!c.alert) return {};
  for (const auto& [user_id, user_hits] : by_user) {
    if (auto ok = queue_for_user(c, user_id, user_hits); !ok) return ok;
  }
  return {};
}

Status Ingester::queue_for_user(Context& c, std::int64_t user_id,
                                const std::vector<NewMatch>& hits) {
  storage::UserRepository users(db_);
  auto user = users.user(user_id);
  if (!user) return fail(user.error());
  if (!*user) return fail(Error::permanent(fmt::format("rule owner {} vanished", user_id)));
  const bool webhook_usable = !(*user)->webhook_url.empty() && (*user)->webhook_disabled_at == 0;
  std::vector<NewMatch> by_webhook, by_email;
  std::vector<std::int64_t> held;
  for (const auto& h : hits) {
    const auto& rule = rule_records_.at(h.rule_id);
    if (webhook_usable && rule.channel == storage::Channel::kWebhook) {
      by_webhook.push_back(h);
    } else if (rule.daily) {
      held.push_back(h.match_id);
    } else {
      by_email.push_back(h);
    }
  }
  if (!held.empty()) {
    if (auto ok = storage::MatchRepository(db_).hold_for_digest(held); !ok) return ok;
  }
  if (!by_webhook.empty()) {
    if (auto ok = queue_message(c, **user, storage::Channel::kWebhook, by_webhook); !ok) return ok;
  }
  if (by_email.empty()) return {};
  return queue_message(c, **user, storage::Channel::kEmail, by_email);
}

Status Ingester::queue_message(Context& c, const storage::UserRecord& user,
                               storage::Channel channel, const std::vector<NewMatch>& hits) {
  const bool webhook = channel == storage::Channel::kWebhook;
  storage::OutboxRepository outbox(db_);
  auto outbox_id =
      outbox.reserve(user.id, channel, webhook ? user.webhook_url : user.email, c.file_id, c.now);
  if (!outbox_id) return fail(outbox_id.error());
  deliver::AlertBatch batch{*outbox_id, user.id, user.email,          c.t.file_name, c.t.section,
                            c.t.date,   c.now,   alerts_for(c, hits), false,         user.link_key};
  if (!webhook) {
    if (auto ok = add_rule_keys(batch.alerts); !ok) return ok;
  }
  const auto msg = webhook ? Result<deliver::RenderedMessage>(deliver::render_webhook(batch))
                           : deliver::render_email(batch, email_);
  if (!msg) {  // kept, and visible as dead, rather than sent with injected headers
    if (auto ok = outbox.mark_dead(*outbox_id, msg.error().message); !ok) return ok;
  } else if (auto ok = outbox.set_message(*outbox_id, msg->subject, msg->body); !ok) {
    return ok;
  }
  ++c.report.alerts;
  std::vector<std::int64_t> match_ids;
  match_ids.reserve(hits.size());
  for (const auto& h : hits) match_ids.push_back(h.match_id);
  return storage::MatchRepository(db_).set_outbox(match_ids, *outbox_id);
}

std::vector<deliver::AlertItem> Ingester::alerts_for(const Context& c,
                                                     const std::vector<NewMatch>& hits) const {
  std::vector<Hit> all;
  all.reserve(hits.size());
  for (const auto& h : hits) {
    all.push_back(Hit{h.rule_id, &c.t.items[h.item_index], c.t.section, &c.t.date});
  }
  return collapse(all);
}

Status Ingester::add_rule_keys(std::vector<deliver::AlertItem>& alerts) {
  std::map<std::int64_t, std::string> keys;
  storage::SubscriptionRepository subs(db_);
  for (auto& a : alerts) {
    auto [it, added] = keys.try_emplace(a.rule_id);
    if (added) {
      auto rule = subs.find(a.rule_id);
      if (!rule) return fail(rule.error());
      if (*rule) it->second = (*rule)->link_key;
    }
    a.rule_key = it->second;
  }
  return {};
}

std::vector<deliver::AlertItem> Ingester::collapse(const std::vector<Hit>& hits) const {
  // Keyword rules report one item per debate, as TheyWorkForYou does (the
  // first matching speech, or the heading if no speech matches); speaker
  // rules report every speech.
  std::vector<deliver::AlertItem> alerts;
  std::map<std::pair<std::int64_t, std::string>, std::size_t> first_in_debate;
  for (const auto& h : hits) {
    const Item& item = *h.item;
    auto alert =
        to_alert(h.section, *h.date, item, rule_records_.at(h.rule_id), highlights_.at(h.rule_id));
    if (!rules_.is_speaker_rule(h.rule_id)) {
      const auto [it, added] = first_in_debate.try_emplace(
          {h.rule_id, debate_of(h.section, *h.date, item)}, alerts.size());
      if (!added) {
        auto& shown = alerts[it->second];
        ++shown.more_in_debate;
        if (is_heading(shown.kind) && !is_heading(item.kind)) {
          alert.more_in_debate = shown.more_in_debate;
          shown = std::move(alert);
        }
        continue;
      }
    }
    alerts.push_back(std::move(alert));
  }
  return alerts;
}

Result<std::size_t> Ingester::queue_digests(std::int64_t now) {
  auto held = storage::MatchRepository(db_).held_for_digest();
  if (!held) return fail(held.error());
  std::size_t queued = 0;
  auto begin = held->begin();
  while (begin != held->end()) {
    const auto end = std::find_if(begin, held->end(), [&](const storage::DigestMatch& m) {
      return m.user_id != begin->user_id;
    });
    auto ok = queue_digest(std::vector<storage::DigestMatch>(begin, end), now);
    if (!ok) return fail(ok.error());
    if (*ok) ++queued;
    begin = end;
  }
  return queued;
}

Result<bool> Ingester::queue_digest(const std::vector<storage::DigestMatch>& held,
                                    std::int64_t now) {
  auto tx = storage::Transaction::begin(db_);
  if (!tx) return fail(tx.error());
  const std::int64_t user_id = held.front().user_id;
  auto user = storage::UserRepository(db_).user(user_id);
  if (!user) return fail(user.error());
  storage::ItemReader reader(db_);
  std::vector<storage::StoredItemRecord> items;
  std::vector<std::int64_t> rule_ids;
  std::vector<std::int64_t> match_ids;
  items.reserve(held.size());
  for (const auto& m : held) {
    auto item = reader.by_id(m.item_id);
    if (!item) return fail(item.error());
    match_ids.push_back(m.match_id);
    if (!*item || rule_records_.count(m.rule_id) == 0) continue;  // rule no longer loaded
    items.push_back(std::move(**item));
    rule_ids.push_back(m.rule_id);
  }
  if (!*user || items.empty()) {
    if (auto ok = storage::MatchRepository(db_).release_digest(match_ids, 0); !ok) {
      return fail(ok.error());
    }
    if (auto ok = tx->commit(); !ok) return fail(ok.error());
    return false;
  }
  std::vector<Hit> hits;
  for (std::size_t i = 0; i < items.size(); ++i) {
    hits.push_back(Hit{rule_ids[i], &items[i].item, items[i].section, &items[i].date});
  }
  storage::OutboxRepository outbox(db_);
  auto outbox_id = outbox.reserve(user_id, storage::Channel::kEmail, (*user)->email, 0, now);
  if (!outbox_id) return fail(outbox_id.error());
  deliver::AlertBatch batch{
      *outbox_id,
      user_id,
      (*user)->email,
      "",
      items.front().section,
      london_date(std::chrono::system_clock::time_point(std::chrono::seconds(now))),
      now,
      collapse(hits),
      true,
      (*user)->link_key};
  if (auto ok = add_rule_keys(batch.alerts); !ok) return fail(ok.error());
  const auto msg = deliver::render_email(batch, email_);
  if (!msg) {
    if (auto ok = outbox.mark_dead(*outbox_id, msg.error().message); !ok) return fail(ok.error());
  } else if (auto ok = outbox.set_message(*outbox_id, msg->subject, msg->body); !ok) {
    return fail(ok.error());
  }
  if (auto ok = storage::MatchRepository(db_).release_digest(match_ids, *outbox_id); !ok) {
    return fail(ok.error());
  }
  if (auto ok = tx->commit(); !ok) return fail(ok.error());
  return true;
}

}  // namespace pw
