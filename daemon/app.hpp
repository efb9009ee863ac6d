#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "daemon/config.hpp"

namespace pw {

// How `parlwatch run` (or `backfill`) runs.
struct RunOptions {
  bool once = false;  // poll each source once, then exit
  // Backfill: fetch sittings from this date up to (not including) the start
  // date, instead of from the start date on. Implies once.
  std::optional<std::string> backfill_since;
  bool alert = true;  // false: record matches without queueing alerts
};

// The daemon: one Asio io_context runs the timers (one per source, one for
// the people data) and the signals, and is the only place that writes
// SQLite; a small thread pool discovers, fetches and parses, and posts
// each file back. SIGTERM/SIGINT stop new work, abort transfers, let the
// transaction in flight finish and exit 0. SIGHUP reloads the
// configuration (a bad one is refused and the old one kept), the people
// data and the rules. Each source and each file fails on its own: the
// error is logged once (again only if it changes) and the work is retried
// at the next poll.
class App {
 public:
  // Opens the database, loads the people data and the rules. Errors here
  // are startup errors (bad people file, database newer than this binary).
  static Result<std::unique_ptr<App>> create(std::string config_path, Config config,
                                             RunOptions options, const Clock& clock);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Runs until stopped by a signal or, with `once`, until every source has
  // been polled once. Returns a process exit code: 0, or 75 when a `once`
  // run met errors.
  int run();

 private:
  struct Impl;
  explicit App(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace pw
