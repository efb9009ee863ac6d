#pragma once

#include <utility>  // before Asio (GCC 12 + Boost 1.74)

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "core/stop_flag.hpp"
#include "daemon/app.hpp"
#include "daemon/delivery_cycle.hpp"
#include "daemon/outcome_window.hpp"
#include "daemon/people.hpp"
#include "daemon/poll_cycle.hpp"
#include "daemon/readiness.hpp"
#include "daemon/sd_notify.hpp"
#include "daemon/senders.hpp"
#include "daemon/web_face.hpp"
#include "ingest/ingester.hpp"
#include "sources/curl_http_client.hpp"
#include "sources/retry.hpp"
#include "web/counters.hpp"

namespace pw {

// The curl settings of the [http] table.
sources::CurlSettings curl_settings(const HttpConfig& h);

// The running daemon. Its methods are spread over files by job:
// app.cpp (start, signals, reload, shutdown), app_polls.cpp (sources and
// their polls), app_delivery.cpp (delivery runs and digests),
// app_people.cpp (members data), app_web.cpp (the web face, readiness,
// upkeep). Every method runs on the loop thread unless it says otherwise.
struct App::Impl {
  static constexpr auto kQuietRetry = std::chrono::minutes(5);
  static constexpr auto kPeopleRefresh = std::chrono::hours(24);
  static constexpr auto kDeliveryInterval = std::chrono::seconds(30);
  static constexpr int kDeliveryBatch = 200;
  static constexpr auto kExpiryInterval = std::chrono::hours(1);
  static constexpr auto kWriteProbeInterval = std::chrono::seconds(30);

  // One configured source, its poll cycle and its timer.
  struct Slot {
    SourceConfig config;
    std::unique_ptr<sources::CurlHttpClient> client;
    std::unique_ptr<sources::Source> source;  // used by the worker of a poll
    std::unique_ptr<PollCycle> cycle;
    boost::asio::steady_timer timer;
    bool retired = false;  // replaced by a reload: never polled again

    explicit Slot(boost::asio::io_context& io) : timer(io) {}
  };

  Impl(std::string path, Config c, RunOptions o, const Clock& k, storage::Database d)
      : config_path(std::move(path)),
        options(std::move(o)),
        clock(k),
        config(std::move(c)),
        db(std::move(d)) {}

  // Set at start, read by every thread; thread-safe.
  const std::string config_path;
  const RunOptions options;
  const Clock& clock;
  StopFlag stop;
  web::Counters counters;

  // The loop, and the workers it hands long jobs to.
  boost::asio::io_context io;
  boost::asio::thread_pool pool{4};  // polls, people data, and a delivery run per lane

  // The loop thread's.
  Config config;
  storage::Database db;
  parse::Members members;
  std::unique_ptr<ingest::Ingester> ingester;
  std::string rules_fingerprint;
  std::string start_date;
  deliver::EmailSettings email;
  std::vector<std::shared_ptr<Slot>> slots;
  int polls_outstanding = 0;  // once mode
  bool had_errors = false;    // a poll or a delivery failed: run --once exits 75
  std::unique_ptr<DeliveryCycle> delivery;
  std::vector<deliver::Attempt> outcomes;  // sent, not yet recorded
  bool outcomes_posted = false;            // a record_outcomes() is posted
  // Per lane: a worker sends no further while this many are unrecorded.
  static constexpr std::size_t kOutcomeWindow = 4;
  OutcomeWindow email_window{kOutcomeWindow};
  OutcomeWindow webhook_window{kOutcomeWindow};
  Readiness readiness;           // thread-safe: /readyz asks it from the web face
  std::unique_ptr<WebFace> web;  // its own threads; after what its hooks use
  Notifier notifier = Notifier::from_environment();
  boost::asio::signal_set signals{io, SIGTERM, SIGINT, SIGHUP};
  boost::asio::steady_timer people_timer{io};
  boost::asio::steady_timer delivery_timer{io};
  boost::asio::steady_timer digest_timer{io};
  boost::asio::steady_timer watchdog_timer{io};
  boost::asio::steady_timer expiry_timer{io};
  boost::asio::steady_timer write_probe_timer{io};
  boost::asio::steady_timer corpus_timer{io};
  bool corpus_reading = false;  // a read_corpus() is on a worker
  bool corpus_again = false;    // and another was asked for meanwhile
  std::string write_problem;    // "" while the last write probe succeeded
  int reloads = 0;              // SIGHUPs taken
  std::chrono::steady_clock::time_point last_watchdog;

  // The workers' while delivery runs are in flight (one lane each uses
  // email, the other webhook), the loop thread's otherwise.
  Senders senders;
  // From a SIGHUP while deliveries were in flight: replaces `senders` once
  // no lane is in flight (no new run starts meanwhile).
  std::optional<Senders> next_senders;

  std::int64_t now() const { return unix_seconds(clock.now()); }

  // In app.cpp:

  // An exception no handler expected: logged with where it happened and
  // counted; the daemon goes on. Any thread.
  void unexpected(std::string_view where, std::string_view what);
  void shutdown();
  // Re-reads the configuration, people data and rules; systemd hears
  // RELOADING=1 first and READY=1 after, whether the new file was taken.
  void reload();
  void apply_reload();
  void wait_signal();
  // Tells systemd the loop is alive, from the loop itself, so a wedged
  // loop trips the watchdog.
  void keep_watchdog_fed();
  // The same from inside long work on the loop that is making progress (a
  // big file's ingest), at most once a watchdog interval.
  void still_alive();
  // One line for systemctl status.
  std::string summary();

  // In app_polls.cpp:

  std::shared_ptr<Slot> make_slot(const SourceConfig& sc);
  sources::RetryPolicy http_retry() const;
  Status load_rules_if_changed();
  sources::PlanOptions plan() const;
  void schedule(const std::shared_ptr<Slot>& slot, std::chrono::steady_clock::duration delay);
  void start_poll(const std::shared_ptr<Slot>& slot);
  void finish_poll(const std::shared_ptr<Slot>& slot, const FetchSummary& summary);
  void start_sources();

  // In app_delivery.cpp:

  // Claims due outbox rows here, sends them on the pool, records the
  // outcomes back here as they come (DeliveryCycle), in two lanes: emails
  // and webhooks. In once mode the last run ends the process.
  void deliver();
  void deliver_lane(Lane lane);
  // One attempt's outcome, from a worker: recorded with the others that
  // arrive meanwhile, in one transaction, which lets the lane's worker go
  // on (OutcomeWindow).
  void outcome(deliver::Attempt attempt);
  void record_outcomes();
  // After runs were started or ended: times the next run (in once mode,
  // ends the process when no run is in flight and no poll outstanding).
  void delivery_done();
  // Queues the daily digests at the configured London time, then delivers.
  void digest_daily();

  // In app_people.cpp:

  // Loads the members files and the fetched copy. A reload that loads
  // nobody keeps the members it had.
  void reload_people();
  // Fetches the members file (conditional GET) on the pool, then calls
  // `then` on the loop. The people data is reloaded when the fetch brought
  // a new copy, and with `reload_files` in any case (SIGHUP, daily: the
  // configured files may have changed); start-up loaded it already.
  void refresh_people(bool reload_files, std::function<void()> then);
  void people_fetched(const std::string& url, const Result<PeopleFetch>& fetched,
                      bool reload_files);
  void refresh_people_daily();

  // In app_web.cpp:

  // Starts the web face (its own threads and connections) and binds its
  // listener, so READY=1 is sent only once it is reachable. Not for once
  // runs.
  Status start_web();
  // Reads the word frequencies "debates like this" needs on a worker, with
  // its own database connection, now and every day, and after polls that
  // fetched files; hands them to the site (which answers such sign-ups 503
  // until the first read is done). One read at a time.
  void read_corpus_daily();
  void read_corpus();
  // Hands the web face a directory of the members data loaded now, for
  // choosing a member by name.
  void share_members();
  // SIGHUP: a new listen address is bound before the old one closes (the
  // old stays, and `fresh.listen` is set back, if the new cannot be
  // bound); new limits apply at once.
  void reload_web(ServerConfig& fresh);
  // Commits a tiny write now and then, so /readyz says "not ready" while
  // the disk is full or the file unwritable, before real work fails.
  void probe_writes_regularly();
  void expire_unconfirmed_hourly();
};

}  // namespace pw
