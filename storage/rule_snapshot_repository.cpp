#include "storage/rule_snapshot_repository.hpp"

#include <algorithm>
#include <climits>
#include <vector>

#include <fmt/format.h>

namespace pw::storage {
namespace {

// Bytes gathered before each write into the blob.
constexpr std::size_t kWriteChunk = 1 << 20;

// Writes into an open blob from its start, a chunk at a time.
class BlobSink : public ByteSink {
 public:
  BlobSink(sqlite3* db, sqlite3_blob* blob)
      : db_(db), blob_(blob), size_(static_cast<std::uint64_t>(sqlite3_blob_bytes(blob))) {
    buffer_.reserve(kWriteChunk);
  }

  Status write(std::span<const char> bytes) override {
    while (!bytes.empty()) {
      const std::size_t n = std::min(bytes.size(), kWriteChunk - buffer_.size());
      buffer_.insert(buffer_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
      bytes = bytes.subspan(n);
      if (buffer_.size() == kWriteChunk) PW_TRY(flush());
    }
    return {};
  }

  // Writes what is gathered; a permanent error unless it ends the blob exactly.
  Status finish() {
    PW_TRY(flush());
    if (offset_ != size_) return fail(Error::permanent("the rule snapshot came out short"));
    return {};
  }

 private:
  Status flush() {
    if (buffer_.empty()) return {};
    if (offset_ + buffer_.size() > size_)
      return fail(Error::permanent("the rule snapshot came out long"));
    const int rc = sqlite3_blob_write(blob_.get(), buffer_.data(), static_cast<int>(buffer_.size()),
                                      static_cast<int>(offset_));
    if (rc != SQLITE_OK) return fail(sqlite_error(db_, rc, "saving the rule snapshot"));
    offset_ += buffer_.size();
    buffer_.clear();
    return {};
  }

  sqlite3* db_;
  std::unique_ptr<sqlite3_blob, BlobCloser> blob_;
  std::uint64_t size_;
  std::uint64_t offset_ = 0;
  std::vector<char> buffer_;
};

Result<sqlite3_blob*> open_blob(Database& db, bool write) {
  sqlite3_blob* blob = nullptr;
  const int rc =
      sqlite3_blob_open(db.handle(), "main", "rules_snapshot", "bytes", 1, write ? 1 : 0, &blob);
  if (rc != SQLITE_OK) {
    sqlite3_blob_close(blob);
    return fail(sqlite_error(db.handle(), rc, "opening the rule snapshot"));
  }
  return blob;
}

}  // namespace

BlobSource::BlobSource(sqlite3* db, sqlite3_blob* blob)
    : db_(db), blob_(blob), size_(static_cast<std::uint64_t>(sqlite3_blob_bytes(blob))) {}

Status BlobSource::read(std::span<char> out) {
  if (out.size() > remaining()) return fail(Error::permanent("the rule snapshot ends early"));
  while (!out.empty()) {
    const std::size_t n = std::min<std::size_t>(out.size(), INT_MAX);
    const int rc =
        sqlite3_blob_read(blob_.get(), out.data(), static_cast<int>(n), static_cast<int>(offset_));
    if (rc != SQLITE_OK) return fail(sqlite_error(db_, rc, "reading the rule snapshot"));
    offset_ += n;
    out = out.subspan(n);
  }
  return {};
}

Result<std::optional<BlobSource>> RuleSnapshotRepository::open(std::string_view fingerprint) {
  PW_TRY_ASSIGN(auto same,
                first_int(db_.query("SELECT COUNT(*) FROM rules_snapshot WHERE fingerprint = ?1",
                                    fingerprint)));
  if (same == 0) return std::optional<BlobSource>();
  PW_TRY_ASSIGN(auto* blob, open_blob(db_, false));
  return std::optional<BlobSource>(BlobSource(db_.handle(), blob));
}

Status RuleSnapshotRepository::save(std::string_view fingerprint, std::uint64_t size,
                                    const std::function<Status(ByteSink&)>& write) {
  const auto limit =
      static_cast<std::uint64_t>(sqlite3_limit(db_.handle(), SQLITE_LIMIT_LENGTH, -1));
  if (size > limit) {
    return fail(Error::transient(fmt::format(
        "the rule snapshot ({} bytes) is larger than SQLite's limit ({})", size, limit)));
  }
  PW_TRY_ASSIGN(auto tx, Transaction::begin(db_));
  PW_TRY(
      db_.run("INSERT OR REPLACE INTO rules_snapshot (id, fingerprint, bytes)"
              " VALUES (1, ?1, zeroblob(?2))",
              fingerprint, static_cast<std::int64_t>(size)));
  {
    PW_TRY_ASSIGN(auto* blob, open_blob(db_, true));
    BlobSink sink(db_.handle(), blob);
    PW_TRY(write(sink));
    PW_TRY(sink.finish());
  }
  return tx.commit();
}

Result<bool> RuleSnapshotRepository::stored() {
  PW_TRY_ASSIGN(auto n, first_int(db_.query("SELECT COUNT(*) FROM rules_snapshot")));
  return n > 0;
}

Status RuleSnapshotRepository::clear() {
  return db_.run("DELETE FROM rules_snapshot");
}

}  // namespace pw::storage
