#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/database.hpp"
#include "storage/records.hpp"

namespace pw::storage {

// A hard cap on one user's subscriptions, whoever adds them (the web face
// has a lower, configurable one).
inline constexpr std::int64_t kMaxSubscriptionsPerUser = 10'000;

// What a new subscription holds; the query must already have been
// validated.
struct NewSubscription {
  std::int64_t user_id = 0;
  std::string query;
  Channel channel = Channel::kEmail;
  bool daily = false;
  bool confirmed = false;  // false: waits for the address to confirm
  bool votes = true;       // RuleRecord::votes
};

// An unconfirmed webhook sign-up's endpoint and secret, kept on the
// subscription until the address confirms (RuleRecord::pending_webhook_url).
struct PendingEndpoint {
  std::string url;
  std::string secret;
};

// Subscriptions: the rules table seen as one rule of one user with its
// channel, frequency and state. The Database must outlive it.
class SubscriptionRepository {
 public:
  explicit SubscriptionRepository(Database& db) : db_(db) {}

  // Adds one; invalid_input when the user has kMaxSubscriptionsPerUser.
  Result<std::int64_t> add(const NewSubscription& s, std::int64_t now,
                           const PendingEndpoint& pending = {});
  Result<std::optional<RuleRecord>> find(std::int64_t id);
  // The link key of subscription `id`, "" if there is none.
  Result<std::string> link_key(std::int64_t id);
  // The link keys of those of subscriptions `ids` for which alerts are made
  // now (RuleRecord::active()), by id; one statement for them all.
  Result<std::unordered_map<std::int64_t, std::string>> live_link_keys(
      const std::vector<std::int64_t>& ids);
  // The user's subscription with exactly this query and channel, if any.
  Result<std::optional<RuleRecord>> find_same(std::int64_t user_id, const std::string& query,
                                              Channel channel);
  // Adds a confirmed rule for a user (the operator vouches for it), sent by
  // webhook if the user has one, at the user's frequency; the query must
  // already have been validated. invalid_input if there is no such user.
  // `votes` false: a speaker rule's alerts leave out how the person voted.
  Result<std::int64_t> add_for_user(std::int64_t user_id, const std::string& query,
                                    std::int64_t now, bool votes = true);
  // A short text that changes whenever a subscription is added, removed
  // (also with its user), confirmed, suspended or resumed, or changes
  // channel, frequency or votes, so a long-running process knows when to
  // reload, read without reading the rules: the highest id (ids are never
  // handed out again, so an added rule raises it) and the count of updates
  // and deletions that triggers keep (rules_changes; a trigger on insert
  // would cost each inserted rule a statement journal written to disk,
  // which doubled the time of a rule import).
  Result<std::string> fingerprint();
  // Calls visit(record) for each subscription alerts are made for
  // (RuleRecord::active()), by id; a record's query is valid only during
  // its call. Reads them without a copy each: there may be a million.
  Status for_each_active(const std::function<void(const ActiveRuleRecord&)>& visit);
  // Every subscription, by id; or only those of one user (user_id > 0).
  Result<std::vector<RuleRecord>> all(std::int64_t user_id = 0);
  Result<std::int64_t> count_of_user(std::int64_t user_id);
  // Every subscription, active or not: an upper bound for for_each_active().
  Result<std::int64_t> count();
  Result<std::int64_t> count_unconfirmed_of_user(std::int64_t user_id);

  // The secret of an unconfirmed subscription of the user that waits for
  // the same webhook URL, or "" if none does.
  Result<std::string> pending_secret(std::int64_t user_id, const std::string& webhook_url);

  // Each returns invalid_input when there is no such subscription.
  // Confirming forgets the pending webhook endpoint kept on it.
  Status confirm(std::int64_t id, std::int64_t now);
  Status set_suspended(std::int64_t id, bool suspended, std::int64_t now);
  Status set_daily(std::int64_t id, bool daily);
  // Sets the frequency of every subscription of a user.
  Status set_daily_of_user(std::int64_t user_id, bool daily);
  // Removes it with its matches (held digest matches too).
  Status remove(std::int64_t id);

  // Removes every subscription of a user; returns how many there were.
  Result<std::int64_t> remove_all(std::int64_t user_id);
  // Removes subscriptions never confirmed that were created before
  // `created_before`; returns how many.
  Result<std::int64_t> expire_unconfirmed(std::int64_t created_before);

 private:
  Status changed_one(Status ran, std::int64_t id);
  Database& db_;
};

}  // namespace pw::storage
