#include "core/snapshot.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace pw {
namespace {

constexpr std::uint64_t kMul = 0x9e3779b97f4a7c15ULL;

std::uint64_t mix(std::uint64_t h) {
  h ^= h >> 31;
  h *= 0xbf58476d1ce4e5b9ULL;
  return h ^ (h >> 29);
}

std::uint64_t word_at(const char* p) {
  std::uint64_t w = 0;
  std::memcpy(&w, p, sizeof w);
  return w;
}

// A checksum of `b`, four words at a time in four lanes (arrays of
// millions of entries are summed at memory speed), folded into `sum`.
std::uint64_t fold(std::uint64_t sum, std::string_view b) {
  std::array<std::uint64_t, 4> lane{sum, sum ^ kMul, ~sum, b.size()};
  std::size_t i = 0;
  for (; i + 32 <= b.size(); i += 32) {
    for (std::size_t k = 0; k < 4; ++k) lane[k] = (lane[k] ^ word_at(b.data() + i + 8 * k)) * kMul;
  }
  for (; i < b.size(); ++i) lane[0] = (lane[0] ^ static_cast<unsigned char>(b[i])) * kMul;
  std::uint64_t h = 0;
  for (const std::uint64_t l : lane) h = mix(h ^ l);
  return h;
}

}  // namespace

Status StringSink::write(std::span<const char> bytes) {
  size_ += bytes.size();
  if (keep_) bytes_.append(bytes.data(), bytes.size());
  return {};
}

Status StringSource::read(std::span<char> out) {
  if (out.size() > bytes_.size()) return fail(Error::permanent("the snapshot ends early"));
  std::copy_n(bytes_.data(), out.size(), out.data());
  bytes_.remove_prefix(out.size());
  return {};
}

void SnapshotWriter::bytes(std::string_view b) {
  sum_ = fold(sum_, b);
  if (status_) status_ = sink_.write(b);
}

void SnapshotWriter::strings(const std::vector<std::string>& v) {
  u64(v.size());
  for (const auto& s : v) string(s);
}

Status SnapshotWriter::finish() {
  const std::uint64_t sum = sum_;
  if (status_) status_ = sink_.write({reinterpret_cast<const char*>(&sum), sizeof sum});
  return status_;
}

bool SnapshotReader::bytes(std::span<char> out) {
  if (!ok_) return false;
  if (auto read = source_.read(out); !read) {
    ok_ = false;
    error_ = read.error();
    return false;
  }
  sum_ = fold(sum_, {out.data(), out.size()});
  return true;
}

bool SnapshotReader::fits(std::uint64_t n, std::size_t size) {
  if (ok_ && n <= source_.remaining() / size) return true;
  return reject(fmt::format("an array of {} entries is longer than the snapshot", n));
}

bool SnapshotReader::string(std::string& s) {
  std::uint64_t n = 0;
  if (!u64(n) || !fits(n, 1)) return false;
  s.resize(n);
  return bytes({s.data(), s.size()});
}

bool SnapshotReader::strings(std::vector<std::string>& v) {
  std::uint64_t n = 0;
  if (!u64(n) || !fits(n, sizeof(std::uint64_t))) return false;
  v.resize(n);
  return std::all_of(v.begin(), v.end(), [this](std::string& s) { return string(s); });
}

bool SnapshotReader::reject(std::string why) {
  if (ok_) error_ = Error::permanent(std::move(why));
  ok_ = false;
  return false;
}

Status SnapshotReader::finish() {
  const std::uint64_t expected = sum_;
  std::uint64_t stored = 0;
  if (ok_ && source_.read({reinterpret_cast<char*>(&stored), sizeof stored})) {
    if (stored != expected) reject("the snapshot's checksum does not match");
    if (source_.remaining() != 0) reject("the snapshot has bytes after its checksum");
  } else {
    reject("the snapshot ends before its checksum");
  }
  if (!ok_) return fail(error_);
  return {};
}

}  // namespace pw
