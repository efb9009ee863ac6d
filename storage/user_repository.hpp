#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "storage/database.hpp"
#include "storage/records.hpp"

namespace pw::storage {

// Users (an email address, optionally a webhook URL) and their rules. The
// Database must outlive it.
class UserRepository {
 public:
  explicit UserRepository(Database& db) : db_(db) {}

  // Adds a user, confirmed at once (an operator vouches for the address)
  // unless `confirmed` is false (a sign-up: the address has not answered
  // yet). Returns invalid_input if the email is already registered (in
  // any case: addresses compare case-blind).
  Result<std::int64_t> add_user(const std::string& email, const std::string& webhook_url,
                                std::int64_t now, bool confirmed = true);
  // Records that the address answered a confirmation email.
  Status confirm(std::int64_t id, std::int64_t now);
  // "Forget me": removes the user and everything tied to it (subscriptions,
  // all their matches, messages), in one transaction (or savepoint). Reads
  // every match. False if there was no such user.
  Result<bool> remove_user(std::int64_t id);
  // Removes users created before `created_before` who never confirmed and
  // have no subscription left; returns how many.
  Result<std::int64_t> purge_unconfirmed(std::int64_t created_before);
  // Sets the user's webhook endpoint (in use again if it was disabled).
  Status set_webhook_url(std::int64_t id, const std::string& url);
  // Stores the secret webhooks to this user are signed with.
  Status set_webhook_secret(std::int64_t id, const std::string& secret);
  // Replaces the secret, keeping the old one to sign with as well until
  // `keep_old_until` (unix seconds): Standard Webhooks' rotation overlap.
  Status rotate_webhook_secret(std::int64_t id, const std::string& secret,
                               std::int64_t keep_old_until);
  // Email alerts one digest a day (true) or as they come (false): for the
  // user's subscriptions now and those the operator adds later.
  Status set_daily(std::int64_t id, bool daily);
  // Stops webhook delivery to the user's endpoint (410 Gone, or failing
  // for days); their alerts are no longer queued for it.
  Status disable_webhook(std::int64_t id, std::int64_t now);
  // Undoes disable_webhook(): alerts are queued for the endpoint again from
  // the next ingest. Rows that died meanwhile stay dead (outbox retry).
  Status enable_webhook(std::int64_t id);
  Result<std::optional<UserRecord>> find_user(const std::string& email);
  Result<std::optional<UserRecord>> user(std::int64_t id);
  // Those of users `ids` that exist, by id; one statement for them all.
  Result<std::unordered_map<std::int64_t, UserRecord>> users(const std::vector<std::int64_t>& ids);
  Result<std::vector<UserRecord>> users();

 private:
  Database& db_;
};

}  // namespace pw::storage
