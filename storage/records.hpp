#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pw::storage {

// A transcript file as recorded after ingest.
struct FileRecord {
  std::int64_t id = 0;
  std::string name;
  std::string section;
  std::string date;
  std::string version;
  std::int64_t version_rank = 0;
  std::string sha256;
  std::int64_t items = 0;
  std::int64_t ingested_at = 0;
  std::int64_t past_people_data = 0;  // items left without party: sitting after the members data
};

struct UserRecord {
  std::int64_t id = 0;
  std::string email;
  std::string webhook_url;  // "" for email-only users
  std::int64_t created_at = 0;
  std::string webhook_secret;            // "whsec_..."; "" for email-only users
  std::int64_t webhook_disabled_at = 0;  // 0 while the endpoint is in use
  bool daily = false;                    // email alerts as one digest a day
  std::string link_key;                  // random; binds the user's emailed links to this row
  std::int64_t confirmed_at = 0;  // 0 until the address confirms a sign-up (operators' at once)
  // The secret before the last rotation, which webhooks are also signed with
  // until `previous_secret_until` (unix seconds), so receivers can switch.
  std::string previous_webhook_secret;
  std::int64_t previous_secret_until = 0;
};

enum class Channel { kEmail, kWebhook };

// Returns "email" or "webhook".
const char* channel_name(Channel c);

// A subscription: one rule of one user, with how its alerts go out.
struct RuleRecord {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string user_email;
  std::string query;
  std::int64_t created_at = 0;
  Channel channel = Channel::kEmail;
  bool daily = false;             // email alerts held for the daily digest
  std::int64_t confirmed_at = 0;  // 0 until the address confirms (double opt-in)
  std::int64_t suspended_at = 0;  // 0 unless paused by its owner
  std::string link_key;           // random; binds the subscription's emailed links to this row
  // The webhook endpoint an unconfirmed sign-up asked for, and its secret:
  // they become the user's only when the address confirms.
  std::string pending_webhook_url;
  std::string pending_webhook_secret;
  bool votes = true;  // a speaker rule's alerts say how the person voted in the sitting

  // Alerts are made only for confirmed, unsuspended subscriptions.
  bool active() const { return confirmed_at != 0 && suspended_at == 0; }
};

// What matching and alerting need of an active subscription (confirmed,
// not suspended): no addresses, keys or secrets.
// Its query is a view: valid only as long as what handed it out says.
struct ActiveRuleRecord {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string_view query;
  Channel channel = Channel::kEmail;
  bool daily = false;
  bool votes = true;
};

// A match to record: the rule, the item, the file it came in, when, and
// how it is to be sent.
struct NewMatchRecord {
  std::int64_t rule_id = 0;
  std::int64_t item_id = 0;
  std::int64_t file_id = 0;
  std::int64_t created_at = 0;
  std::int64_t outbox_id = 0;  // 0: not sent (yet)
  bool digest_pending = false;
};

// A match joined with what a person listing matches wants to see.
struct MatchRecord {
  std::int64_t rule_id = 0;
  std::string query;
  std::string user_email;
  std::int64_t item_id = 0;
  std::string gid;
  std::string section;
  std::string date;
  std::string heading;  // innermost heading, "" if none
  std::string speaker_name;
  std::int64_t outbox_id = 0;  // 0 if not queued
};

// A transcript file as a source last handed it over, stored with its
// ingest so the next poll can ask "changed since?".
struct SourceFileRecord {
  std::string source;
  std::string path;  // SECTION/NAME
  std::string etag;
  std::string last_modified;
  std::int64_t changed_at = 0;
  std::string sha256;
  std::int64_t fetched_at = 0;
};

// How the polls of one source went.
struct SourcePollRecord {
  std::string source;
  std::int64_t last_poll_at = 0;
  std::int64_t last_success_at = 0;
  std::string last_error;  // "" after a clean poll
  std::int64_t last_error_at = 0;
  std::int64_t files_fetched = 0;  // by the last poll
};

// A match waiting for its owner's daily digest.
struct DigestMatch {
  std::int64_t rule_id = 0;
  std::int64_t user_id = 0;
  std::int64_t item_id = 0;
};

// Where an outbox row is on its way: pending -> sending (leased) -> sent,
// or back to retry (due again later) or pending, or dead (given up).
enum class OutboxState { kPending, kSending, kSent, kRetry, kDead };

// "pending", "sending", "sent", "retry" or "dead", as stored and shown.
const char* outbox_state_name(OutboxState s);

// Parses a stored state name; nullopt if it is none of them.
std::optional<OutboxState> outbox_state_from_name(std::string_view name);

struct OutboxRecord {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  Channel channel = Channel::kEmail;
  std::string destination;  // email address or webhook URL
  std::int64_t file_id = 0;
  std::string subject;
  std::string body;  // the complete message, rendered once
  OutboxState state = OutboxState::kPending;
  std::int64_t created_at = 0;
  std::int64_t sent_at = 0;
  int attempts = 0;                  // sends begun so far
  std::int64_t next_attempt_at = 0;  // retry: not before this unix time
  std::int64_t lease_until = 0;      // sending: another worker may take it after this
  std::string last_error;
};

}  // namespace pw::storage
