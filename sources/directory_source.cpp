#include "sources/directory_source.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace pw::sources {
namespace {

namespace fs = std::filesystem;

std::int64_t mtime_seconds(const fs::path& p, std::error_code& ec) {
  const auto t = fs::last_write_time(p, ec);
  if (ec) return 0;
  const auto sys = std::chrono::file_clock::to_sys(t);
  return std::chrono::duration_cast<std::chrono::seconds>(sys.time_since_epoch()).count();
}

}  // namespace

DirectorySource::DirectorySource(std::string name, std::string path,
                                 std::vector<std::string> sections, std::uint64_t max_bytes)
    : name_(std::move(name)),
      path_(std::move(path)),
      sections_(std::move(sections)),
      max_bytes_(max_bytes) {}

Discovery DirectorySource::discover() {
  Discovery d;
  for (const auto& section : sections_) {
    const fs::path dir = fs::path(path_) / section;
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      d.errors.push_back(
          Error::transient(fmt::format("source {}: {}: {}", name_, dir.string(), ec.message())));
      continue;
    }
    for (const auto& entry : it) {
      if (!entry.is_regular_file(ec)) continue;
      const auto t = mtime_seconds(entry.path(), ec);
      if (ec) continue;
      d.files.push_back(RemoteFile{section, entry.path().filename().string(), t});
    }
  }
  return d;
}

Result<Fetched> DirectorySource::fetch(const RemoteFile& file, const Validators* known) {
  const fs::path p = fs::path(path_) / file.section / file.name;
  Fetched f;
  f.location = p.string();
  f.validators.changed_at = file.changed_at;
  if (known != nullptr && known->changed_at == file.changed_at && file.changed_at > 0) {
    f.not_modified = true;
    return f;
  }
  std::error_code ec;
  const auto size = fs::file_size(p, ec);
  const auto where = fmt::format("source {}: {}", name_, p.string());
  if (ec) return fail(Error::transient(fmt::format("{}: {}", where, ec.message())));
  if (size > max_bytes_) {
    return fail(Error::permanent(
        fmt::format("{}: {} bytes, over the {} byte cap", where, size, max_bytes_)));
  }
  std::ifstream in(p, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) return fail(Error::transient(where + ": cannot read"));
  f.body = std::move(bytes).str();
  return f;
}

}  // namespace pw::sources
