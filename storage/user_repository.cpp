#include "storage/user_repository.hpp"

#include <fmt/format.h>

#include "storage/subscription_repository.hpp"

namespace pw::storage {
namespace {

UserRecord read_user(const Statement& s) {
  return UserRecord{s.int64(0),           s.text(1), s.text(2),  s.int64(3), s.text(4),  s.int64(5),
                    s.text(6) == "daily", s.text(7), s.int64(8), s.text(9),  s.int64(10)};
}

constexpr std::string_view kUserColumns =
    "SELECT id, email, webhook_url, created_at, webhook_secret, webhook_disabled_at, frequency,"
    " link_key, COALESCE(confirmed_at, 0), webhook_secret_previous, webhook_secret_previous_until"
    " FROM users";

std::string user_sql(std::string_view where) {
  return std::string(kUserColumns) + " " + std::string(where);
}

}  // namespace

Result<std::int64_t> UserRepository::add_user(const std::string& email,
                                              const std::string& webhook_url, std::int64_t now,
                                              bool confirmed) {
  PW_TRY_ASSIGN(auto existing, find_user(email));
  if (existing) return fail(Error::invalid(fmt::format("user {} already exists", email)));
  const std::optional<std::int64_t> confirmed_at =
      confirmed ? std::optional<std::int64_t>(now) : std::nullopt;
  PW_TRY(db_.run(
      "INSERT INTO users (email, webhook_url, created_at, confirmed_at) VALUES (?1, ?2, ?3, ?4)",
      email, Nullable{webhook_url}, now, confirmed_at));
  return db_.last_insert_id();
}

Status UserRepository::set_webhook_url(std::int64_t id, const std::string& url) {
  return db_.run("UPDATE users SET webhook_url = ?2, webhook_disabled_at = 0 WHERE id = ?1", id,
                 Nullable{url});
}

Status UserRepository::set_webhook_secret(std::int64_t id, const std::string& secret) {
  return db_.run("UPDATE users SET webhook_secret = ?2 WHERE id = ?1", id, secret);
}

Status UserRepository::rotate_webhook_secret(std::int64_t id, const std::string& secret,
                                             std::int64_t keep_old_until) {
  return db_.run(
      "UPDATE users SET webhook_secret_previous = webhook_secret,"
      " webhook_secret_previous_until = ?3, webhook_secret = ?2 WHERE id = ?1",
      id, secret, keep_old_until);
}

Status UserRepository::set_daily(std::int64_t id, bool daily) {
  const char* frequency = daily ? "daily" : "immediate";
  auto ok = db_.run("UPDATE users SET frequency = ?2 WHERE id = ?1", id, frequency);
  if (!ok) return ok;
  return SubscriptionRepository(db_).set_daily_of_user(id, daily);
}

Status UserRepository::confirm(std::int64_t id, std::int64_t now) {
  return db_.run("UPDATE users SET confirmed_at = COALESCE(confirmed_at, ?2) WHERE id = ?1", id,
                 now);
}

Result<bool> UserRepository::remove_user(std::int64_t id) {
  PW_TRY_ASSIGN(auto tx, Transaction::begin(db_));
  // Matches are keyed by item (migration 17): finding a user's, of its
  // rules and of those it removed before, takes reading them all, which
  // only forgetting a user pays for.
  PW_TRY(
      db_.run("DELETE FROM matches WHERE rule_id IN (SELECT id FROM rules WHERE user_id = ?1"
              " UNION ALL SELECT rule_id FROM rules_removed WHERE user_id = ?1)",
              id));
  PW_TRY(db_.run("DELETE FROM users WHERE id = ?1", id));
  const bool removed = db_.changes() > 0;
  PW_TRY(db_.run("DELETE FROM rules_removed WHERE user_id = ?1", id));
  PW_TRY(tx.commit());
  return removed;
}

Result<std::int64_t> UserRepository::purge_unconfirmed(std::int64_t created_before) {
  PW_TRY(
      db_.run("DELETE FROM users WHERE confirmed_at IS NULL AND created_at < ?1"
              " AND NOT EXISTS (SELECT 1 FROM rules r WHERE r.user_id = users.id)",
              created_before));
  return static_cast<std::int64_t>(db_.changes());
}

Status UserRepository::disable_webhook(std::int64_t id, std::int64_t now) {
  return db_.run("UPDATE users SET webhook_disabled_at = ?2 WHERE id = ?1", id, now);
}

Status UserRepository::enable_webhook(std::int64_t id) {
  return db_.run("UPDATE users SET webhook_disabled_at = 0 WHERE id = ?1", id);
}

Result<std::optional<UserRecord>> UserRepository::find_user(const std::string& email) {
  return first_row(db_.query(user_sql("WHERE email = ?1"), email), read_user);
}

Result<std::optional<UserRecord>> UserRepository::user(std::int64_t id) {
  return first_row(db_.query(user_sql("WHERE id = ?1"), id), read_user);
}

Result<std::unordered_map<std::int64_t, UserRecord>> UserRepository::users(
    const std::vector<std::int64_t>& ids) {
  static const std::string sql = user_sql("WHERE id IN (SELECT value FROM json_each(?1))");
  std::unordered_map<std::int64_t, UserRecord> found;
  found.reserve(ids.size());
  PW_TRY(for_each_row(db_.query(sql, json_array_of(ids)), [&found](const Statement& s) {
    auto u = read_user(s);
    found.emplace(u.id, std::move(u));
  }));
  return found;
}

Result<std::vector<UserRecord>> UserRepository::users() {
  return collect_rows(db_.query(user_sql("ORDER BY id")), read_user);
}

}  // namespace pw::storage
