#include <utility>  // before Asio (GCC 12 + Boost 1.74)

#include <algorithm>

#include <boost/asio/post.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/london_time.hpp"
#include "daemon/app_impl.hpp"

namespace pw {
namespace {

namespace asio = boost::asio;

}  // namespace

void App::Impl::deliver() {
  deliver_lane(Lane::kEmail);
  deliver_lane(Lane::kWebhook);
  delivery_done();
}

void App::Impl::deliver_lane(Lane lane) {
  if (next_senders) {
    if (delivery->in_flight()) return;  // started again when the other lane's run ends
    senders = std::move(*next_senders);
    next_senders.reset();
    spdlog::info("delivery: the new settings are in use");
  }
  auto claimed = delivery->claim(lane, now());
  if (!claimed) return;
  const auto n = claimed->size();
  asio::post(pool, [this, lane, n, claimed = std::move(*claimed),
                    guard = asio::make_work_guard(io)]() mutable {
    delivery->send(
        lane, std::move(claimed), *senders.email, *senders.webhook,
        [this, lane](deliver::Attempt a) {
          asio::post(io, [this, a = std::move(a)]() mutable { outcome(std::move(a)); });
          (lane == Lane::kEmail ? email_window : webhook_window).sent();
          return !stop.raised();
        },
        [this](std::string_view what) { unexpected("delivery", what); });
    asio::post(io, [this, lane, n] {
      record_outcomes();
      const bool again = delivery->finish(lane, n);
      if (next_senders && !delivery->in_flight() && !stop.raised()) {
        deliver();  // both lanes, with the new senders
        return;
      }
      if (again && !stop.raised()) deliver_lane(lane);
      delivery_done();
    });
  });
}

void App::Impl::outcome(deliver::Attempt attempt) {
  had_errors = had_errors || attempt.result.outcome != deliver::SendOutcome::kSent;
  outcomes.push_back(std::move(attempt));
  if (outcomes_posted) return;
  outcomes_posted = true;
  asio::post(io, [this] {
    outcomes_posted = false;
    record_outcomes();
  });
}

void App::Impl::record_outcomes() {
  if (outcomes.empty()) return;
  const auto batch = std::move(outcomes);
  outcomes.clear();
  const bool notices = delivery->record(batch, email);
  const auto emails = static_cast<std::size_t>(std::count_if(
      batch.begin(), batch.end(),
      [](const deliver::Attempt& a) { return a.claimed.row.channel == storage::Channel::kEmail; }));
  email_window.recorded(emails);
  webhook_window.recorded(batch.size() - emails);
  if (notices && !stop.raised()) deliver_lane(Lane::kEmail);
}

void App::Impl::delivery_done() {
  if (options.once) {
    if (polls_outstanding == 0 && !delivery->in_flight()) shutdown();
    return;
  }
  if (stop.raised()) return;
  delivery_timer.expires_after(kDeliveryInterval);
  delivery_timer.async_wait([this](const boost::system::error_code& ec) {
    if (!ec && !stop.raised()) deliver();
  });
}

void App::Impl::digest_daily() {
  const auto next = next_london_time(clock.now(), config.delivery.digest_minute);
  digest_timer.expires_after(next - clock.now());
  digest_timer.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stop.raised()) return;
    digest_daily();
    auto queued = ingester->queue_digests(now());
    if (!queued) {
      spdlog::error("digests: {}", queued.error().message);
    } else if (*queued > 0) {
      spdlog::info("digests: {} queued", *queued);
      deliver();
    }
  });
}

}  // namespace pw
