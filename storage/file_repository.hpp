#pragma once

#include <optional>
#include <vector>

#include "storage/database.hpp"
#include "storage/records.hpp"

namespace pw::storage {

// The transcript files ingested so far. Holds a reference to the Database,
// which must outlive it; same threading rules as Database.
class FileRepository {
 public:
  explicit FileRepository(Database& db) : db_(db) {}

  // Returns the record of a file with this name and content hash, if it was
  // ingested before.
  Result<std::optional<FileRecord>> find(const std::string& name, const std::string& sha256);

  // Returns the highest version rank ingested for a sitting, or -1 if none.
  // With `series` (TranscriptName::series), only files of that series count:
  // several Public Bill Committees sit on one date, each its own series.
  Result<std::int64_t> max_version_rank(const std::string& section, const std::string& date,
                                        const std::string& series = "");

  // Records a file; returns its id.
  Result<std::int64_t> insert(const FileRecord& f);

  // Updates the number of items a file contributed.
  Status set_items(std::int64_t id, std::int64_t items);

  Result<std::vector<FileRecord>> list();

 private:
  Database& db_;
};

}  // namespace pw::storage
