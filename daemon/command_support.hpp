#pragma once

#include <optional>

#include "daemon/commands.hpp"
#include "daemon/config.hpp"
#include "deliver/render.hpp"
#include "parse/members.hpp"
#include "storage/database.hpp"

namespace pw {

// Logs `e` as an error and returns its exit code.
int report_error(const Error& e);

// What a command does when the database file does not exist: only
// commands that store something create one, and say so.
enum class OnMissing { kRefuse, kCreate };

// Logs why the database at `path` may not be opened for `missing`, and
// returns the exit code; 0 if it may (it exists, or is created, said).
int check_database_path(const std::string& path, OnMissing missing);

// Opens the database named by the options and returns body(database), or
// logs why it cannot be opened (missing, or newer than this binary) and
// returns the matching exit code.
template <typename F>
int with_database(const GlobalOptions& g, F body, OnMissing missing = OnMissing::kRefuse) {
  if (const int rc = check_database_path(g.db, missing); rc != 0) return rc;
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

// Adds one members file (people.xml, all-members.xml or people.json, told
// apart by content) to `members`; invalid_input naming it if it is missing
// or malformed.
Status load_people_file(const std::string& path, parse::Members& members);

// Loads members files (people.xml, all-members.xml, people.json) in order.
Result<parse::Members> load_people(const std::vector<std::string>& files);

// Stores every person of `members` in the persons table (one
// transaction), so speaker:"Name" and speaker:N are checked against the
// members data before any transcript naming them is ingested.
Status remember_persons(storage::Database& db, const parse::Members& members);

// Records in the database's settings how its daemon delivers: "network",
// or "local" with the absolute path of its outbox folder, so the command
// line leaves network alerts to the daemon and writes local ones where the
// daemon would.
Status record_delivery(storage::Database& db, const Config& config);

// How the daemon of a database delivers, as record_delivery left it.
struct RecordedDelivery {
  bool network = false;
  std::string outbox_dir;  // local mode; "" when no daemon has run on it

  // The daemon's outbox folder, or `fallback` (--outbox-dir) if none is known.
  const std::string& outbox_or(const std::string& fallback) const {
    return outbox_dir.empty() ? fallback : outbox_dir;
  }
};
Result<RecordedDelivery> recorded_delivery(storage::Database& db);

// Loads every members file named by --people. Returns nullopt after
// logging when one cannot be read or parsed.
std::optional<parse::Members> load_members(const GlobalOptions& g);

}  // namespace pw
