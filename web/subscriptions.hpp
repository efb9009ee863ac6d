#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "deliver/render.hpp"
#include "ingest/rule_check.hpp"
#include "rules/like.hpp"
#include "storage/database.hpp"
#include "storage/records.hpp"
#include "web/http.hpp"
#include "web/rate_limiter.hpp"

namespace pw::web {

// Limits that keep sign-up from being used to mail-bomb an address.
struct WebLimits {
  int signups_per_address_per_hour = 20;   // per client IP address
  int signups_per_network_per_hour = 200;  // per IPv4 /24 or IPv6 /48 (web/network.hpp)
  int confirmations_per_email_per_day = 5;
  int max_subscriptions_per_email = 100;
  int max_unconfirmed_per_email = 10;
  std::int64_t confirm_within_seconds =
      std::int64_t{7} * 24 * 3600;  // unconfirmed ones expire after this
};

// What someone asks for: an address and exactly one of query, speaker or
// like (an item id: "debates like this").
struct SignUpRequest {
  std::string email;
  std::string query;
  std::string speaker;  // a person id or a name
  std::string like;
  std::string frequency;    // "", "immediate" or "daily"
  std::string webhook_url;  // "" for email alerts
  bool votes = true;        // false: a speaker rule's alerts leave out how the person voted
};

struct SignUpOutcome {
  storage::RuleRecord subscription;
  bool created = false;            // false: the address had this subscription already
  bool confirmation_sent = false;  // a confirmation email was queued
  // The signing secret of a webhook endpoint this sign-up asked for first:
  // shown once, to whoever asked, and never again ("" otherwise).
  std::string new_webhook_secret;
  // How the rule was read, for the person signing up (rules::Query::notes).
  std::vector<std::string> notes = {};
};

// Subscriptions on behalf of the web face: double opt-in sign-up, confirm,
// and the owner's changes. Every write happens in one transaction per
// call. The Database must outlive it; not thread-safe (the daemon calls it
// from its event loop).
class SubscriptionService {
 public:
  SubscriptionService(storage::Database& db, deliver::EmailSettings email, WebLimits limits);

  // Starts a subscription that alerts nobody until confirmed, and queues
  // the confirmation email. The same address asking again for the same
  // rule and channel gets the existing subscription (an unconfirmed one
  // has its confirmation email sent again). Nothing about an existing user
  // changes until the address confirms: a new webhook endpoint waits on
  // the subscription. Addresses compare case-insensitively. Refusals: 422 for a bad
  // address, rule, item or frequency; 409 for a webhook URL different from
  // the one the address already has; 429 when the address has too many
  // unconfirmed sign-ups or confirmation emails today (with the seconds to
  // wait in retry_after); 422 past the subscriptions-per-address limit.
  Answer<SignUpOutcome> sign_up(const SignUpRequest& r, std::int64_t now);

  // The same for an administrator: confirmed at once, no email sent.
  Answer<SignUpOutcome> add_confirmed(const SignUpRequest& r, std::int64_t now);

  // Confirms a subscription, and makes the webhook endpoint it waited for
  // the user's. 404 if there is none (removed, or expired and swept); 410
  // if it is unconfirmed past confirm_within; 409 if the address has taken
  // another webhook endpoint meanwhile.
  Answer<storage::RuleRecord> confirm(std::int64_t id, std::int64_t now);

  // Removes unconfirmed subscriptions past confirm_within, and addresses
  // that never confirmed anything and have nothing left; returns how many
  // subscriptions.
  Result<std::int64_t> expire(std::int64_t now);

  // The "debates like this" rule for the debate holding a stored item (its
  // gid or a TheyWorkForYou id), ranked against the archive's word
  // frequencies. 422 if there is no such item, 503 while the frequencies
  // are still being read after a start.
  Answer<ingest::LikeRule> like_rule(const std::string& item_id, std::int64_t now);

  // Seconds to wait after a 429 from sign_up for this address.
  std::int64_t retry_after(const std::string& email, std::int64_t now) const;

  void set_email(deliver::EmailSettings email) { email_ = std::move(email); }
  // Word frequencies for "debates like this" read elsewhere (the daemon
  // reads them on a worker at start and daily). Once called with
  // std::nullopt, "like" sign-ups are answered 503 until the first stats
  // arrive instead of reading the whole archive in the request.
  void set_corpus(std::optional<rules::CorpusStats> stats, std::int64_t read_at);
  // New limits; a changed daily confirmation limit starts counting afresh.
  void set_limits(const WebLimits& limits);
  const deliver::EmailSettings& email() const { return email_; }
  const WebLimits& limits() const { return limits_; }

 private:
  struct Rule {
    std::string query;
    std::vector<std::string> notes;  // how the rule was read (rules::Query::notes)
    storage::Channel channel = storage::Channel::kEmail;
    bool daily = false;
    bool votes = true;
  };
  struct Endpoint {
    std::string url;
    std::string secret;  // "" when the user has this endpoint already
    bool fresh = false;  // secret made by this request
  };
  Answer<Rule> rule_for(const SignUpRequest& r, std::int64_t now);
  Answer<storage::UserRecord> user_for(const std::string& email, std::int64_t now);
  Answer<Endpoint> endpoint_for(const storage::UserRecord& user, const std::string& url);
  Status take_endpoint(std::int64_t user_id, const Endpoint& e);
  Answer<bool> take_pending_endpoint(const storage::RuleRecord& s);
  Answer<SignUpOutcome> add_new(const storage::UserRecord& user, const Rule& rule,
                                const Endpoint& endpoint, bool confirmed, std::int64_t now);
  Answer<SignUpOutcome> subscribe(const SignUpRequest& r, bool confirmed, std::int64_t now);
  Answer<SignUpOutcome> resend(storage::RuleRecord existing, std::int64_t now);
  Status queue_confirmation(const storage::RuleRecord& s, std::int64_t now);

  // Word frequencies for "debates like this", read at most once a day: a
  // pass over every stored item is too slow to repeat per request.
  Answer<const rules::CorpusStats*> corpus(std::int64_t now);

  storage::Database& db_;
  deliver::EmailSettings email_;
  WebLimits limits_;
  RateLimiter confirmations_;
  std::optional<rules::CorpusStats> corpus_;
  std::int64_t corpus_read_at_ = 0;
  bool corpus_from_outside_ = false;
};

// How long after a rotation webhooks carry a signature with the old secret
// too, so a receiver can switch without rejecting a delivery.
inline constexpr std::int64_t kSecretOverlapSeconds = std::int64_t{24} * 3600;

// Gives the user a new webhook signing secret and returns it (to be shown
// once): used from the next delivery on, beside the old one until
// kSecretOverlapSeconds after `now`.
Result<std::string> rotate_webhook_secret(storage::Database& db, std::int64_t user_id,
                                          std::int64_t now);

// "immediate" or "daily"; "unconfirmed", "active" or "suspended".
const char* frequency_name(const storage::RuleRecord& s);
const char* state_name(const storage::RuleRecord& s);

}  // namespace pw::web
