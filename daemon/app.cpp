#include <utility>  // before Asio (GCC 12 + Boost 1.74)

#include <random>
#include <set>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/london_time.hpp"
#include "daemon/app.hpp"
#include "daemon/delivery_cycle.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/loop_guard.hpp"
#include "daemon/people.hpp"
#include "daemon/poll_cycle.hpp"
#include "daemon/poller.hpp"
#include "daemon/sd_notify.hpp"
#include "daemon/senders.hpp"
#include "daemon/stored_settings.hpp"
#include "daemon/web_face.hpp"
#include "deliver/delivery_worker.hpp"
#include "deliver/local_sink.hpp"
#include "ingest/ingester.hpp"
#include "sources/curl_http_client.hpp"
#include "sources/directory_source.hpp"
#include "sources/parlparse_http_source.hpp"
#include "sources/retry.hpp"
#include "storage/database.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/source_repository.hpp"
#include "storage/status_reader.hpp"
#include "storage/user_repository.hpp"

namespace pw {
namespace {

namespace asio = boost::asio;

constexpr auto kQuietRetry = std::chrono::minutes(5);
constexpr auto kPeopleRefresh = std::chrono::hours(24);
constexpr auto kDeliveryInterval = std::chrono::seconds(30);
constexpr int kDeliveryBatch = 200;
constexpr auto kExpiryInterval = std::chrono::hours(1);
constexpr auto kWriteProbeInterval = std::chrono::seconds(30);

// One configured source, its poll cycle and its timer.
struct Slot {
  SourceConfig config;
  std::unique_ptr<sources::CurlHttpClient> client;
  std::unique_ptr<sources::Source> source;  // used by the worker of a poll
  std::unique_ptr<PollCycle> cycle;
  asio::steady_timer timer;
  bool retired = false;  // replaced by a reload: never polled again

  explicit Slot(asio::io_context& io) : timer(io) {}
};

sources::CurlSettings curl_settings(const HttpConfig& h) {
  sources::CurlSettings s;
  s.user_agent = h.user_agent;
  s.connect_timeout = h.connect_timeout;
  s.timeout = h.timeout;
  s.max_body_bytes = h.max_body_bytes;
  s.delay_between_requests = h.delay_between_requests;
  return s;
}

}  // namespace

struct App::Impl {
  std::string config_path;
  Config config;
  RunOptions options;
  const Clock& clock;
  storage::Database db;
  parse::Members members;
  std::unique_ptr<ingest::Ingester> ingester;
  std::string rules_fingerprint;
  std::string start_date;

  asio::io_context io;
  asio::thread_pool pool{2};
  asio::signal_set signals{io, SIGTERM, SIGINT, SIGHUP};
  asio::steady_timer people_timer{io};
  asio::steady_timer delivery_timer{io};
  asio::steady_timer digest_timer{io};
  asio::steady_timer watchdog_timer{io};
  asio::steady_timer expiry_timer{io};
  asio::steady_timer write_probe_timer{io};
  std::string write_problem;  // "" while the last write probe succeeded
  int reloads = 0;            // SIGHUPs taken
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  web::Counters counters;
  std::unique_ptr<web::Site> site;
  std::unique_ptr<HttpServer> server;  // after io: closed before it
  Notifier notifier = Notifier::from_environment();
  Senders senders;
  std::unique_ptr<DeliveryCycle> delivery;
  StopFlag stop;
  std::vector<std::shared_ptr<Slot>> slots;
  deliver::EmailSettings email;
  std::mt19937_64 rng{std::random_device{}()};
  int polls_outstanding = 0;  // once mode
  bool had_errors = false;

  Impl(std::string path, Config c, RunOptions o, const Clock& k, storage::Database d)
      : config_path(std::move(path)),
        config(std::move(c)),
        options(std::move(o)),
        clock(k),
        db(std::move(d)) {}

  std::int64_t now() const { return unix_seconds(clock.now()); }

  // An exception no handler expected: logged with where it happened and
  // counted; the daemon goes on. Any thread.
  void unexpected(std::string_view where, std::string_view what) {
    spdlog::error("{}: unexpected error, carrying on: {}", where, what);
    counters.add("parlwatch_unexpected_errors_total", {{"where", std::string(where)}});
  }

  std::shared_ptr<Slot> make_slot(const SourceConfig& sc) {
    auto slot = std::make_shared<Slot>(io);
    slot->config = sc;
    if (sc.kind == SourceConfig::Kind::kDirectory) {
      slot->source = std::make_unique<sources::DirectorySource>(sc.name, sc.path, sc.sections,
                                                                config.http.max_body_bytes);
    } else {
      slot->client = std::make_unique<sources::CurlHttpClient>(curl_settings(config.http), stop);
      slot->source = std::make_unique<sources::ParlParseHttpSource>(
          sc.name, sc.base_url, sc.sections, *slot->client, http_retry(), stop,
          [](std::string_view line) { spdlog::warn("{}", line); });
    }
    slot->cycle = std::make_unique<PollCycle>(*slot->source, db, *ingester, counters);
    return slot;
  }

  sources::RetryPolicy http_retry() const {
    return {config.http.retries + 1, config.http.retry_delay, std::chrono::milliseconds(60'000)};
  }

  Status load_rules_if_changed() {
    auto f = storage::UserRepository(db).rules_fingerprint();
    if (!f) return fail(f.error());
    if (*f == rules_fingerprint) return {};
    auto loaded = ingester->load_rules();
    if (!loaded) return fail(loaded.error());
    for (const auto& w : loaded->warnings) spdlog::warn("{}", w);
    rules_fingerprint = *f;
    spdlog::info("{} rules loaded ({} compiled, {} removed, {} unchanged)",
                 ingester->rules().size(), loaded->added, loaded->removed, loaded->kept);
    return {};
  }

  // Loads the members files and the fetched copy. A reload that loads
  // nobody keeps the members it had.
  void reload_people() {
    auto fresh = load_daemon_people(config);
    for (const auto& p : fresh.problems) spdlog::warn("people data: {}", p);
    if (fresh.members.person_count() == 0 && members.person_count() > 0) {
      spdlog::warn("people data: nothing loaded, keeping the {} persons loaded before",
                   members.person_count());
      return;
    }
    members = std::move(fresh.members);
    spdlog::info("people data loaded: {} persons", members.person_count());
    if (auto ok = record_people(db, members, fresh.problems); !ok) {
      spdlog::error("people data: not recorded: {}", ok.error().message);
    }
  }

  // Fetches the members file (conditional GET) on the pool, then calls
  // `then` on the loop. The people data is reloaded when the fetch brought
  // a new copy, and with `reload_files` in any case (SIGHUP, daily: the
  // configured files may have changed); start-up loaded it already.
  void refresh_people(bool reload_files, std::function<void()> then) {
    if (config.people_url.empty()) {
      if (reload_files) reload_people();
      if (then) then();
      return;
    }
    auto known = stored_people_validators(db);
    const auto validators = known ? *known : PeopleValidators{};
    asio::post(
        pool, [this, settings = curl_settings(config.http), retry = http_retry(),
               url = config.people_url, path = config.people_copy(), validators, reload_files,
               then = std::move(then), guard = asio::make_work_guard(io)]() mutable {
          sources::CurlHttpClient client(settings, stop);
          std::mt19937_64 jitter(std::random_device{}());
          const auto get = [&](const sources::HttpRequest& request) {
            return sources::get_with_retry(client, request, retry, stop, jitter,
                                           [](std::string_view line) { spdlog::warn("{}", line); });
          };
          auto fetched = call_guarded(
              [&] { return fetch_people_file(get, url, path, validators); },
              [&](std::string_view what) -> Result<PeopleFetch> {
                unexpected("people data fetch", what);
                return fail(Error::transient(fmt::format("people data: {}: {}", url, what)));
              });
          asio::post(
              io, [this, url, reload_files, fetched = std::move(fetched), then = std::move(then)] {
                people_fetched(url, fetched, reload_files);
                if (then && !stop.raised()) then();
              });
        });
  }

  void people_fetched(const std::string& url, const Result<PeopleFetch>& fetched,
                      bool reload_files) {
    const bool changed = fetched && fetched->changed;
    if (!fetched) {
      spdlog::error("{}", fetched.error().message);
    } else if (changed) {
      spdlog::info("people data: a new copy of {}", url);
      if (auto ok = store_people_validators(db, fetched->validators); !ok) {
        spdlog::error("people data: {}", ok.error().message);
      }
    }
    if ((changed || reload_files) && !stop.raised()) reload_people();
  }

  sources::PlanOptions plan() const {
    const std::string today = london_date(clock.now());
    if (options.backfill_since) return {*options.backfill_since, start_date, ""};
    return {start_date, "", days_before(today, config.schedule.recheck_days)};
  }

  void schedule(const std::shared_ptr<Slot>& slot, std::chrono::steady_clock::duration delay) {
    slot->timer.expires_after(delay);
    slot->timer.async_wait([this, slot](const boost::system::error_code& ec) {
      if (ec || stop.raised() || slot->retired) return;
      start_poll(slot);
    });
  }

  void start_poll(const std::shared_ptr<Slot>& slot) {
    const auto& s = config.schedule;
    if (!options.once && in_quiet_hours(clock.now(), s.quiet_from_minute, s.quiet_to_minute)) {
      schedule(slot, kQuietRetry);
      return;
    }
    if (auto ok = load_rules_if_changed(); !ok) slot->cycle->add_error(ok.error().message);
    auto job = slot->cycle->begin(plan());
    if (!job) {
      finish_poll(slot, FetchSummary{});
      return;
    }
    asio::post(pool, [this, slot, job = std::move(*job), guard = asio::make_work_guard(io)] {
      const auto each_file = [this, slot](FetchedFile f) {
        asio::post(io, [this, slot, f = std::make_shared<FetchedFile>(std::move(f))] {
          if (!stop.raised()) slot->cycle->store(*f, options.alert, now());  // else: after restart
        });
      };
      auto summary = slot->cycle->fetch(
          job, stop, each_file, [this](std::string_view what) { unexpected("poll", what); });
      asio::post(io, [this, slot, summary = std::move(summary)] { finish_poll(slot, summary); });
    });
  }

  void finish_poll(const std::shared_ptr<Slot>& slot, const FetchSummary& summary) {
    const auto outcome = slot->cycle->finish(summary, now());
    had_errors = had_errors || !outcome.ok();
    notifier.status(fmt::format("{}; last poll of {} {}", this->summary(), slot->config.name,
                                outcome.ok() ? "ok" : "failed"));
    if (options.once) {
      if (--polls_outstanding == 0) deliver();
      return;
    }
    deliver();
    if (!slot->retired && !stop.raised()) schedule(slot, config.schedule.poll_interval);
  }

  // Claims due outbox rows here, sends them on the pool, records the
  // outcomes back here (DeliveryCycle). In once mode the last run ends the
  // process.
  void deliver() {
    auto claimed = delivery->claim(now());
    if (!claimed) {
      if (!delivery->in_flight()) delivery_done();
      return;
    }
    asio::post(
        pool, [this, claimed = std::move(*claimed), guard = asio::make_work_guard(io)]() mutable {
          auto attempts =
              delivery->send(std::move(claimed), *senders.email, *senders.webhook,
                             [this](std::string_view what) { unexpected("delivery", what); });
          asio::post(io, [this, attempts = std::move(attempts)] {
            if (delivery->record(attempts, email) && !stop.raised()) {
              deliver();
            } else {
              delivery_done();
            }
          });
        });
  }

  void delivery_done() {
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

  void shutdown() {
    if (!stop.raised()) notifier.stopping();
    stop.raise();
    signals.cancel();
    people_timer.cancel();
    delivery_timer.cancel();
    digest_timer.cancel();
    watchdog_timer.cancel();
    expiry_timer.cancel();
    write_probe_timer.cancel();
    if (server) server->stop();
    for (auto& s : slots) s->timer.cancel();
  }

  void start_sources() {
    for (const auto& sc : config.sources) slots.push_back(make_slot(sc));
    polls_outstanding = static_cast<int>(slots.size());
    for (auto& s : slots) schedule(s, std::chrono::seconds(0));
  }

  // Re-reads the configuration, people data and rules; systemd hears
  // RELOADING=1 first and READY=1 after, whether the new file was taken.
  void reload() {
    notifier.reloading();
    apply_reload();
    notifier.ready(summary());
  }

  void apply_reload() {
    auto fresh = load_config(config_path);
    if (!fresh) {
      spdlog::error("SIGHUP: configuration refused, keeping the running one:\n{}",
                    fresh.error().message);
      return;
    }
    if (fresh->server.listen != config.server.listen) {
      spdlog::warn("SIGHUP: a new [server] listen address takes effect after a restart");
    }
    if (fresh->database != config.database) {
      spdlog::warn("SIGHUP: a new database path takes effect after a restart");
      fresh->database = config.database;
    }
    auto fresh_senders = make_senders(*fresh);
    if (!fresh_senders) {
      spdlog::error("SIGHUP: configuration refused, keeping the running one: {}",
                    fresh_senders.error().message);
      return;
    }
    if (delivery->in_flight()) {
      spdlog::warn("SIGHUP: delivery settings take effect after the delivery in flight");
    } else {
      senders = std::move(*fresh_senders);
      if (auto ok = record_delivery(db, *fresh); !ok) {
        spdlog::error("delivery mode not recorded: {}", ok.error().message);
      }
      auto settings = email_settings(db, fresh->delivery.from, fresh->delivery.public_url,
                                     fresh->delivery.token_secret_file);
      if (settings) {
        email = *settings;
        ingester->set_email(email);
      }
      if (auto o = site_options(*fresh, email); site && o) {
        site->set_options(std::move(*o));
      } else if (site) {
        spdlog::error("SIGHUP: web settings not changed: {}", o.error().message);
      }
    }
    config = std::move(*fresh);
    spdlog::set_level(spdlog::level::from_str(config.log_level));
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

  void wait_signal() {
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

  // Queues the daily digests at the configured London time, then delivers.
  void digest_daily() {
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

  // Tells systemd the loop is alive, from the loop itself, so a wedged
  // loop trips the watchdog.
  void keep_watchdog_fed() {
    const auto interval = notifier.watchdog_interval();
    if (!interval) return;
    notifier.watchdog();
    watchdog_timer.expires_after(*interval);
    watchdog_timer.async_wait([this](const boost::system::error_code& ec) {
      if (!ec && !stop.raised()) keep_watchdog_fed();
    });
  }

  // One line for systemctl status.
  std::string summary() {
    std::int64_t pending = 0;
    if (auto s = storage::summarise(db)) {
      for (const auto& [state, n] : s->outbox)
        pending += state == "sent" || state == "dead" ? 0 : n;
    }
    return fmt::format("{} sources, {} rules, {} alerts waiting", slots.size(),
                       ingester->rules().size(), pending);
  }

  // Binds the web face's listener, so READY=1 is sent only once it is
  // reachable. Not for once runs.
  Status start_web() {
    if (options.once || config.server.listen.empty()) return {};
    auto address = parse_listen_address(config.server.listen);
    if (!address) return fail(address.error());
    auto o = site_options(config, email);
    if (!o) return fail(o.error());
    site = std::make_unique<web::Site>(db, std::move(*o), counters, clock);
    site->set_on_queued([this] { asio::post(io, [this] { deliver(); }); });
    site->set_readiness([this] { return readiness_problems(); });
    auto bound = HttpServer::listen(
        io, *address, [this](const web::Request& r) { return site->handle(r); },
        server_limits(config.server));
    if (!bound) return fail(bound.error());
    server = std::move(*bound);
    server->on_handler_error([this](const std::string& what) { unexpected("http", what); });
    server->on_refused([this](int status) {
      counters.add("parlwatch_http_requests_total",
                   {{"route", "refused"}, {"code", std::to_string(status)}});
    });
    server->start();
    spdlog::info("http: listening on {}", server->local_address());
    return {};
  }

  // Commits a tiny write now and then, so /readyz says "not ready" while
  // the disk is full or the file unwritable, before real work fails.
  void probe_writes_regularly() {
    write_probe_timer.expires_after(kWriteProbeInterval);
    write_probe_timer.async_wait([this](const boost::system::error_code& ec) {
      if (!ec && !stop.raised()) probe_writes_regularly();
    });
    if (auto ok = storage::SourceRepository(db).probe_write(now()); !ok) {
      if (write_problem.empty()) spdlog::error("database: writes fail: {}", ok.error().message);
      write_problem = "database: writes fail: " + ok.error().message;
    } else if (!write_problem.empty()) {
      spdlog::info("database: writes work again");
      write_problem.clear();
    }
  }

  // Why /readyz says "not ready": writes failing, or sources whose last
  // poll is older than two poll intervals (plus slack), outside quiet hours
  // and after the first poll had time to run.
  std::vector<std::string> readiness_problems() {
    if (!write_problem.empty()) return {write_problem};
    const auto& s = config.schedule;
    const auto allowed = 2 * s.poll_interval + std::chrono::minutes(10);
    if (std::chrono::steady_clock::now() - started < allowed ||
        in_quiet_hours(clock.now(), s.quiet_from_minute, s.quiet_to_minute)) {
      return {};
    }
    auto polls = storage::SourceRepository(db).polls();
    if (!polls) return {"database: " + polls.error().message};
    std::vector<std::string> problems;
    const auto limit = now() - std::chrono::duration_cast<std::chrono::seconds>(allowed).count();
    for (const auto& slot : slots) {
      const auto it = std::find_if(polls->begin(), polls->end(),
                                   [&](const auto& p) { return p.source == slot->config.name; });
      if (it == polls->end() || it->last_poll_at < limit) {
        problems.push_back(fmt::format("source {}: no poll since {}", slot->config.name,
                                       it == polls->end() ? std::int64_t{0} : it->last_poll_at));
      }
    }
    return problems;
  }

  void expire_unconfirmed_hourly() {
    if (!site) return;
    expiry_timer.expires_after(kExpiryInterval);
    expiry_timer.async_wait([this](const boost::system::error_code& ec) {
      if (!ec && !stop.raised()) expire_unconfirmed_hourly();
    });
    if (auto n = site->expire_unconfirmed(); !n) {
      spdlog::error("subscriptions: {}", n.error().message);
    } else if (*n > 0) {
      spdlog::info("subscriptions: {} unconfirmed removed after {} days", *n,
                   config.subscriptions.confirm_days);
    }
  }

  void refresh_people_daily() {
    people_timer.expires_after(kPeopleRefresh);
    people_timer.async_wait([this](const boost::system::error_code& ec) {
      if (ec || stop.raised()) return;
      refresh_people_daily();
      refresh_people(true, {});
    });
  }
};

Result<std::unique_ptr<App>> App::create(std::string config_path, Config config, RunOptions options,
                                         const Clock& clock) {
  if (options.backfill_since) options.once = true;
  Notifier::from_environment().extend_timeout(std::chrono::minutes(5));  // migrations may be slow
  auto db = storage::Database::open(config.database);
  if (!db) return fail(db.error());
  if (auto ok = db->check_integrity(); !ok) return fail(ok.error().with_context(config.database));
  auto impl = std::make_unique<Impl>(std::move(config_path), std::move(config), std::move(options),
                                     clock, std::move(*db));
  const std::string configured = impl->config.schedule.start_date;
  auto start = storage::SourceRepository(impl->db).setting_or_init(
      "start_date", configured.empty() ? london_date(clock.now()) : configured);
  if (!start) return fail(start.error());
  impl->start_date = configured.empty() ? *start : configured;
  auto freed = storage::OutboxRepository(impl->db).release_leases();
  if (!freed) return fail(freed.error());
  if (*freed > 0)
    spdlog::warn(
        "outbox: {} messages were being sent when parlwatch stopped; "
        "sending them again",
        *freed);
  auto senders = make_senders(impl->config);
  if (!senders) return fail(senders.error());
  impl->senders = std::move(*senders);
  const auto& d = impl->config.delivery;
  if (auto ok = record_delivery(impl->db, impl->config); !ok) return fail(ok.error());
  impl->reload_people();
  auto settings = email_settings(impl->db, d.from, d.public_url, d.token_secret_file);
  if (!settings) return fail(settings.error());
  impl->email = std::move(*settings);
  impl->ingester = std::make_unique<ingest::Ingester>(impl->db, impl->members, clock, impl->email);
  impl->delivery = std::make_unique<DeliveryCycle>(impl->db, clock, impl->counters, kDeliveryBatch);
  if (auto ok = impl->load_rules_if_changed(); !ok) return fail(ok.error());
  if (auto ok = impl->start_web(); !ok) return fail(ok.error());
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
