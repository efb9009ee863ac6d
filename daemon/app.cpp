#include <utility>  // before Asio (GCC 12 + Boost 1.74)

#include <algorithm>

#include <boost/asio/post.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/crypto.hpp"
#include "core/london_time.hpp"
#include "daemon/app_impl.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/loop_guard.hpp"
#include "daemon/stored_settings.hpp"
#include "daemon/web_face.hpp"
#include "sources/curl_library.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/settings_repository.hpp"
#include "storage/source_repository.hpp"
#include "storage/status_reader.hpp"

namespace pw {

void App::Impl::unexpected(std::string_view where, std::string_view what) {
  spdlog::error("{}: unexpected error, carrying on: {}", where, what);
  counters.add("parlwatch_unexpected_errors_total", {{"where", std::string(where)}});
}

void App::Impl::shutdown() {
  if (!stop.raised()) notifier.stopping();
  stop.raise();
  signals.cancel();
  people_timer.cancel();
  delivery_timer.cancel();
  digest_timer.cancel();
  watchdog_timer.cancel();
  expiry_timer.cancel();
  write_probe_timer.cancel();
  corpus_timer.cancel();
  if (web) web->stop();
  for (auto& s : slots) s->timer.cancel();
}

void App::Impl::reload() {
  notifier.reloading();
  apply_reload();
  notifier.ready(summary());
}

void App::Impl::apply_reload() {
  auto fresh = load_config(config_path);
  if (!fresh) {
    spdlog::error("SIGHUP: configuration refused, keeping the running one:\n{}",
                  fresh.error().message);
    return;
  }
  if (fresh->database != config.database) {
    spdlog::warn("SIGHUP: [storage] database takes effect after a restart");
    fresh->database = config.database;
  }
  auto fresh_senders = make_senders(*fresh);
  if (!fresh_senders) {
    spdlog::error("SIGHUP: configuration refused, keeping the running one: {}",
                  fresh_senders.error().message);
    return;
  }
  if (delivery->in_flight()) {
    next_senders = std::move(*fresh_senders);
    spdlog::info("SIGHUP: new delivery settings apply once the deliveries in flight end");
  } else {
    senders = std::move(*fresh_senders);
  }
  if (auto ok = record_delivery(db, *fresh); !ok) {
    spdlog::error("delivery mode not recorded: {}", ok.error().message);
  }
  auto settings = email_settings(db, fresh->delivery.from, fresh->delivery.public_url,
                                 fresh->delivery.token_secret_file);
  if (settings) {
    email = *settings;
    ingester->set_email(email);
  }
  if (auto o = site_options(*fresh, email); web && o) {
    web->with_site(
        [o = std::move(*o)](web::Site& site) mutable { site.set_options(std::move(o)); });
  } else if (web) {
    spdlog::error("SIGHUP: web settings not changed: {}", o.error().message);
  }
  const bool new_digest_time = fresh->delivery.digest_minute != config.delivery.digest_minute;
  reload_web(fresh->server);
  const auto& from = fresh->schedule.start_date;
  if (!from.empty() && from != start_date && !options.backfill_since) {
    start_date = from;
    spdlog::info("SIGHUP: sittings from {}", start_date);
  }
  config = std::move(*fresh);
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  if (new_digest_time) {
    digest_daily();  // re-arms the timer for the new time
    spdlog::info("SIGHUP: daily digests now at {:02}:{:02} London time",
                 config.delivery.digest_minute / 60, config.delivery.digest_minute % 60);
  }
  for (auto& s : slots) {
    s->retired = true;
    s->timer.cancel();
  }
  slots.clear();
  rules_fingerprint.clear();
  const int reload = ++reloads;  // a later SIGHUP during the fetch starts the sources instead
  refresh_people(true, [this, reload] {
    if (reload == reloads) start_sources();
  });
  spdlog::info("SIGHUP: configuration reloaded from {}", config_path);
}

void App::Impl::wait_signal() {
  signals.async_wait([this](const boost::system::error_code& ec, int signo) {
    if (ec) return;
    if (signo == SIGHUP) {
      if (!options.once) reload();
      wait_signal();
      return;
    }
    spdlog::info("{}: stopping", signo == SIGTERM ? "SIGTERM" : "SIGINT");
    shutdown();
  });
}

void App::Impl::still_alive() {
  const auto interval = notifier.watchdog_interval();
  const auto at = std::chrono::steady_clock::now();
  if (!interval || at - last_watchdog < *interval) return;
  notifier.watchdog();
  last_watchdog = at;
}

void App::Impl::keep_watchdog_fed() {
  const auto interval = notifier.watchdog_interval();
  if (!interval) return;
  notifier.watchdog();
  last_watchdog = std::chrono::steady_clock::now();
  watchdog_timer.expires_after(*interval);
  watchdog_timer.async_wait([this](const boost::system::error_code& ec) {
    if (!ec && !stop.raised()) keep_watchdog_fed();
  });
}

std::string App::Impl::summary() {
  std::int64_t pending = 0;
  if (auto s = storage::summarise(db)) {
    for (const auto& [state, n] : s->outbox) pending += state == "sent" || state == "dead" ? 0 : n;
  }
  return fmt::format("{} sources, {} rules, {} alerts waiting", slots.size(),
                     ingester->rules().size(), pending);
}

Result<std::unique_ptr<App>> App::create(std::string config_path, Config config, RunOptions options,
                                         const Clock& clock) {
  if (options.backfill_since) options.once = true;
  Notifier::from_environment().extend_timeout(std::chrono::minutes(5));  // migrations may be slow
  PW_TRY(load_crypto());  // tokens, signatures and hashes: refused at start, not at first use
  PW_TRY_ASSIGN(auto db, storage::Database::open(config.database));
  if (auto ok = db.check_integrity(); !ok) return fail(ok.error().with_context(config.database));
  auto impl = std::make_unique<Impl>(std::move(config_path), std::move(config), std::move(options),
                                     clock, std::move(db));
  const std::string configured = impl->config.schedule.start_date;
  PW_TRY_ASSIGN(auto start,
                storage::SettingsRepository(impl->db).get_or_init(
                    "start_date", configured.empty() ? london_date(clock.now()) : configured));
  impl->start_date = configured.empty() ? start : configured;
  PW_TRY_ASSIGN(auto freed, storage::OutboxRepository(impl->db).release_leases());
  if (freed > 0)
    spdlog::warn(
        "outbox: {} messages were being sent when parlwatch stopped; "
        "sending them again",
        freed);
  PW_TRY_ASSIGN(auto senders, make_senders(impl->config));
  impl->senders = std::move(senders);
  const auto& polled = impl->config.sources;
  if (std::any_of(polled.begin(), polled.end(),
                  [](const SourceConfig& s) { return s.kind != SourceConfig::Kind::kDirectory; })) {
    PW_TRY(sources::load_curl());  // refused at start, not at the first fetch
  }
  const auto& d = impl->config.delivery;
  PW_TRY(record_delivery(impl->db, impl->config));
  impl->reload_people();
  PW_TRY_ASSIGN(auto settings, email_settings(impl->db, d.from, d.public_url, d.token_secret_file));
  impl->email = std::move(settings);
  impl->ingester = std::make_unique<ingest::Ingester>(impl->db, impl->members, clock, impl->email);
  impl->delivery =
      std::make_unique<DeliveryCycle>(impl->db, clock, impl->counters, Impl::kDeliveryBatch);
  PW_TRY(impl->load_rules_if_changed());
  PW_TRY(impl->start_web());
  return std::unique_ptr<App>(new App(std::move(impl)));
}

App::App(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

App::~App() = default;

int App::run() {
  Impl& a = *impl_;
  spdlog::info("parlwatch: {} sources, sittings from {}{}", a.config.sources.size(),
               a.options.backfill_since ? *a.options.backfill_since : a.start_date,
               a.options.backfill_since ? " until " + a.start_date : "");
  a.wait_signal();
  if (!a.options.once) {
    a.refresh_people_daily();
    a.digest_daily();
    a.expire_unconfirmed_hourly();
    a.probe_writes_regularly();
  }
  a.refresh_people(false, [&a, reload = a.reloads] {
    if (reload != a.reloads) return;  // a SIGHUP during the fetch started them
    a.start_sources();
    if (a.slots.empty()) a.shutdown();
  });
  a.notifier.ready(a.summary());
  a.keep_watchdog_fed();
  run_guarded(a.io, [&a](std::string_view what) { a.unexpected("loop", what); });
  a.pool.join();
  spdlog::info("parlwatch: stopped");
  return a.options.once && a.had_errors ? kExitTempFail : kExitOk;
}

}  // namespace pw
