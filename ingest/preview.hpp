#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "rules/query.hpp"
#include "storage/database.hpp"
#include "storage/item_reader.hpp"

namespace pw::ingest {

// What a rule would have matched in the recent archive.
struct Preview {
  std::string since;        // first sitting date looked at (YYYY-MM-DD), "" if nothing is stored
  std::string until;        // newest sitting date stored
  std::size_t scanned = 0;  // items looked at
  std::size_t count = 0;    // of those, items the rule matches
  std::vector<storage::StoredItemRecord> latest;  // the newest matches, newest first
  std::vector<std::string> highlight;             // folded terms to mark in extracts
};

// Runs `rule` (as check_rule returned it) over the stored items of the
// `days` days up to the newest stored sitting, so a preview shows the
// archive's latest however old it is, keeping the `keep` newest matches.
Result<Preview> preview_rule(storage::Database& db, const rules::Query& rule, int days,
                             std::size_t keep);

// YYYY-MM-DD `days` days before `date`; "" for a malformed date.
std::string days_before(const std::string& date, int days);

}  // namespace pw::ingest
