#pragma once

#include <string>

#include "storage/database.hpp"

namespace pw::storage {

// Copies `db` to `path` with SQLite's online backup API: a consistent
// snapshot of what was committed, taken while other connections (the
// daemon) go on reading and writing. Writes `path`.tmp (owner-only) and
// renames it over `path`, so a failure leaves no partial file at `path`.
// transient when the database stayed locked; permanent or I/O otherwise.
Status backup_database(Database& db, const std::string& path);

}  // namespace pw::storage
