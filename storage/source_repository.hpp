#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/records.hpp"

namespace pw::storage {

// What each source handed over and how its polls went (the daemon's
// settings are SettingsRepository's). Holds a reference to the
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

  // The crash-loop guard around ingesting one fetched file (by its
  // content): begin_ingest() counts an attempt and commits it, so an
  // attempt the process did not survive stays counted; end_ingest() forgets
  // the file once an attempt ended either way. A file whose `max_attempts`
  // attempts all ended the process is quarantined at `now` and not tried
  // again (a new version, with other content, is).
  enum class Ingest { kGo, kQuarantinedNow, kQuarantined };
  Result<Ingest> begin_ingest(const std::string& source, const std::string& path,
                              const std::string& sha256, std::int64_t now, int max_attempts);
  Status end_ingest(const std::string& source, const std::string& path, const std::string& sha256);
  // Files quarantined: "source path", oldest first.
  Result<std::vector<std::string>> quarantined();

 private:
  Database& db_;
};

}  // namespace pw::storage
