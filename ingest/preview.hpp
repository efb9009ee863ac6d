#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "rules/query.hpp"
#include "storage/database.hpp"
#include "storage/item_reader.hpp"

namespace pw::ingest {

// What one rule would have matched in the recent archive.
struct Preview {
  std::size_t count = 0;                          // items of the window the rule matches
  std::vector<storage::StoredItemRecord> latest;  // the newest of them, newest first
  std::vector<std::string> highlight;             // folded terms to mark in extracts
};

// The window the previews looked at.
struct PreviewWindow {
  std::string since;  // oldest sitting date looked at (YYYY-MM-DD), "" if nothing is stored
  std::string until;  // newest sitting date stored
  std::size_t scanned = 0;
  bool capped = false;  // stopped at max_items before the window's start
};

// Runs `rules` (as check_rule returned them) in one pass over the stored
// items of the `days` days up to the newest stored sitting, newest first,
// so a preview shows the archive's latest however old it is; reads at most
// `max_items` items. Keeps each rule's `keep` newest matches.
Result<std::vector<Preview>> preview_rules(storage::Database& db,
                                           const std::vector<rules::Query>& rules, int days,
                                           std::size_t keep, std::size_t max_items,
                                           PreviewWindow& window);

// YYYY-MM-DD `days` days before `date`; "" for a malformed date.
std::string days_before(const std::string& date, int days);

}  // namespace pw::ingest
