#include "storage/source_repository.hpp"

namespace pw::storage {

Result<std::vector<SourceFileRecord>> SourceRepository::files(const std::string& source) {
  return collect_rows(db_.query("SELECT source, path, etag, last_modified, changed_at, sha256,"
                                " fetched_at FROM source_files WHERE source = ?1 ORDER BY path",
                                source),
                      [](const Statement& s) {
                        return SourceFileRecord{s.text(0),  s.text(1), s.text(2), s.text(3),
                                                s.int64(4), s.text(5), s.int64(6)};
                      });
}

Status SourceRepository::upsert_file(const SourceFileRecord& f) {
  return db_.run(
      "INSERT OR REPLACE INTO source_files"
      " (source, path, etag, last_modified, changed_at, sha256, fetched_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
      f.source, f.path, f.etag, f.last_modified, f.changed_at, f.sha256, f.fetched_at);
}

Status SourceRepository::poll_finished(const std::string& source, std::int64_t now,
                                       const std::string& error, std::int64_t files_fetched) {
  auto ok = db_.run("INSERT OR IGNORE INTO source_polls (source) VALUES (?1)", source);
  if (!ok) return ok;
  if (error.empty()) {
    return db_.run(
        "UPDATE source_polls SET last_poll_at = ?2, last_success_at = ?2, last_error = '',"
        " files_fetched = ?3 WHERE source = ?1",
        source, now, files_fetched);
  }
  return db_.run(
      "UPDATE source_polls SET last_poll_at = ?2, last_error = ?3, last_error_at = ?2,"
      " files_fetched = ?4 WHERE source = ?1",
      source, now, error, files_fetched);
}

Result<std::vector<SourcePollRecord>> SourceRepository::polls() {
  return collect_rows(db_.query("SELECT source, last_poll_at, last_success_at, last_error,"
                                " last_error_at, files_fetched FROM source_polls ORDER BY source"),
                      [](const Statement& s) {
                        return SourcePollRecord{s.text(0), s.int64(1), s.int64(2),
                                                s.text(3), s.int64(4), s.int64(5)};
                      });
}

Status SourceRepository::set_changed_at(const std::string& source, const std::string& path,
                                        std::int64_t changed_at) {
  return db_.run("UPDATE source_files SET changed_at = ?3 WHERE source = ?1 AND path = ?2", source,
                 path, changed_at);
}

}  // namespace pw::storage

namespace pw::storage {

Result<SourceRepository::Ingest> SourceRepository::begin_ingest(const std::string& source,
                                                                const std::string& path,
                                                                const std::string& sha256,
                                                                std::int64_t now,
                                                                int max_attempts) {
  PW_TRY_ASSIGN(auto tx, Transaction::begin(db_));
  PW_TRY_ASSIGN(auto row,
                first_row(db_.query("SELECT attempts, quarantined_at FROM ingest_attempts"
                                    " WHERE source = ?1 AND path = ?2 AND sha256 = ?3",
                                    source, path, sha256),
                          [](const Statement& st) { return std::pair(st.int64(0), st.int64(1)); }));
  const auto [attempts, quarantined_at] = row.value_or(std::pair<std::int64_t, std::int64_t>{});
  if (quarantined_at != 0) return Ingest::kQuarantined;
  if (attempts >= max_attempts) {
    PW_TRY(
        db_.run("UPDATE ingest_attempts SET quarantined_at = ?4"
                " WHERE source = ?1 AND path = ?2 AND sha256 = ?3",
                source, path, sha256, now));
    PW_TRY(tx.commit());
    return Ingest::kQuarantinedNow;
  }
  PW_TRY(
      db_.run("INSERT INTO ingest_attempts (source, path, sha256, attempts) VALUES (?1, ?2, ?3, 1)"
              " ON CONFLICT DO UPDATE SET attempts = attempts + 1",
              source, path, sha256));
  PW_TRY(tx.commit());
  return Ingest::kGo;
}

Status SourceRepository::end_ingest(const std::string& source, const std::string& path,
                                    const std::string& sha256) {
  return db_.run("DELETE FROM ingest_attempts WHERE source = ?1 AND path = ?2 AND sha256 = ?3",
                 source, path, sha256);
}

Result<std::vector<std::string>> SourceRepository::quarantined() {
  return collect_rows(db_.query("SELECT source || ' ' || path FROM ingest_attempts"
                                " WHERE quarantined_at <> 0 ORDER BY quarantined_at"),
                      [](const Statement& st) { return st.text(0); });
}

}  // namespace pw::storage
