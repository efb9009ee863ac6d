#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "storage/records.hpp"

namespace pw::deliver {

// What became of one delivery attempt.
enum class SendOutcome {
  kSent,    // the peer accepted it (SMTP 250, HTTP 2xx, file written)
  kRetry,   // try again later (4xx SMTP, 5xx/429 HTTP, network trouble)
  kFailed,  // will never succeed (5xx SMTP, other HTTP 4xx, refused address)
  kGone,    // the webhook endpoint said 410 Gone: stop sending to it
};

struct SendResult {
  SendOutcome outcome = SendOutcome::kRetry;
  std::string detail;  // the peer's reply or the error, for the log and last_error
  std::optional<std::chrono::seconds> retry_after;
  bool timed_out = false;  // the peer did not answer in time (for the circuit breaker)
};

// Delivers one outbox row to its destination. `user` is the row's owner
// (webhook secret); `now` is the attempt's time. Never throws. One
// instance per thread.
class Sender {
 public:
  virtual ~Sender() = default;
  virtual SendResult send(const storage::OutboxRecord& row, const storage::UserRecord& user,
                          std::int64_t now) = 0;
};

}  // namespace pw::deliver
