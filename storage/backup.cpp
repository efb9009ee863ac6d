#include "storage/backup.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>

#include <fmt/format.h>

namespace pw::storage {
namespace {

constexpr int kPagesPerStep = 256;
constexpr int kLockedRetries = 200;  // 50 ms apart: 10 s of a held lock
constexpr auto kLockedWait = std::chrono::milliseconds(50);

struct BackupFinisher {
  void operator()(sqlite3_backup* b) const { sqlite3_backup_finish(b); }
};

// Steps the backup to its end, waiting while the source is locked.
int copy_pages(sqlite3_backup* backup) {
  int waits = 0;
  for (;;) {
    const int rc = sqlite3_backup_step(backup, kPagesPerStep);
    if (rc == SQLITE_DONE) return SQLITE_OK;
    if (rc == SQLITE_OK) continue;
    if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || ++waits > kLockedRetries) return rc;
    std::this_thread::sleep_for(kLockedWait);
  }
}

Status copy_to(Database& db, const std::string& tmp) {
  sqlite3* raw = nullptr;
  const int opened =
      sqlite3_open_v2(tmp.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  std::unique_ptr<sqlite3, SqliteCloser> dest(raw);
  if (opened != SQLITE_OK) return fail(sqlite_error(raw, opened, "cannot create " + tmp));
  std::error_code ec;
  std::filesystem::permissions(
      tmp, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
  std::unique_ptr<sqlite3_backup, BackupFinisher> backup(
      sqlite3_backup_init(dest.get(), "main", db.handle(), "main"));
  if (!backup) return fail(sqlite_error(dest.get(), sqlite3_errcode(dest.get()), "backup"));
  const int copied = copy_pages(backup.get());
  const int finished = sqlite3_backup_finish(backup.release());
  const int rc = copied != SQLITE_OK ? copied : finished;
  if (rc != SQLITE_OK) return fail(sqlite_error(dest.get(), rc, "backup to " + tmp));
  return {};
}

}  // namespace

Status backup_database(Database& db, const std::string& path) {
  const std::string tmp = path + ".tmp";
  std::error_code ec;
  std::filesystem::remove(tmp, ec);
  if (auto ok = copy_to(db, tmp); !ok) {
    std::filesystem::remove(tmp, ec);
    return ok;
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return fail(Error::permanent(
        fmt::format("backup: cannot rename {} to {}: {}", tmp, path, ec.message())));
  }
  return {};
}

}  // namespace pw::storage
