#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/records.hpp"
#include "storage/status_reader.hpp"
#include "web/counters.hpp"

namespace pw::web {

// Everything /metrics reports, read at one moment.
struct MetricsSnapshot {
  std::int64_t now = 0;
  storage::StoreSummary store;
  std::vector<storage::SourcePollRecord> polls;
  std::map<std::pair<std::string, Labels>, std::uint64_t> counters;
  std::int64_t people_persons = 0;  // in the daemon's members data
  bool people_problems = false;     // a members file missing, broken or not fetched
};

// Reads the stored counts (one read transaction) and the process counters.
Result<MetricsSnapshot> read_metrics(storage::Database& db, const Counters& counters,
                                     std::int64_t now);

// The Prometheus text exposition (version 0.0.4) of a snapshot: stored
// totals (files, items, matches), subscriptions and outbox rows by state
// (every state, zeros included), the age of the oldest undelivered alert,
// last poll and last successful poll per source, and the process counters
// with HELP and TYPE lines. Label values are escaped. Pure.
std::string render_metrics(const MetricsSnapshot& m);

}  // namespace pw::web
