#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/records.hpp"

namespace pw::storage {

// What each source handed over, how its polls went, and a few daemon
// settings (such as the date of the first poll). Holds a reference to the
// Database, which must outlive it; same threading rules as Database.
class SourceRepository {
 public:
  explicit SourceRepository(Database& db) : db_(db) {}

  Result<std::vector<SourceFileRecord>> files(const std::string& source);
  // Inserts or replaces the record of (source, path).
  Status upsert_file(const SourceFileRecord& f);
  // Sets the change time of a stored file's record (nothing if none).
  Status set_changed_at(const std::string& source, const std::string& path,
                        std::int64_t changed_at);

  // Records the end of a poll: `error` is "" for a clean one. A failed
  // poll keeps the time of the last successful one.
  Status poll_finished(const std::string& source, std::int64_t now, const std::string& error,
                       std::int64_t files_fetched);
  Result<std::vector<SourcePollRecord>> polls();

  Result<std::optional<std::string>> setting(const std::string& key);
  // Commits a tiny write (setting write_probe = `now`) in its own
  // transaction, so a full disk, an I/O error or a read-only file shows
  // before real work fails.
  Status probe_write(std::int64_t now);
  // Stores `value` for the key, replacing any other.
  Status set_setting(const std::string& key, const std::string& value);
  // Stores `value` unless the key has one already; returns the value kept.
  Result<std::string> setting_or_init(const std::string& key, const std::string& value);

 private:
  Database& db_;
};

}  // namespace pw::storage
