#include "web/subscriptions.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "core/text.hpp"
#include "deliver/link_tokens.hpp"
#include "deliver/notices.hpp"
#include "deliver/outbox_writer.hpp"
#include "deliver/webhook_signature.hpp"
#include "ingest/rule_check.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/subscription_repository.hpp"
#include "storage/user_repository.hpp"
#include "web/validate.hpp"

namespace pw::web {
namespace {

constexpr std::int64_t kDay = std::int64_t{24} * 3600;

// Trims spaces and lower-cases the address, so one address is one user
// however it is typed (the users table compares addresses case-blind too).
std::string normal_email(std::string email) {
  const auto not_space = [](unsigned char c) { return std::isspace(c) == 0; };
  email.erase(email.begin(), std::find_if(email.begin(), email.end(), not_space));
  email.erase(std::find_if(email.rbegin(), email.rend(), not_space).base(), email.end());
  std::transform(email.begin(), email.end(), email.begin(),
                 [](unsigned char c) { return static_cast<char>(c < 0x80 ? std::tolower(c) : c); });
  return email;
}

// One spelling per query: spaces trimmed and runs of white space made one
// space (a phrase means the same either way).
std::string normal_query(const std::string& text) {
  std::string out;
  for (const char c : text) {
    const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
    if (!space) {
      out.push_back(c);
    } else if (!out.empty() && out.back() != ' ') {
      out.push_back(' ');
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string describe(const storage::RuleRecord& s, const std::string& webhook_url) {
  if (s.channel == storage::Channel::kWebhook) return "sent to the webhook " + webhook_url;
  return s.daily ? "one email a day" : "an email as soon as a match is published";
}

}  // namespace

Result<std::string> rotate_webhook_secret(storage::Database& db, std::int64_t user_id,
                                          std::int64_t now) {
  auto secret = deliver::generate_webhook_secret();
  if (!secret) return fail(secret.error());
  PW_TRY(storage::UserRepository(db).rotate_webhook_secret(user_id, *secret,
                                                           now + kSecretOverlapSeconds));
  return secret;
}

const char* frequency_name(const storage::RuleRecord& s) {
  return s.daily ? "daily" : "immediate";
}

const char* state_name(const storage::RuleRecord& s) {
  if (s.confirmed_at == 0) return "unconfirmed";
  return s.suspended_at == 0 ? "active" : "suspended";
}

SubscriptionService::SubscriptionService(storage::Database& db, deliver::EmailSettings email,
                                         WebLimits limits)
    : db_(db),
      email_(std::move(email)),
      limits_(limits),
      confirmations_(limits.confirmations_per_email_per_day, kDay) {}

void SubscriptionService::set_limits(const WebLimits& limits) {
  if (limits.confirmations_per_email_per_day != limits_.confirmations_per_email_per_day) {
    confirmations_ = RateLimiter(limits.confirmations_per_email_per_day, kDay);
  }
  limits_ = limits;
}

Answer<SignUpOutcome> SubscriptionService::sign_up(const SignUpRequest& r, std::int64_t now) {
  if (email_.public_url.empty()) {
    return refuse(503, "sign-up needs [email] public_url in the configuration for its links");
  }
  return subscribe(r, false, now);
}

Answer<SignUpOutcome> SubscriptionService::add_confirmed(const SignUpRequest& r, std::int64_t now) {
  return subscribe(r, true, now);
}

void SubscriptionService::set_corpus(std::optional<rules::CorpusStats> stats,
                                     std::int64_t read_at) {
  corpus_from_outside_ = true;
  if (!stats) return;
  corpus_ = std::move(stats);
  corpus_read_at_ = read_at;
}

Answer<const rules::CorpusStats*> SubscriptionService::corpus(std::int64_t now) {
  if (corpus_from_outside_) {
    if (!corpus_) {
      return refuse(503, "the archive is still being read after a start; try again in a minute");
    }
    return &*corpus_;
  }
  if (!corpus_ || now - corpus_read_at_ > kDay) {
    auto stats = ingest::corpus_stats(db_);
    if (!stats) return tl::unexpected(refusal_for(stats.error()));
    corpus_.emplace(std::move(*stats));
    corpus_read_at_ = now;
  }
  return &*corpus_;
}

Answer<ingest::LikeRule> SubscriptionService::like_rule(const std::string& item_id,
                                                        std::int64_t now) {
  auto stats = corpus(now);
  if (!stats) return tl::unexpected(stats.error());
  auto like = ingest::like_rule(db_, item_id, false, *stats);
  if (!like) return tl::unexpected(refusal_for(like.error()));
  return *like;
}

Answer<SubscriptionService::Rule> SubscriptionService::rule_for(const SignUpRequest& r,
                                                                std::int64_t now) {
  const int given = !r.query.empty() + !r.speaker.empty() + !r.like.empty();
  if (given != 1) return refuse(422, "give exactly one of query, speaker or like");
  Rule rule;
  rule.votes = r.votes;
  if (r.frequency == "daily") {
    rule.daily = true;
  } else if (!r.frequency.empty() && r.frequency != "immediate") {
    return refuse(422, "frequency must be \"immediate\" or \"daily\"");
  }
  if (!r.webhook_url.empty()) {
    if (rule.daily) return refuse(422, "daily digests are sent by email, not to webhooks");
    if (auto ok = validate_webhook_url(r.webhook_url); !ok) return refuse(422, ok.error().message);
    rule.channel = storage::Channel::kWebhook;
  }
  std::string text = r.query;
  if (!r.speaker.empty()) {
    if (r.speaker.find('"') != std::string::npos || r.speaker.size() > 200) {
      return refuse(422, "speaker must be a person id or a name");
    }
    text = all_digits(r.speaker) ? "speaker:" + r.speaker : "speaker:\"" + r.speaker + "\"";
  } else if (!r.like.empty()) {
    auto like = like_rule(r.like, now);
    if (!like) return tl::unexpected(like.error());
    text = like->rule;
  }
  auto q = ingest::check_rule(db_, normal_query(text));
  if (!q) return tl::unexpected(refusal_for(q.error()));
  rule.query = q->text;
  rule.notes = std::move(q->notes);
  return rule;
}

Answer<storage::UserRecord> SubscriptionService::user_for(const std::string& email,
                                                          std::int64_t now) {
  storage::UserRepository users(db_);
  auto user = users.find_user(email);
  if (!user) return tl::unexpected(refusal_for(user.error()));
  if (*user) return **user;
  auto added = users.add_user(email, "", now, false);
  if (!added) return tl::unexpected(refusal_for(added.error()));
  auto stored = users.user(*added);
  if (!stored || !*stored) return refuse(500, "internal error");
  return **stored;
}

Answer<SubscriptionService::Endpoint> SubscriptionService::endpoint_for(
    const storage::UserRecord& user, const std::string& url) {
  if (url.empty() || user.webhook_url == url) return Endpoint{url, "", false};
  if (!user.webhook_url.empty()) {
    return refuse(409, "this address already has a different webhook URL");
  }
  auto pending = storage::SubscriptionRepository(db_).pending_secret(user.id, url);
  if (!pending) return tl::unexpected(refusal_for(pending.error()));
  if (!pending->empty()) return Endpoint{url, *pending, false};
  auto secret = deliver::generate_webhook_secret();
  if (!secret) return tl::unexpected(refusal_for(secret.error()));
  return Endpoint{url, *secret, true};
}

Status SubscriptionService::take_endpoint(std::int64_t user_id, const Endpoint& e) {
  if (e.secret.empty()) return {};
  storage::UserRepository users(db_);
  PW_TRY(users.set_webhook_url(user_id, e.url));
  return users.set_webhook_secret(user_id, e.secret);
}

Answer<SignUpOutcome> SubscriptionService::subscribe(const SignUpRequest& r, bool confirmed,
                                                     std::int64_t now) {
  auto tx = storage::Transaction::begin(db_);
  if (!tx) return tl::unexpected(refusal_for(tx.error()));
  auto rule = rule_for(r, now);
  if (!rule) return tl::unexpected(rule.error());
  const auto email = normal_email(r.email);
  if (auto ok = validate_email(email, email_.smtputf8); !ok) return refuse(422, ok.error().message);
  auto user = user_for(email, now);
  if (!user) return tl::unexpected(user.error());
  if (confirmed) {
    if (auto ok = storage::UserRepository(db_).confirm(user->id, now); !ok) {
      return tl::unexpected(refusal_for(ok.error()));
    }
  }
  auto endpoint = endpoint_for(*user, r.webhook_url);
  if (!endpoint) return tl::unexpected(endpoint.error());
  storage::SubscriptionRepository subs(db_);
  auto existing = subs.find_same(user->id, rule->query, rule->channel);
  if (!existing) return tl::unexpected(refusal_for(existing.error()));
  Answer<SignUpOutcome> out;
  if (*existing && (confirmed || (*existing)->confirmed_at != 0)) {
    if (confirmed && (*existing)->confirmed_at == 0) {
      if (auto ok = take_endpoint(user->id, *endpoint); !ok) {
        return tl::unexpected(refusal_for(ok.error()));
      }
      if (auto ok = subs.confirm((*existing)->id, now); !ok) {
        return tl::unexpected(refusal_for(ok.error()));
      }
      (*existing)->confirmed_at = now;
    }
    out = SignUpOutcome{**existing, false, false, ""};
  } else if (*existing) {
    out = resend(**existing, now);
  } else {
    out = add_new(*user, *rule, *endpoint, confirmed, now);
  }
  if (!out) return out;
  if (auto ok = tx->commit(); !ok) return tl::unexpected(refusal_for(ok.error()));
  out->notes = std::move(rule->notes);
  return out;
}

Answer<SignUpOutcome> SubscriptionService::add_new(const storage::UserRecord& user,
                                                   const Rule& rule, const Endpoint& endpoint,
                                                   bool confirmed, std::int64_t now) {
  storage::SubscriptionRepository subs(db_);
  auto count = subs.count_of_user(user.id);
  if (!count) return tl::unexpected(refusal_for(count.error()));
  if (*count >= limits_.max_subscriptions_per_email) {
    return refuse(422, fmt::format("an address may have at most {} subscriptions",
                                   limits_.max_subscriptions_per_email));
  }
  auto unconfirmed = subs.count_unconfirmed_of_user(user.id);
  if (!unconfirmed) return tl::unexpected(refusal_for(unconfirmed.error()));
  if (!confirmed && *unconfirmed >= limits_.max_unconfirmed_per_email) {
    return refuse(429, "this address has too many sign-ups waiting for confirmation");
  }
  const storage::NewSubscription add{user.id,    rule.query, rule.channel,
                                     rule.daily, confirmed,  rule.votes};
  storage::PendingEndpoint pending;
  if (confirmed) {
    if (auto ok = take_endpoint(user.id, endpoint); !ok) {
      return tl::unexpected(refusal_for(ok.error()));
    }
  } else if (rule.channel == storage::Channel::kWebhook) {
    pending = storage::PendingEndpoint{endpoint.url, endpoint.secret};
  }
  auto id = subs.add(add, now, pending);
  if (!id) return tl::unexpected(refusal_for(id.error()));
  auto stored = subs.find(*id);
  if (!stored || !*stored) return refuse(500, "internal error");
  auto out = confirmed ? Answer<SignUpOutcome>(SignUpOutcome{**stored, true, false, ""})
                       : resend(**stored, now);
  if (!out) return out;
  out->created = true;
  if (endpoint.fresh) out->new_webhook_secret = endpoint.secret;
  return out;
}

Answer<SignUpOutcome> SubscriptionService::resend(storage::RuleRecord s, std::int64_t now) {
  if (!confirmations_.allow(s.user_email, now)) {
    return refuse(429, "too many confirmation emails to this address today; try again later");
  }
  if (auto ok = queue_confirmation(s, now); !ok) return tl::unexpected(refusal_for(ok.error()));
  return SignUpOutcome{std::move(s), false, true, ""};
}

std::int64_t SubscriptionService::retry_after(const std::string& email, std::int64_t now) const {
  return confirmations_.retry_after(normal_email(email), now);
}

Status SubscriptionService::queue_confirmation(const storage::RuleRecord& s, std::int64_t now) {
  PW_TRY_ASSIGN(auto user, storage::UserRepository(db_).user(s.user_id));
  if (!user) return fail(Error::permanent(fmt::format("user {} vanished", s.user_id)));
  const std::string webhook_url =
      s.pending_webhook_url.empty() ? (user)->webhook_url : s.pending_webhook_url;
  using deliver::LinkPurpose;
  using deliver::LinkSubject;
  const auto confirm =
      deliver::link_url(email_.public_url, email_.token_secret, LinkPurpose::kConfirm,
                        LinkSubject{LinkSubject::Kind::kSubscription, s.id, s.link_key});
  const auto manage =
      deliver::link_url(email_.public_url, email_.token_secret, LinkPurpose::kManage,
                        LinkSubject{LinkSubject::Kind::kUser, s.user_id, (user)->link_key});
  const auto notice = deliver::confirmation_notice(
      {s.user_email, s.query, describe(s, webhook_url),
       static_cast<int>(limits_.confirm_within_seconds / kDay), confirm, manage});
  auto id =
      deliver::write_notice(db_, s.user_id, s.user_email, notice.subject, notice.text, now, email_);
  return id ? Status{} : Status(fail(id.error()));
}

Answer<storage::RuleRecord> SubscriptionService::confirm(std::int64_t id, std::int64_t now) {
  auto tx = storage::Transaction::begin(db_);
  if (!tx) return tl::unexpected(refusal_for(tx.error()));
  storage::SubscriptionRepository subs(db_);
  auto s = subs.find(id);
  if (!s) return tl::unexpected(refusal_for(s.error()));
  if (!*s) return refuse(404, "there is no such subscription: it was removed, or has expired");
  if ((*s)->confirmed_at != 0) return **s;
  if ((*s)->created_at + limits_.confirm_within_seconds < now) {
    return refuse(410, "this confirmation link has expired: please sign up again");
  }
  if (auto ok = take_pending_endpoint(**s); !ok) return tl::unexpected(ok.error());
  if (auto ok = subs.confirm(id, now); !ok) return tl::unexpected(refusal_for(ok.error()));
  if (auto ok = storage::UserRepository(db_).confirm((*s)->user_id, now); !ok) {
    return tl::unexpected(refusal_for(ok.error()));
  }
  if (auto ok = tx->commit(); !ok) return tl::unexpected(refusal_for(ok.error()));
  (*s)->confirmed_at = now;
  (*s)->pending_webhook_url.clear();
  (*s)->pending_webhook_secret.clear();
  return **s;
}

Answer<bool> SubscriptionService::take_pending_endpoint(const storage::RuleRecord& s) {
  if (s.pending_webhook_url.empty()) return true;
  auto user = storage::UserRepository(db_).user(s.user_id);
  if (!user) return tl::unexpected(refusal_for(user.error()));
  if (!*user) return refuse(404, "there is no such subscription");
  if ((*user)->webhook_url == s.pending_webhook_url) return true;
  if (!(*user)->webhook_url.empty() || s.pending_webhook_secret.empty()) {
    return refuse(409, "this address has another webhook endpoint now: please sign up again");
  }
  if (auto ok = take_endpoint(s.user_id,
                              Endpoint{s.pending_webhook_url, s.pending_webhook_secret, false});
      !ok) {
    return tl::unexpected(refusal_for(ok.error()));
  }
  return true;
}

Result<std::int64_t> SubscriptionService::expire(std::int64_t now) {
  PW_TRY_ASSIGN(auto tx, storage::Transaction::begin(db_));
  const auto cutoff = now - limits_.confirm_within_seconds;
  PW_TRY_ASSIGN(auto removed, storage::SubscriptionRepository(db_).expire_unconfirmed(cutoff));
  if (auto purged = storage::UserRepository(db_).purge_unconfirmed(cutoff); !purged) {
    return fail(purged.error());
  }
  PW_TRY(tx.commit());
  return removed;
}

}  // namespace pw::web
