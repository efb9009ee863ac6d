#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "storage/database.hpp"
#include "storage/records.hpp"

namespace pw::web {

// One line of a rule import file, read but not yet checked against the
// database. Without a channel or frequency, the address's own settings
// apply (webhook if it has an endpoint; its daily digest choice), as for
// `parlwatch rule add`.
struct ImportLine {
  std::size_t line = 0;  // 1-based
  std::string email;
  std::string query;
  std::optional<storage::Channel> channel;
  std::optional<bool> daily;
};

// A line that cannot be imported, and why.
struct ImportProblem {
  std::size_t line = 0;
  std::string message;
};

// Reads a rule import file: one rule per line, fields separated by TABs:
// ADDRESS, QUERY, then optionally CHANNEL (email or webhook) and FREQUENCY
// (immediate or daily; daily only for email). Blank lines and lines
// starting with '#' are skipped; a CR before the line end is dropped.
// Every malformed line is added to `problems`. Pure.
std::vector<ImportLine> read_rule_import(std::string_view text,
                                         std::vector<ImportProblem>& problems);

// What an import did, or would do.
struct ImportReport {
  std::size_t added = 0;
  std::size_t already = 0;    // the address had this query on this channel already
  std::size_t new_users = 0;  // addresses not known before
  std::vector<ImportProblem> problems;
  std::vector<ImportProblem> notes;  // how a query was read (display-only prefixes...)
};

// Checks every line: the address, the query as `rule add` checks it
// (speaker names resolved against the stored persons and stored as ids),
// a webhook line's endpoint, the per-address cap. Only when no line has a
// problem, and with `save`, stores them all in one transaction: unknown
// addresses become users (confirmed: the operator vouches for them, as
// for `user add`), every rule confirmed. A line repeating a stored rule
// (or an earlier line) is counted in `already` and not stored twice, so an
// import can be run again. The database's own errors are returned as such.
Result<ImportReport> import_rules(storage::Database& db, const std::vector<ImportLine>& lines,
                                  std::int64_t now, bool save);

}  // namespace pw::web
