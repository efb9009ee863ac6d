#include "deliver/delivery_worker.hpp"

#include <set>

#include <fmt/format.h>

#include "deliver/notices.hpp"
#include "deliver/outbox_writer.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/user_repository.hpp"

namespace pw::deliver {
namespace {

// Disables a webhook endpoint and tells its owner by email.
Status disable_endpoint(storage::Database& db, const storage::UserRecord& user,
                        const std::string& why, std::int64_t now, const EmailSettings& email) {
  storage::UserRepository users(db);
  PW_TRY(users.disable_webhook(user.id, now));
  const auto notice = endpoint_disabled_notice(user.webhook_url, why);
  auto id = write_notice(db, user.id, user.email, notice.subject, notice.text, now, email);
  return id ? Status{} : Status(fail(id.error()));
}

// Records one attempt; returns the state the row ended in.
Result<storage::OutboxState> record(storage::Database& db, const Attempt& a,
                                    const RetrySchedule& schedule, const EmailSettings& email,
                                    std::mt19937_64& rng) {
  storage::OutboxRepository outbox(db);
  const auto& row = a.claimed.row;
  const bool webhook = row.channel == storage::Channel::kWebhook;
  switch (a.result.outcome) {
    case SendOutcome::kSent:
      PW_TRY(outbox.mark_sent(row.id, a.at));
      return storage::OutboxState::kSent;
    case SendOutcome::kRetry: {
      const auto next =
          schedule.next_attempt(row.attempts, row.created_at, a.at, a.result.retry_after, rng);
      if (next) {
        if (auto ok = outbox.mark_retry(row.id, *next, a.result.detail); !ok)
          return fail(ok.error());
        return storage::OutboxState::kRetry;
      }
      const auto error = "gave up after 3 days: " + a.result.detail;
      PW_TRY(outbox.mark_dead(row.id, error));
      if (webhook) {
        PW_TRY(disable_endpoint(db, a.claimed.user,
                                "it failed for 3 days (" + a.result.detail + ")", a.at, email));
      }
      return storage::OutboxState::kDead;
    }
    case SendOutcome::kFailed:
      PW_TRY(outbox.mark_dead(row.id, a.result.detail));
      return storage::OutboxState::kDead;
    case SendOutcome::kGone:
      PW_TRY(outbox.mark_dead(row.id, a.result.detail));
      if (webhook) {
        PW_TRY(disable_endpoint(db, a.claimed.user, "it answered 410 Gone", a.at, email));
      }
      return storage::OutboxState::kDead;
  }
  return storage::OutboxState::kRetry;
}

}  // namespace

Result<std::vector<Claimed>> claim_due(storage::Database& db, std::int64_t now, int limit,
                                       std::optional<storage::Channel> channel) {
  PW_TRY_ASSIGN(auto rows,
                storage::OutboxRepository(db).claim_due(now, kLeaseSeconds, limit, channel));
  storage::UserRepository users(db);
  std::vector<Claimed> out;
  out.reserve(rows.size());
  for (auto& r : rows) {
    PW_TRY_ASSIGN(auto user, users.user(r.user_id));
    out.push_back(Claimed{std::move(r), user.value_or(storage::UserRecord{})});
  }
  return out;
}

void send_claimed(std::vector<Claimed> claimed, Sender& email, Sender& webhook, const Clock& clock,
                  const std::function<bool(Attempt)>& done, CircuitBreaker* breaker) {
  std::set<std::int64_t> gone;  // users whose endpoint answered 410 in this batch
  for (auto& c : claimed) {
    const auto now = unix_seconds(clock.now());
    const bool hook = c.row.channel == storage::Channel::kWebhook;
    const auto paused = hook && breaker ? breaker->paused_for(c.row.destination, now) : 0;
    SendResult result;
    if (hook && (c.user.webhook_disabled_at != 0 || gone.count(c.user.id) > 0)) {
      result = SendResult{SendOutcome::kFailed, "webhook endpoint disabled", std::nullopt};
    } else if (paused > 0) {
      result = SendResult{SendOutcome::kRetry, "endpoint paused: it kept timing out",
                          std::chrono::seconds(paused)};
    } else {
      result = (hook ? webhook : email).send(c.row, c.user, now);
      if (hook && breaker) breaker->record(c.row.destination, result.timed_out, now);
    }
    if (hook && result.outcome == SendOutcome::kGone) gone.insert(c.user.id);
    if (!done(Attempt{std::move(c), std::move(result), now})) return;
  }
}

std::vector<Attempt> send_claimed(std::vector<Claimed> claimed, Sender& email, Sender& webhook,
                                  const Clock& clock) {
  std::vector<Attempt> out;
  out.reserve(claimed.size());
  send_claimed(std::move(claimed), email, webhook, clock, [&out](Attempt a) {
    out.push_back(std::move(a));
    return true;
  });
  return out;
}

Result<DeliveryReport> record_attempts(storage::Database& db, const std::vector<Attempt>& attempts,
                                       const RetrySchedule& schedule, const EmailSettings& email,
                                       std::mt19937_64& rng) {
  DeliveryReport report;
  PW_TRY_ASSIGN(auto tx, storage::Transaction::begin(db));
  for (const auto& a : attempts) {
    PW_TRY_ASSIGN(auto state, record(db, a, schedule, email, rng));
    const auto& row = a.claimed.row;
    if (state == storage::OutboxState::kSent) {
      ++report.sent;
      continue;
    }
    (state == storage::OutboxState::kDead ? report.dead : report.retrying)++;
    report.log.push_back(fmt::format(
        "outbox {} ({} to {}, attempt {}): {}; {}", row.id, storage::channel_name(row.channel),
        row.destination, row.attempts, a.result.detail,
        state == storage::OutboxState::kDead ? "given up" : "will retry"));
  }
  PW_TRY(tx.commit());
  return report;
}

Result<DeliveryReport> deliver_due(storage::Database& db, Sender& email, Sender& webhook,
                                   const Clock& clock, const EmailSettings& settings,
                                   std::mt19937_64& rng, int limit) {
  PW_TRY_ASSIGN(auto claimed, claim_due(db, unix_seconds(clock.now()), limit));
  const auto attempts = send_claimed(std::move(claimed), email, webhook, clock);
  return record_attempts(db, attempts, RetrySchedule{}, settings, rng);
}

}  // namespace pw::deliver
