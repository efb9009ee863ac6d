#pragma once

#include <optional>

#include "daemon/commands.hpp"
#include "deliver/render.hpp"
#include "parse/members.hpp"
#include "storage/database.hpp"

namespace pw {

// Logs `e` as an error and returns its exit code.
int report_error(const Error& e);

// Opens the database named by the options and returns body(database), or
// logs why it cannot be opened (e.g. it is newer than this binary) and
// returns the matching exit code.
template <typename F>
int with_database(const GlobalOptions& g, F body) {
  auto db = storage::Database::open(g.db);
  if (!db) return report_error(db.error());
  return body(*db);
}

// The email settings for alerts: From, the public URL of parlwatch's web
// pages, and the secret that signs their links: read from `secret_file`
// (e.g. a systemd credential) when given, else created in the database's
// settings on first use.
Result<deliver::EmailSettings> email_settings(storage::Database& db, std::string from,
                                              std::string public_url,
                                              const std::string& secret_file = "");

// Loads members files (people.xml, all-members.xml, people.json) in order.
Result<parse::Members> load_people(const std::vector<std::string>& files);

// Stores every person of `members` in the persons table (one
// transaction), so speaker:"Name" and speaker:N are checked against the
// members data before any transcript naming them is ingested.
Status remember_persons(storage::Database& db, const parse::Members& members);

// Loads every members file named by --people. Returns nullopt after
// logging when one cannot be read or parsed.
std::optional<parse::Members> load_members(const GlobalOptions& g);

}  // namespace pw
