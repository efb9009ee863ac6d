#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "deliver/circuit_breaker.hpp"
#include "deliver/render.hpp"
#include "deliver/retry_schedule.hpp"
#include "deliver/sender.hpp"
#include "storage/database.hpp"

namespace pw::deliver {

// A leased outbox row with its owner, ready to send.
struct Claimed {
  storage::OutboxRecord row;
  storage::UserRecord user;
};

struct Attempt {
  Claimed claimed;
  SendResult result;
  std::int64_t at = 0;  // when it was tried
};

struct DeliveryReport {
  std::size_t sent = 0;
  std::size_t retrying = 0;
  std::size_t dead = 0;
  std::vector<std::string> log;  // one line per failure, for the operator
};

// How long a claimed row stays leased: a crash frees it after this.
inline constexpr std::int64_t kLeaseSeconds = 300;

// Loop side: leases up to `limit` due rows (of `channel`, when given;
// confirmations and notices first) and loads their owners.
Result<std::vector<Claimed>> claim_due(storage::Database& db, std::int64_t now, int limit,
                                       std::optional<storage::Channel> channel = std::nullopt);

// Worker side: sends each row with the sender for its channel, in order,
// and hands each attempt to `done` as soon as it has ended; `done`
// returning false stops there, the rest unsent. With a
// `breaker`, a webhook whose endpoint is paused is not sent but retried
// when the pause ends. Touches no database.
void send_claimed(std::vector<Claimed> claimed, Sender& email, Sender& webhook, const Clock& clock,
                  const std::function<bool(Attempt)>& done, CircuitBreaker* breaker = nullptr);

// The same, returning the attempts together.
std::vector<Attempt> send_claimed(std::vector<Claimed> claimed, Sender& email, Sender& webhook,
                                  const Clock& clock);

// Loop side: records the attempts in one transaction (all or none).
// Failures are retried on `schedule` until it gives up; a message that
// gives up, or a 410 from a webhook endpoint, is dead. A webhook endpoint
// that answered 410 or failed for the whole schedule is disabled and its
// owner is sent an email saying so.
Result<DeliveryReport> record_attempts(storage::Database& db, const std::vector<Attempt>& attempts,
                                       const RetrySchedule& schedule, const EmailSettings& email,
                                       std::mt19937_64& rng);

// All three in one go, for the command line.
Result<DeliveryReport> deliver_due(storage::Database& db, Sender& email, Sender& webhook,
                                   const Clock& clock, const EmailSettings& settings,
                                   std::mt19937_64& rng, int limit = 1000);

}  // namespace pw::deliver
