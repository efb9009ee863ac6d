#include "ingest/alerts.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "core/london_time.hpp"
#include "deliver/outbox_writer.hpp"
#include "ingest/votes.hpp"
#include "storage/item_reader.hpp"
#include "storage/match_repository.hpp"
#include "storage/subscription_repository.hpp"
#include "storage/user_repository.hpp"

namespace pw::ingest {
namespace {

deliver::AlertItem to_alert(const Hit& h, const storage::ActiveRuleRecord& rule,
                            std::vector<std::string> highlight) {
  const Item& item = *h.item;
  deliver::AlertItem a;
  a.rule_id = rule.id;
  a.query = rule.query;
  a.highlight = std::move(highlight);
  a.section = h.section;
  a.date = *h.date;
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

// An item's heading chain (a heading counts as part of its own debate).
std::string heading_chain(const Item& item) {
  std::string key;
  for (const auto& heading : item.headings) key.append(heading).push_back('\n');
  if (is_heading(item.kind)) key.append(item.text).push_back('\n');
  return key;
}

// Identifies the debate of a hit's item and the hit's rule, for collapse():
// the rule and the transcript's debate number or, without one, the sitting
// and heading chain.
std::string debate_key(const Hit& h) {
  std::string key(reinterpret_cast<const char*>(&h.rule_id), sizeof h.rule_id);
  if (h.debate != Hit::kUnknownDebate) {
    return key.append(reinterpret_cast<const char*>(&h.debate), sizeof h.debate);
  }
  key += std::string(section_name(h.section)) + "\n" + *h.date + "\n";
  return key + heading_chain(*h.item);
}

// The matches held for one user's digest, read back from storage.
struct HeldItems {
  std::vector<storage::StoredItemRecord> items;
  std::vector<std::int64_t> rule_ids;  // per item
};

Result<HeldItems> read_held(storage::Database& db, const RuleCache& rules,
                            const std::vector<storage::DigestMatch>& held) {
  storage::ItemReader reader(db);
  HeldItems out;
  out.items.reserve(held.size());
  for (const auto& m : held) {
    PW_TRY_ASSIGN(auto item, reader.by_id(m.item_id));
    if (!item || !rules.has(m.rule_id)) continue;  // rule no longer loaded
    out.items.push_back(std::move(*item));
    out.rule_ids.push_back(m.rule_id);
  }
  return out;
}

// How the persons of a digest's speaker alerts voted, sitting by sitting,
// from the stored divisions (proxy holders named from the division lists).
Result<std::vector<deliver::VoteLine>> stored_vote_lines(
    storage::Database& db, const RuleCache& rules, const std::vector<deliver::AlertItem>& alerts) {
  std::map<std::pair<Section, std::string>, std::vector<deliver::AlertItem>> by_sitting;
  for (const auto& a : alerts) {
    if (!a.person_id.empty() && rules.rules().is_speaker_rule(a.rule_id)) {
      by_sitting[{a.section, a.date}].push_back(a);
    }
  }
  static const parse::Members kNoMembers;
  std::vector<deliver::VoteLine> out;
  for (const auto& [sitting, sitting_alerts] : by_sitting) {
    PW_TRY_ASSIGN(auto divisions, storage::ItemReader(db).divisions(sitting.first, sitting.second));
    if (divisions.empty()) continue;
    Transcript t;
    t.section = sitting.first;
    t.date = sitting.second;
    for (auto& d : divisions) t.items.push_back(std::move(d.item));
    auto lines = vote_lines(t, sitting_alerts, rules, kNoMembers);
    out.insert(out.end(), std::make_move_iterator(lines.begin()),
               std::make_move_iterator(lines.end()));
  }
  return out;
}

// Queues one user's digest in its own transaction; false if nothing was
// left to send (the matches are released).
Result<bool> queue_digest(storage::Database& db, const RuleCache& rules,
                          const deliver::EmailSettings& email,
                          const std::vector<storage::DigestMatch>& held, std::int64_t now) {
  PW_TRY_ASSIGN(auto tx, storage::Transaction::begin(db));
  const std::int64_t user_id = held.front().user_id;
  PW_TRY_ASSIGN(auto user, storage::UserRepository(db).user(user_id));
  PW_TRY_ASSIGN(auto read, read_held(db, rules, held));
  storage::MatchRepository matches(db);
  std::int64_t outbox_id = 0;
  if (user && !read.items.empty()) {
    std::vector<Hit> hits;
    for (std::size_t i = 0; i < read.items.size(); ++i) {
      const auto& stored = read.items[i];
      hits.push_back(Hit{read.rule_ids[i], &stored.item, stored.section, &stored.date});
    }
    const auto today =
        london_date(std::chrono::system_clock::time_point(std::chrono::seconds(now)));
    deliver::AlertBatch batch{0,     user_id, (user)->email,         "",   hits.front().section,
                              today, now,     collapse(rules, hits), true, (user)->link_key,
                              {}};
    PW_TRY_ASSIGN(auto votes, stored_vote_lines(db, rules, batch.alerts));
    batch.votes = std::move(votes);
    PW_TRY(add_rule_keys(db, batch.alerts));
    PW_TRY_ASSIGN(auto id, write_alert(db, std::move(batch), storage::Channel::kEmail,
                                       (user)->email, 0, email));
    outbox_id = id;
  }
  PW_TRY(matches.release_digest(held, outbox_id));
  PW_TRY(tx.commit());
  return outbox_id != 0;
}

}  // namespace

std::vector<std::uint32_t> debate_numbers(const Transcript& t) {
  std::unordered_map<std::string, std::uint32_t> numbers;
  std::vector<std::uint32_t> out;
  out.reserve(t.items.size());
  for (const auto& item : t.items) {
    const auto next = static_cast<std::uint32_t>(numbers.size());
    out.push_back(numbers.try_emplace(heading_chain(item), next).first->second);
  }
  return out;
}

std::vector<deliver::AlertItem> collapse(const RuleCache& rules, const std::vector<Hit>& hits) {
  std::vector<deliver::AlertItem> alerts;
  std::unordered_map<std::string, std::size_t> first_in_debate;
  const auto alert_of = [&rules](const Hit& h) {
    const auto rule = rules.shown(h.rule_id);
    return to_alert(h, rule.record, rule.highlight);
  };
  for (const auto& h : hits) {
    if (!rules.rules().is_speaker_rule(h.rule_id)) {
      const auto [it, added] = first_in_debate.try_emplace(debate_key(h), alerts.size());
      if (!added) {
        auto& shown = alerts[it->second];
        const std::size_t more = ++shown.more_in_debate;
        if (is_heading(shown.kind) && !is_heading(h.item->kind)) {
          shown = alert_of(h);
          shown.more_in_debate = more;
        }
        continue;
      }
    }
    alerts.push_back(alert_of(h));
  }
  return alerts;
}

Status add_rule_keys(storage::Database& db, std::vector<deliver::AlertItem>& alerts) {
  storage::SubscriptionRepository rules(db);
  std::map<std::int64_t, std::string> keys;
  for (auto& a : alerts) {
    auto it = keys.find(a.rule_id);
    if (it == keys.end()) {
      PW_TRY_ASSIGN(auto key, rules.link_key(a.rule_id));
      it = keys.emplace(a.rule_id, std::move(key)).first;
    }
    a.rule_key = it->second;
  }
  return {};
}

Result<std::int64_t> write_alert(storage::Database& db, deliver::AlertBatch batch,
                                 storage::Channel channel, const std::string& to,
                                 std::int64_t file_id, const deliver::EmailSettings& email,
                                 deliver::WriteSession* session) {
  const bool webhook = channel == storage::Channel::kWebhook;
  return deliver::write_message(
      db, deliver::OutboxAddress{batch.user_id, channel, to, file_id}, batch.created_at,
      [&](std::int64_t id) -> Result<deliver::RenderedMessage> {
        batch.outbox_id = id;
        if (webhook) return deliver::render_webhook(batch);
        return deliver::render_email(batch, email, session ? &session->items : nullptr);
      },
      session);
}

Result<std::size_t> queue_digests(storage::Database& db, const RuleCache& rules,
                                  const deliver::EmailSettings& email, std::int64_t now) {
  PW_TRY_ASSIGN(auto held, storage::MatchRepository(db).held_for_digest());
  std::size_t queued = 0;
  auto begin = held.begin();
  while (begin != held.end()) {
    const auto end = std::find_if(begin, held.end(), [&](const storage::DigestMatch& m) {
      return m.user_id != begin->user_id;
    });
    PW_TRY_ASSIGN(auto ok, queue_digest(db, rules, email,
                                        std::vector<storage::DigestMatch>(begin, end), now));
    if (ok) ++queued;
    begin = end;
  }
  return queued;
}

}  // namespace pw::ingest
