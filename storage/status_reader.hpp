#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace pw::storage {

// What `parlwatch status` reports of the stored state.
struct StoreSummary {
  std::int64_t files = 0;
  std::int64_t items = 0;
  std::int64_t rules = 0;
  std::int64_t matches = 0;
  std::map<std::string, std::int64_t> outbox;         // by state
  std::map<std::string, std::int64_t> subscriptions;  // unconfirmed, active, suspended
  std::int64_t oldest_undelivered_id = 0;             // 0 if none
  std::int64_t oldest_undelivered_at = 0;
  // Files ingested with items left without party because their sitting was
  // after the members data, and the newest such sitting ("" if none).
  std::int64_t files_after_members = 0;
  std::string newest_after_members;
  std::vector<std::string> quarantined;  // "source path" of files not ingested (crash loops)
};

// Reads the counts in one read transaction.
Result<StoreSummary> summarise(Database& db);

}  // namespace pw::storage
