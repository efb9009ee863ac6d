#include "storage/file_repository.hpp"

#include <algorithm>

#include "core/gid.hpp"

namespace pw::storage {
namespace {

constexpr std::string_view kFileColumns =
    "id, name, section, date, version, version_rank, sha256, items, ingested_at, past_people_data";

FileRecord read_file(const Statement& s) {
  return FileRecord{s.int64(0), s.text(1), s.text(2),  s.text(3),  s.text(4),
                    s.int64(5), s.text(6), s.int64(7), s.int64(8), s.int64(9)};
}

}  // namespace

Result<std::optional<FileRecord>> FileRepository::find(const std::string& name,
                                                       const std::string& sha256) {
  return first_row(db_.query(std::string("SELECT ") + std::string(kFileColumns) +
                                 " FROM files WHERE name = ?1 AND sha256 = ?2",
                             name, sha256),
                   read_file);
}

Result<std::int64_t> FileRepository::max_version_rank(const std::string& section,
                                                      const std::string& date,
                                                      const std::string& series) {
  PW_TRY_ASSIGN(auto files,
                collect_rows(db_.query("SELECT name, version_rank FROM files"
                                       " WHERE section = ?1 AND date = ?2",
                                       section, date),
                             [](const Statement& s) { return std::pair(s.text(0), s.int64(1)); }));
  std::int64_t rank = -1;
  for (const auto& [name, version_rank] : files) {
    const auto parsed = parse_transcript_name(name);
    if (!series.empty() && (!parsed || parsed->series != series)) continue;
    rank = std::max(rank, version_rank);
  }
  return rank;
}

Result<std::int64_t> FileRepository::insert(const FileRecord& f) {
  PW_TRY(db_.run(
      "INSERT INTO files (name, section, date, version, version_rank, sha256, items, ingested_at,"
      " past_people_data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
      f.name, f.section, f.date, f.version, f.version_rank, f.sha256, f.items, f.ingested_at,
      f.past_people_data));
  return db_.last_insert_id();
}

Status FileRepository::set_items(std::int64_t id, std::int64_t items) {
  return db_.run("UPDATE files SET items = ?2 WHERE id = ?1", id, items);
}

Result<std::vector<FileRecord>> FileRepository::list() {
  return collect_rows(
      db_.query(std::string("SELECT ") + std::string(kFileColumns) + " FROM files ORDER BY id"),
      read_file);
}

}  // namespace pw::storage
