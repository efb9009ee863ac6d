#include "deliver/local_sink.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include "core/unique_fd.hpp"

namespace pw::deliver {
namespace {

namespace fs = std::filesystem;

Error io_error(const fs::path& p, std::string_view what) {
  return Error::transient(fmt::format("{} {}: {}", what, p.string(), std::strerror(errno)));
}

Status write_all(int fd, std::string_view data, const fs::path& p) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail(io_error(p, "cannot write"));
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

Status sync_dir(const fs::path& dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0 || ::fsync(fd.get()) != 0) return fail(io_error(dir, "cannot sync"));
  return {};
}

}  // namespace

Status write_atomically(const fs::path& tmp_dir, const fs::path& target, std::string_view data) {
  std::error_code ec;
  fs::create_directories(tmp_dir, ec);
  fs::create_directories(target.parent_path(), ec);
  if (ec)
    return fail(Error::transient(
        fmt::format("cannot create {}: {}", target.parent_path().string(), ec.message())));
  const fs::path tmp = tmp_dir / (target.filename().string() + ".tmp");
  {
    UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640));
    if (fd.get() < 0) return fail(io_error(tmp, "cannot create"));
    PW_TRY(write_all(fd.get(), data, tmp));
    if (::fsync(fd.get()) != 0) return fail(io_error(tmp, "cannot sync"));
  }
  if (::rename(tmp.c_str(), target.c_str()) != 0) return fail(io_error(target, "cannot rename to"));
  return sync_dir(target.parent_path());
}

fs::path LocalSink::path_for(const storage::OutboxRecord& row) const {
  if (row.channel == storage::Channel::kWebhook) {
    return dir_ / "webhooks" / fmt::format("outbox-{:06}.json", row.id);
  }
  return dir_ / "mail" / "new" / fmt::format("outbox-{:06}.eml", row.id);
}

Status LocalSink::deliver(const storage::OutboxRecord& row) const {
  const fs::path target = path_for(row);
  const fs::path tmp_dir = row.channel == storage::Channel::kWebhook ? dir_ / "webhooks" / ".tmp"
                                                                     : dir_ / "mail" / "tmp";
  if (row.channel == storage::Channel::kEmail) {
    std::error_code ec;
    fs::create_directories(dir_ / "mail" / "cur", ec);
  }
  return write_atomically(tmp_dir, target, row.body);
}

SendResult LocalSinkSender::send(const storage::OutboxRecord& row, const storage::UserRecord&,
                                 std::int64_t) {
  if (auto ok = sink_.deliver(row); !ok) {
    return SendResult{SendOutcome::kRetry, ok.error().message, std::nullopt};
  }
  return SendResult{SendOutcome::kSent, sink_.path_for(row).string(), std::nullopt};
}

}  // namespace pw::deliver
