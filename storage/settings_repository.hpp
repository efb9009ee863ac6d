#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.hpp"

namespace pw::storage {

// The daemon's own settings, one value per key: the first poll's date, the
// link-signing secret, how the daemon delivers, what the members data held.
// Holds a reference to the Database, which must outlive it; same threading
// rules as Database.
class SettingsRepository {
 public:
  explicit SettingsRepository(Database& db) : db_(db) {}

  // The value of `key`, or nullopt if it has none.
  Result<std::optional<std::string>> get(const std::string& key);
  // Stores `value` for the key, replacing any other.
  Status set(const std::string& key, const std::string& value);
  // Stores `value` unless the key has one already; returns the value kept.
  // Reads first, so a key already set takes no write lock.
  Result<std::string> get_or_init(const std::string& key, const std::string& value);
  // Commits a tiny write (write_probe = `now`) in its own transaction, so a
  // full disk, an I/O error or a read-only file shows before real work fails.
  Status probe_write(std::int64_t now);

 private:
  Database& db_;
};

}  // namespace pw::storage
