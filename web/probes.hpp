#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "storage/database.hpp"
#include "web/counters.hpp"
#include "web/http.hpp"

namespace pw::web {

// The operator's routes, kept apart from the Site so they answer while the
// Site waits on the database's write lock:
//   GET|HEAD /healthz   the process answers
//   GET|HEAD /readyz    the database answers and the readiness probe lists
//                       no problem (503 with the problems otherwise)
//   GET|HEAD /metrics   Prometheus text
// Only reads, on its own connection. Not thread-safe: one thread (the web
// face's server thread) calls it.
class Probes {
 public:
  // Reasons the daemon is not ready (empty: ready), given this object's
  // connection to read from.
  using Readiness = std::function<std::vector<std::string>(storage::Database& db)>;

  Probes(storage::Database& db, Counters& counters, const Clock& clock);

  // True for the paths this answers, whatever the method.
  static bool serves(std::string_view path);

  // The answer for a path it serves (405 for methods other than GET and
  // HEAD), counted in parlwatch_http_requests_total; 404 for any other.
  Response handle(const Request& request);

  // Without one, /readyz checks only that the database answers.
  void set_readiness(Readiness probe) { readiness_ = std::move(probe); }

 private:
  Response route(const Request& r, std::string& name);
  Response ready();
  Response metrics();

  storage::Database& db_;
  Counters& counters_;
  const Clock& clock_;
  Readiness readiness_;
};

}  // namespace pw::web
