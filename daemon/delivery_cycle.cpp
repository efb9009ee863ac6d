#include "daemon/delivery_cycle.hpp"

#include <spdlog/spdlog.h>

#include "daemon/loop_guard.hpp"
#include "deliver/retry_schedule.hpp"

namespace pw {

DeliveryCycle::DeliveryCycle(storage::Database& db, const Clock& clock, web::Counters& counters,
                             int batch)
    : db_(db), clock_(clock), counters_(counters), batch_(batch) {}

std::optional<std::vector<deliver::Claimed>> DeliveryCycle::claim(std::int64_t now) {
  if (in_flight_) {
    again_ = true;
    return std::nullopt;
  }
  auto claimed = deliver::claim_due(db_, now, batch_);
  if (!claimed) {
    spdlog::error("outbox: {}", claimed.error().message);
    return std::nullopt;
  }
  if (claimed->empty()) return std::nullopt;
  in_flight_ = true;
  return std::move(*claimed);
}

std::vector<deliver::Attempt> DeliveryCycle::send(
    std::vector<deliver::Claimed> claimed, deliver::Sender& email, deliver::Sender& webhook,
    const std::function<void(std::string_view)>& unexpected) const {
  return call_guarded(
      [&] { return deliver::send_claimed(std::move(claimed), email, webhook, clock_); },
      [&](std::string_view what) {
        unexpected(what);
        return std::vector<deliver::Attempt>{};
      });
}

bool DeliveryCycle::record(const std::vector<deliver::Attempt>& attempts,
                           const deliver::EmailSettings& email) {
  in_flight_ = false;
  auto report = deliver::record_attempts(db_, attempts, deliver::RetrySchedule{}, email, rng_);
  bool queued_notices = false;  // a dead webhook may have queued an email to its owner
  if (!report) {
    spdlog::error("outbox: {}", report.error().message);
  } else {
    queued_notices = report->dead > 0;
    counters_.add("parlwatch_alerts_total", {{"outcome", "sent"}}, report->sent);
    counters_.add("parlwatch_alerts_total", {{"outcome", "retry"}}, report->retrying);
    counters_.add("parlwatch_alerts_total", {{"outcome", "dead"}}, report->dead);
    for (const auto& line : report->log) spdlog::warn("outbox: {}", line);
    spdlog::info("outbox: {} sent, {} to retry, {} given up", report->sent, report->retrying,
                 report->dead);
  }
  const bool full_batch = attempts.size() == static_cast<std::size_t>(batch_);
  const bool again = again_ || full_batch || queued_notices;
  again_ = false;
  return again;
}

}  // namespace pw
