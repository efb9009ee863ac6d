#include "core/snapshot.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace pw {
namespace {

using ::testing::HasSubstr;

struct Pair {
  std::uint32_t a;
  std::uint32_t b;
};

std::string written() {
  StringSink sink;
  SnapshotWriter w(sink);
  w.u64(42);
  w.string("hello");
  w.strings({"", "two", std::string(300, 'x')});
  w.values(std::vector<Pair>{{1, 2}, {3, 4}, {5, 6}});
  EXPECT_TRUE(w.finish());
  return sink.bytes();
}

// The fields written(): read back into it; true if every read succeeded.
struct Fields {
  std::uint64_t n = 0;
  std::string s;
  std::vector<std::string> strings;
  std::vector<Pair> pairs;

  bool read(SnapshotReader& r) {
    return r.u64(n) && r.string(s) && r.strings(strings) && r.values(pairs);
  }
};

TEST(Snapshot, ReadsBackWhatWasWritten) {
  const std::string bytes = written();
  StringSource source(bytes);
  SnapshotReader r(source);
  Fields f;
  ASSERT_TRUE(f.read(r));
  EXPECT_TRUE(r.finish());
  EXPECT_EQ(f.n, 42u);
  EXPECT_EQ(f.s, "hello");
  EXPECT_EQ(f.strings, (std::vector<std::string>{"", "two", std::string(300, 'x')}));
  ASSERT_EQ(f.pairs.size(), 3u);
  EXPECT_EQ(f.pairs[2].a, 5u);
  EXPECT_EQ(f.pairs[2].b, 6u);
}

TEST(Snapshot, CountsWithoutKeeping) {
  StringSink counter(false);
  SnapshotWriter w(counter);
  w.string("hello");
  ASSERT_TRUE(w.finish());
  EXPECT_EQ(counter.size(), 8u + 5u + 8u);
  EXPECT_TRUE(counter.bytes().empty());
}

// Every byte of a snapshot counts: changed anywhere, it is refused, by a
// field's check or by the checksum.
TEST(Snapshot, AnyChangedByteIsRefused) {
  const std::string good = written();
  for (std::size_t i = 0; i < good.size(); ++i) {
    std::string bad = good;
    bad[i] = static_cast<char>(bad[i] ^ 0x10);
    StringSource source(bad);
    SnapshotReader r(source);
    Fields f;
    (void)f.read(r);
    EXPECT_FALSE(r.finish()) << "byte " << i;
    EXPECT_FALSE(r.ok());
  }
}

TEST(Snapshot, ASnapshotCutShortSaysSo) {
  const std::string good = written();
  StringSource source(std::string_view(good).substr(0, good.size() - 20));
  SnapshotReader r(source);
  Fields f;
  EXPECT_FALSE(f.read(r));
  auto done = r.finish();
  ASSERT_FALSE(done);
  EXPECT_THAT(done.error().message, HasSubstr("longer than the snapshot"));
}

TEST(Snapshot, AHugeLengthIsRefusedBeforeAnythingIsAllocated) {
  StringSink sink;
  SnapshotWriter w(sink);
  w.u64(std::uint64_t{1} << 60);
  ASSERT_TRUE(w.finish());
  StringSource source(sink.bytes());
  SnapshotReader r(source);
  std::vector<Pair> pairs;
  EXPECT_FALSE(r.values(pairs));
  EXPECT_TRUE(pairs.empty());
  EXPECT_THAT(r.error().message, HasSubstr("longer than the snapshot"));
}

TEST(Snapshot, BytesAfterTheChecksumAreRefused) {
  const std::string bytes = written() + "x";
  StringSource source(bytes);
  SnapshotReader r(source);
  Fields f;
  ASSERT_TRUE(f.read(r));
  auto done = r.finish();
  ASSERT_FALSE(done);
  EXPECT_THAT(done.error().message, HasSubstr("after its checksum"));
}

class FailingSink : public ByteSink {
 public:
  Status write(std::span<const char>) override {
    ++calls;
    return fail(Error::transient("disk full"));
  }
  int calls = 0;
};

TEST(Snapshot, TheSinksFirstFailureIsReportedAndNothingMoreIsWritten) {
  FailingSink sink;
  SnapshotWriter w(sink);
  w.u64(1);
  w.string("more");
  auto done = w.finish();
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().message, "disk full");
  EXPECT_EQ(done.error().kind, ErrorKind::kTransient);
  EXPECT_EQ(sink.calls, 1);
}

}  // namespace
}  // namespace pw
