#include "storage/subscription_repository.hpp"

#include <fmt/format.h>

#include "storage/user_repository.hpp"

namespace pw::storage {
namespace {

constexpr std::string_view kSubscriptionColumns =
    "SELECT r.id, r.user_id, u.email, r.query, r.created_at, r.channel, r.frequency,"
    " COALESCE(r.confirmed_at, 0), r.suspended_at, r.link_key, r.webhook_url, r.webhook_secret,"
    " r.votes"
    " FROM rules r JOIN users u ON u.id = r.user_id ";

RuleRecord read_rule(const Statement& s) {
  RuleRecord r;
  r.id = s.int64(0);
  r.user_id = s.int64(1);
  r.user_email = s.text(2);
  r.query = s.text(3);
  r.created_at = s.int64(4);
  r.channel = s.text(5) == "webhook" ? Channel::kWebhook : Channel::kEmail;
  r.daily = s.text(6) == "daily";
  r.confirmed_at = s.int64(7);
  r.suspended_at = s.int64(8);
  r.link_key = s.text(9);
  r.pending_webhook_url = s.text(10);
  r.pending_webhook_secret = s.text(11);
  r.votes = s.int64(12) != 0;
  return r;
}

// The rules alerts are made for (RuleRecord::active()).
constexpr std::string_view kAlerting =
    "COALESCE(confirmed_at, 0) != 0 AND COALESCE(suspended_at, 0) = 0";

std::string rule_sql(std::string_view rest) {
  return std::string(kSubscriptionColumns) + std::string(rest);
}

}  // namespace

Result<std::int64_t> SubscriptionRepository::add(const NewSubscription& s, std::int64_t now,
                                                 const PendingEndpoint& pending) {
  PW_TRY_ASSIGN(auto held, count_of_user(s.user_id));
  if (held >= kMaxSubscriptionsPerUser) {
    return fail(Error::invalid(
        fmt::format("user {} has {} subscriptions, the most one may have", s.user_id, held)));
  }
  const std::optional<std::int64_t> confirmed =
      s.confirmed ? std::optional<std::int64_t>(now) : std::nullopt;
  PW_TRY(
      db_.run("INSERT INTO rules (user_id, query, created_at, channel, frequency, confirmed_at,"
              " webhook_url, webhook_secret, votes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
              s.user_id, s.query, now, channel_name(s.channel), s.daily ? "daily" : "immediate",
              confirmed, pending.url, pending.secret, std::int64_t{s.votes ? 1 : 0}));
  return db_.last_insert_id();
}

Result<std::optional<RuleRecord>> SubscriptionRepository::find(std::int64_t id) {
  return first_row(db_.query(rule_sql("WHERE r.id = ?1"), id), read_rule);
}

Result<std::string> SubscriptionRepository::link_key(std::int64_t id) {
  PW_TRY_ASSIGN(auto key, first_row(db_.query("SELECT link_key FROM rules WHERE id = ?1", id),
                                    [](const Statement& s) { return s.text(0); }));
  return key.value_or("");
}

Result<std::unordered_map<std::int64_t, std::string>> SubscriptionRepository::live_link_keys(
    const std::vector<std::int64_t>& ids) {
  static const std::string sql = fmt::format(
      "SELECT r.id, r.link_key FROM json_each(?1) j JOIN rules r ON r.id = j.value WHERE {}",
      kAlerting);
  std::unordered_map<std::int64_t, std::string> keys;
  keys.reserve(ids.size());
  PW_TRY(for_each_row(db_.query(sql, json_array_of(ids)),
                      [&keys](const Statement& s) { keys.emplace(s.int64(0), s.text(1)); }));
  return keys;
}

Result<std::optional<RuleRecord>> SubscriptionRepository::find_same(std::int64_t user_id,
                                                                    const std::string& query,
                                                                    Channel channel) {
  return first_row(
      db_.query(rule_sql("WHERE r.user_id = ?1 AND r.query = ?2 AND r.channel = ?3 ORDER BY r.id"),
                user_id, query, channel_name(channel)),
      read_rule);
}

Result<std::vector<RuleRecord>> SubscriptionRepository::all(std::int64_t user_id) {
  if (user_id > 0) {
    return collect_rows(db_.query(rule_sql("WHERE r.user_id = ?1 ORDER BY r.id"), user_id),
                        read_rule);
  }
  return collect_rows(db_.query(rule_sql("ORDER BY r.id")), read_rule);
}

Status SubscriptionRepository::for_each_active(
    const std::function<void(const ActiveRuleRecord&)>& visit) {
  return for_each_row(
      db_.query(fmt::format("SELECT id, user_id, query, channel = 'webhook',"
                            " frequency = 'daily', votes FROM rules WHERE {} ORDER BY id",
                            kAlerting)),
      [&visit](const Statement& s) {
        visit(ActiveRuleRecord{s.int64(0), s.int64(1), s.text_view(2),
                               s.int64(3) != 0 ? Channel::kWebhook : Channel::kEmail,
                               s.int64(4) != 0, s.int64(5) != 0});
      });
}

Result<std::int64_t> SubscriptionRepository::count() {
  return first_int(db_.query("SELECT COUNT(*) FROM rules"));
}

Result<std::int64_t> SubscriptionRepository::count_of_user(std::int64_t user_id) {
  return first_int(db_.query("SELECT COUNT(*) FROM rules WHERE user_id = ?1", user_id));
}

Result<std::int64_t> SubscriptionRepository::count_unconfirmed_of_user(std::int64_t user_id) {
  return first_int(
      db_.query("SELECT COUNT(*) FROM rules WHERE user_id = ?1 AND confirmed_at IS NULL", user_id));
}

Status SubscriptionRepository::changed_one(Status ran, std::int64_t id) {
  if (!ran) return ran;
  if (db_.changes() == 0) return fail(Error::invalid(fmt::format("no subscription {}", id)));
  return {};
}

Result<std::string> SubscriptionRepository::pending_secret(std::int64_t user_id,
                                                           const std::string& webhook_url) {
  return first_row(db_.query("SELECT webhook_secret FROM rules WHERE user_id = ?1 AND"
                             " webhook_url = ?2 AND webhook_secret <> '' AND confirmed_at IS NULL"
                             " ORDER BY id",
                             user_id, webhook_url),
                   [](const Statement& st) { return st.text(0); })
      .map([](const std::optional<std::string>& v) { return v.value_or(""); });
}

Status SubscriptionRepository::confirm(std::int64_t id, std::int64_t now) {
  return changed_one(db_.run("UPDATE rules SET confirmed_at = COALESCE(confirmed_at, ?2),"
                             " webhook_url = '', webhook_secret = '' WHERE id = ?1",
                             id, now),
                     id);
}

Status SubscriptionRepository::set_suspended(std::int64_t id, bool suspended, std::int64_t now) {
  return changed_one(
      db_.run("UPDATE rules SET suspended_at = ?2 WHERE id = ?1", id, suspended ? now : 0), id);
}

Status SubscriptionRepository::set_daily(std::int64_t id, bool daily) {
  return changed_one(
      db_.run("UPDATE rules SET frequency = ?2 WHERE id = ?1", id, daily ? "daily" : "immediate"),
      id);
}

Status SubscriptionRepository::remove(std::int64_t id) {
  return changed_one(db_.run("DELETE FROM rules WHERE id = ?1", id), id);
}

Result<std::int64_t> SubscriptionRepository::remove_all(std::int64_t user_id) {
  PW_TRY(db_.run("DELETE FROM rules WHERE user_id = ?1", user_id));
  return static_cast<std::int64_t>(db_.changes());
}

Result<std::int64_t> SubscriptionRepository::expire_unconfirmed(std::int64_t created_before) {
  auto ok =
      db_.run("DELETE FROM rules WHERE confirmed_at IS NULL AND created_at < ?1", created_before);
  if (!ok) return fail(ok.error());
  return static_cast<std::int64_t>(db_.changes());
}

Result<std::int64_t> SubscriptionRepository::add_for_user(std::int64_t user_id,
                                                          const std::string& query,
                                                          std::int64_t now, bool votes) {
  PW_TRY_ASSIGN(auto owner, UserRepository(db_).user(user_id));
  if (!owner) return fail(Error::invalid(fmt::format("no user {}", user_id)));
  const bool webhook = !(owner)->webhook_url.empty();
  return add(NewSubscription{user_id, query, webhook ? Channel::kWebhook : Channel::kEmail,
                             (owner)->daily, true, votes},
             now);
}

Status SubscriptionRepository::set_daily_of_user(std::int64_t user_id, bool daily) {
  return db_.run("UPDATE rules SET frequency = ?2 WHERE user_id = ?1", user_id,
                 daily ? "daily" : "immediate");
}

Result<std::string> SubscriptionRepository::fingerprint() {
  return first_row(db_.query("SELECT (SELECT count FROM rules_changes WHERE id = 1),"
                             " COALESCE((SELECT MAX(id) FROM rules), 0)"),
                   [](const Statement& s) {
                     return std::to_string(s.int64(0)) + "/" + std::to_string(s.int64(1));
                   })
      .map([](const std::optional<std::string>& v) { return v.value_or(""); });
}

}  // namespace pw::storage
