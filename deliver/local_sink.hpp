#pragma once

#include <filesystem>
#include <string_view>

#include "core/result.hpp"
#include "deliver/sender.hpp"
#include "storage/records.hpp"

namespace pw::deliver {

// Writes `data` to `target` through a file in `tmp_dir` (same file system),
// flushed and renamed, and syncs the folder: after a crash the old file or
// the new one is there, never part of either. Transient errors.
Status write_atomically(const std::filesystem::path& tmp_dir, const std::filesystem::path& target,
                        std::string_view data);

// Delivers outbox rows into a local folder instead of the network, for the
// demo and for operators trying parlwatch out:
//   DIR/mail/new/outbox-<id>.eml      emails, in a Maildir (tmp/, new/, cur/)
//   DIR/webhooks/outbox-<id>.json     webhook documents
// Each file is written to a temporary name, flushed to disk and renamed,
// so a reader never sees half a message. Names derive from the outbox id,
// so delivering a row again replaces the same file instead of adding one.
class LocalSink {
 public:
  explicit LocalSink(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // Writes one row. Returns a transient error if the folder is unwritable.
  Status deliver(const storage::OutboxRecord& row) const;

  // The file a row is (or would be) delivered to.
  std::filesystem::path path_for(const storage::OutboxRecord& row) const;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

// The local sink as a Sender, for both channels: a write that fails is
// retried.
class LocalSinkSender final : public Sender {
 public:
  explicit LocalSinkSender(const LocalSink& sink) : sink_(sink) {}
  SendResult send(const storage::OutboxRecord& row, const storage::UserRecord& user,
                  std::int64_t now) override;

 private:
  const LocalSink& sink_;
};

}  // namespace pw::deliver
