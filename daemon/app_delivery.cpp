#include <utility>  // before Asio (GCC 12 + Boost 1.74)

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
  auto claimed = delivery->claim(now());
  if (!claimed) {
    if (!delivery->in_flight()) delivery_done();
    return;
  }
  asio::post(pool, [this, claimed = std::move(*claimed),
                    guard = asio::make_work_guard(io)]() mutable {
    auto attempts = delivery->send(std::move(claimed), *senders.email, *senders.webhook,
                                   [this](std::string_view what) { unexpected("delivery", what); });
    asio::post(io, [this, attempts = std::move(attempts)] {
      for (const auto& a : attempts) {
        had_errors = had_errors || a.result.outcome != deliver::SendOutcome::kSent;
      }
      if (delivery->record(attempts, email) && !stop.raised()) {
        deliver();
      } else {
        delivery_done();
      }
    });
  });
}

void App::Impl::delivery_done() {
  if (options.once) {
    if (polls_outstanding == 0) shutdown();
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
