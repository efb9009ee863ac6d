#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "daemon/config.hpp"
#include "storage/database.hpp"
#include "storage/records.hpp"

namespace pw {

// What /readyz weighs besides the database answering.
struct ReadinessFacts {
  std::string write_problem;         // "" while the last write probe succeeded
  std::vector<std::string> sources;  // the names of the sources being polled
  ScheduleConfig schedule;
};

// Why the daemon is not ready (empty: ready): writes failing, or sources
// whose last poll is older than two poll intervals plus ten minutes,
// outside quiet hours and once that long has passed since the start. Pure.
std::vector<std::string> readiness_problems(const ReadinessFacts& facts,
                                            const std::vector<storage::SourcePollRecord>& polls,
                                            std::chrono::system_clock::time_point now,
                                            std::chrono::steady_clock::duration running_for);

// The facts, set by the daemon's loop as they change and weighed by the web
// face's server thread when /readyz is asked. Thread-safe.
class Readiness {
 public:
  void set_write_problem(std::string problem);
  void set_sources(std::vector<std::string> names, ScheduleConfig schedule);
  // The problems now, with the polls read through `db` (the caller's own
  // connection).
  std::vector<std::string> problems(storage::Database& db,
                                    std::chrono::system_clock::time_point now) const;

 private:
  mutable std::mutex mutex_;
  ReadinessFacts facts_;
  const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace pw
