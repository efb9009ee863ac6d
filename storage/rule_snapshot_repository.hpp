#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/snapshot.hpp"
#include "storage/database.hpp"

namespace pw::storage {

struct BlobCloser {
  void operator()(sqlite3_blob* b) const { sqlite3_blob_close(b); }
};

// Reads an open blob from its start. The Database must outlive it.
class BlobSource : public ByteSource {
 public:
  BlobSource(sqlite3* db, sqlite3_blob* blob);
  Status read(std::span<char> out) override;
  std::uint64_t remaining() const override { return size_ - offset_; }

 private:
  sqlite3* db_;
  std::unique_ptr<sqlite3_blob, BlobCloser> blob_;
  std::uint64_t size_ = 0;
  std::uint64_t offset_ = 0;
};

// The compiled rules as one process left them (table rules_snapshot, one
// row), so that the next process to load the same rules reads them rather
// than compiling them all again. A snapshot belongs to the rules'
// fingerprint (SubscriptionRepository::fingerprint()) when it was made:
// every change to the rules changes that, and it never comes back, so a
// snapshot is either the current rules' or never used again. The Database
// must outlive it.
class RuleSnapshotRepository {
 public:
  explicit RuleSnapshotRepository(Database& db) : db_(db) {}

  // The saved snapshot's bytes if it was made at `fingerprint`; nullopt if
  // there is none or it was made at another. Inside a read transaction
  // that also read the fingerprint, it is those rules'.
  Result<std::optional<BlobSource>> open(std::string_view fingerprint);

  // Replaces the saved snapshot, in one transaction, with `size` bytes
  // that `write` puts in the sink it is given (they are written to their
  // place in the database piece by piece, never held whole). A transient
  // error if they are more than SQLite's largest value; `write` writing
  // another number of bytes is a permanent error, and nothing is saved.
  Status save(std::string_view fingerprint, std::uint64_t size,
              const std::function<Status(ByteSink&)>& write);

  // Whether a snapshot is saved, current or not.
  Result<bool> stored();
  // Deletes the saved snapshot, if any.
  Status clear();

 private:
  Database& db_;
};

}  // namespace pw::storage
