#include "ingest/file_io.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <tuple>

#include <fmt/format.h>

#include "core/crypto.hpp"
#include "core/gid.hpp"

namespace pw {

namespace fs = std::filesystem;

Result<std::string> read_file(const fs::path& path, std::size_t max_bytes) {
  std::error_code ec;
  if (fs::is_directory(path, ec))
    return fail(Error::invalid(fmt::format("{}: is a directory", path.string())));
  const auto size = fs::file_size(path, ec);
  if (ec) return fail(Error::invalid(fmt::format("{}: {}", path.string(), ec.message())));
  if (size > max_bytes) {
    return fail(Error::invalid(
        fmt::format("{}: {} bytes, more than the limit of {}", path.string(), size, max_bytes)));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Error::invalid(fmt::format("{}: cannot open", path.string())));
  std::string bytes(size, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  std::array<char, 1 << 16> chunk{};
  while (in && bytes.size() <= max_bytes) {  // it may have grown since its size was read
    in.read(chunk.data(), chunk.size());
    bytes.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) return fail(Error::invalid(fmt::format("{}: read error", path.string())));
  if (bytes.size() > max_bytes) {
    return fail(Error::invalid(
        fmt::format("{}: more than the limit of {} bytes", path.string(), max_bytes)));
  }
  return bytes;
}

std::string sha256_hex(std::string_view data) {
  return hex_of(digest_bytes(sha256(data)));
}

namespace {

auto order_key(const fs::path& p) {
  const auto name = parse_transcript_name(p.filename().string());
  const std::string date = name ? name->date : std::string();
  const int section = name ? static_cast<int>(name->section) : -1;
  const std::int64_t rank = name ? version_rank(name->version) : 0;
  return std::make_tuple(date, section, rank, p.string());
}

}  // namespace

std::vector<fs::path> transcript_files(const std::vector<std::string>& paths) {
  std::vector<fs::path> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (!fs::is_directory(p, ec)) {
      files.emplace_back(p);
      continue;
    }
    for (const auto& entry : fs::directory_iterator(p, ec)) {
      if (entry.is_regular_file() && parse_transcript_name(entry.path().filename().string())) {
        files.push_back(entry.path());
      }
    }
  }
  std::sort(files.begin(), files.end(),
            [](const fs::path& a, const fs::path& b) { return order_key(a) < order_key(b); });
  return files;
}

}  // namespace pw
