#pragma once

#include "core/result.hpp"

namespace pw::storage {

class Database;

// The schema version this binary writes (PRAGMA user_version).
inline constexpr int kSchemaVersion = 17;

// Brings the schema up to `target` (tests of a migration stop short of the
// latest), one numbered migration per transaction. Returns a permanent error if the database was
// written by a newer parlwatch (its version is above kSchemaVersion): running an older binary
// against it could lose data.
Status migrate(Database& db, int target = kSchemaVersion);

}  // namespace pw::storage
