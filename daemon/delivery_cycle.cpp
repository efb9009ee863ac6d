#include "daemon/delivery_cycle.hpp"

#include <spdlog/spdlog.h>

#include "daemon/loop_guard.hpp"
#include "deliver/retry_schedule.hpp"

namespace pw {

DeliveryCycle::DeliveryCycle(storage::Database& db, const Clock& clock, web::Counters& counters,
                             int batch)
    : db_(db), clock_(clock), counters_(counters), batch_(batch) {}

std::optional<std::vector<deliver::Claimed>> DeliveryCycle::claim(Lane lane, std::int64_t now) {
  auto& state = lanes_[index(lane)];
  if (state.in_flight) {
    state.again = true;
    return std::nullopt;
  }
  const auto channel = lane == Lane::kEmail ? storage::Channel::kEmail : storage::Channel::kWebhook;
  auto claimed = deliver::claim_due(db_, now, batch_, channel);
  if (!claimed) {
    spdlog::error("outbox: {}", claimed.error().message);
    return std::nullopt;
  }
  if (claimed->empty()) return std::nullopt;
  state.in_flight = true;
  return std::move(*claimed);
}

void DeliveryCycle::send(Lane lane, std::vector<deliver::Claimed> claimed, deliver::Sender& email,
                         deliver::Sender& webhook,
                         const std::function<bool(deliver::Attempt)>& done,
                         const std::function<void(std::string_view)>& unexpected) {
  auto* breaker = lane == Lane::kWebhook ? &breaker_ : nullptr;
  call_guarded(
      [&] {
        deliver::send_claimed(std::move(claimed), email, webhook, clock_, done, breaker);
        return 0;
      },
      [&](std::string_view what) {
        unexpected(what);
        return 0;
      });
}

bool DeliveryCycle::record(const std::vector<deliver::Attempt>& attempts,
                           const deliver::EmailSettings& email) {
  if (attempts.empty()) return false;
  auto report = deliver::record_attempts(db_, attempts, deliver::RetrySchedule{}, email, rng_);
  if (!report) {
    spdlog::error("outbox: {}", report.error().message);
    return false;
  }
  counters_.add("parlwatch_alerts_total", {{"outcome", "sent"}}, report->sent);
  counters_.add("parlwatch_alerts_total", {{"outcome", "retry"}}, report->retrying);
  counters_.add("parlwatch_alerts_total", {{"outcome", "dead"}}, report->dead);
  for (const auto& line : report->log) spdlog::warn("outbox: {}", line);
  for (const auto& a : attempts) {
    auto& lane = lanes_[a.claimed.row.channel == storage::Channel::kEmail ? 0 : 1];
    (a.result.outcome == deliver::SendOutcome::kSent ? lane.sent : lane.not_sent)++;
  }
  return report->dead > 0;
}

bool DeliveryCycle::finish(Lane lane, std::size_t claimed) {
  auto& state = lanes_[index(lane)];
  spdlog::info("outbox: {} run: {} sent, {} not (see above)",
               lane == Lane::kEmail ? "email" : "webhook", state.sent, state.not_sent);
  state.in_flight = false;
  state.sent = state.not_sent = 0;
  const bool again = state.again || claimed == static_cast<std::size_t>(batch_);
  state.again = false;
  return again;
}

}  // namespace pw
