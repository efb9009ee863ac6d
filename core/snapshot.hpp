#pragma once

#include <utility>

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/result.hpp"

namespace pw {

// Where a snapshot's bytes go, in pieces of any size.
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual Status write(std::span<const char> bytes) = 0;
};

// Where a snapshot's bytes come from. read() fills all of `out` or fails.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual Status read(std::span<char> out) = 0;
  // Bytes left to read.
  virtual std::uint64_t remaining() const = 0;
};

// Bytes kept in a string: for tests, and for counting a snapshot's size
// (keep = false) before it is written where it must be sized first.
class StringSink : public ByteSink {
 public:
  explicit StringSink(bool keep = true) : keep_(keep) {}
  Status write(std::span<const char> bytes) override;
  const std::string& bytes() const { return bytes_; }
  std::uint64_t size() const { return size_; }

 private:
  bool keep_;
  std::string bytes_;
  std::uint64_t size_ = 0;
};

class StringSource : public ByteSource {
 public:
  explicit StringSource(std::string_view bytes) : bytes_(bytes) {}
  Status read(std::span<char> out) override;
  std::uint64_t remaining() const override { return bytes_.size(); }

 private:
  std::string_view bytes_;
};

// Writes a snapshot of in-memory tables: numbers, strings and arrays of
// plain values, each array as its length and raw bytes (this machine's
// layout: a snapshot is read back only by the same build, which its
// header must say). Every field is folded into a checksum, which finish()
// appends. The first failure of the sink sticks; finish() returns it.
class SnapshotWriter {
 public:
  explicit SnapshotWriter(ByteSink& sink) : sink_(sink) {}

  void u64(std::uint64_t v) { bytes({reinterpret_cast<const char*>(&v), sizeof v}); }
  void string(std::string_view s) {
    u64(s.size());
    bytes(s);
  }
  void strings(const std::vector<std::string>& v);
  template <typename T>
  void values(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    u64(v.size());
    bytes({reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T)});
  }
  // Appends the checksum; the sink's first failure, if any.
  Status finish();

 private:
  void bytes(std::string_view b);
  ByteSink& sink_;
  Status status_;
  std::uint64_t sum_ = 0;
};

// Reads what a SnapshotWriter wrote, field by field. A read past the end,
// an array longer than the bytes left, or a source failure makes this and
// every later read return false; error() then says why. finish() checks
// the checksum and that nothing is left over.
class SnapshotReader {
 public:
  explicit SnapshotReader(ByteSource& source) : source_(source) {}

  bool u64(std::uint64_t& v) { return bytes({reinterpret_cast<char*>(&v), sizeof v}); }
  bool string(std::string& s);
  bool strings(std::vector<std::string>& v);
  template <typename T>
  bool values(std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    std::uint64_t n = 0;
    if (!u64(n) || !fits(n, sizeof(T))) return false;
    v.resize(n);
    return bytes({reinterpret_cast<char*>(v.data()), v.size() * sizeof(T)});
  }
  // Marks the snapshot bad (a value out of range); returns false.
  bool reject(std::string why);
  // Whether every read succeeded, the checksum matches and no byte is left.
  Status finish();
  const Error& error() const { return error_; }
  bool ok() const { return ok_; }

 private:
  bool bytes(std::span<char> out);
  // True if `n` elements of `size` bytes can be left to read.
  bool fits(std::uint64_t n, std::size_t size);
  ByteSource& source_;
  bool ok_ = true;
  Error error_ = Error::permanent("");
  std::uint64_t sum_ = 0;
};

}  // namespace pw
