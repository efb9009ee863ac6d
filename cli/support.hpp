#pragma once

#include <optional>

#include "cli/commands.hpp"
#include "core/clock.hpp"
#include "daemon/config.hpp"
#include "daemon/exit_codes.hpp"
#include "deliver/render.hpp"
#include "parse/members.hpp"
#include "storage/database.hpp"

namespace pw::cli {

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

// Loads the configuration at `path` and sets the log level it asks for;
// prints its problems and returns nullopt if it is refused.
std::optional<Config> config_or_report(const std::string& path);

// with_database on --db, or on the database the configuration names;
// body(database, its path).
template <typename F>
int with_configured_database(const GlobalOptions& g, const std::string& config_path, F body) {
  GlobalOptions with_db = g;
  if (!config_path.empty()) {
    auto config = config_or_report(config_path);
    if (!config) return kExitConfig;
    with_db.db = config->database;
  }
  return with_database(with_db,
                       [&](storage::Database& db) { return body(db, std::as_const(with_db.db)); });
}

// Delivers due outbox rows to the local outbox folder (the daemon's, if
// one recorded it, else --outbox-dir); leaves them to the daemon when it
// delivers by network. Returns the exit code: 75 if some failed.
int deliver_pending(const GlobalOptions& g, storage::Database& db, const Clock& clock);

// Loads every members file named by --people. Returns nullopt after
// logging when one cannot be read or parsed.
std::optional<parse::Members> load_members(const GlobalOptions& g);

}  // namespace pw::cli
