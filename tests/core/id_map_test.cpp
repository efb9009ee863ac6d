#include "core/id_map.hpp"

#include <cstdint>
#include <map>
#include <random>
#include <stdexcept>

#include <gtest/gtest.h>

namespace pw {
namespace {

std::map<std::int64_t, int> contents(const IdMap<int>& m) {
  std::map<std::int64_t, int> out;
  m.for_each([&out](std::int64_t id, int v) { EXPECT_TRUE(out.emplace(id, v).second); });
  return out;
}

TEST(IdMap, FindsInsertsReplacesAndErases) {
  IdMap<int> m;
  EXPECT_EQ(m.find(7), nullptr);
  EXPECT_FALSE(m.erase(7));
  EXPECT_TRUE(m.insert_or_assign(7, 70));
  EXPECT_TRUE(m.insert_or_assign(-3, 30));
  EXPECT_TRUE(m.insert_or_assign(0, 1));
  EXPECT_FALSE(m.insert_or_assign(7, 71));
  EXPECT_EQ(m.size(), 3u);
  ASSERT_NE(m.find(7), nullptr);
  EXPECT_EQ(*m.find(7), 71);
  EXPECT_EQ(*m.find(-3), 30);
  EXPECT_EQ(*m.find(0), 1);
  EXPECT_EQ(m.at(-3), 30);
  EXPECT_THROW((void)m.at(8), std::out_of_range);
  EXPECT_TRUE(m.erase(-3));
  EXPECT_FALSE(m.contains(-3));
  EXPECT_EQ(m.size(), 2u);
  EXPECT_EQ(contents(m), (std::map<std::int64_t, int>{{0, 1}, {7, 71}}));
  m.clear();
  EXPECT_TRUE(m.empty());
  EXPECT_EQ(m.find(7), nullptr);
}

// Random inserts and erasures, many colliding in a small table and wrapping
// round its end, agree with std::map at every step.
TEST(IdMap, AgreesWithAnOrderedMapUnderRandomChurn) {
  std::mt19937_64 random(42);
  for (const std::uint64_t range : {20u, 200u, 100'000u}) {
    IdMap<int> m;
    std::map<std::int64_t, int> expected;
    for (int step = 0; step < 20'000; ++step) {
      const auto id = static_cast<std::int64_t>(random() % range) - 5;
      if (random() % 3 == 0) {
        EXPECT_EQ(m.erase(id), expected.erase(id) == 1) << id;
      } else {
        EXPECT_EQ(m.insert_or_assign(id, step), expected.insert_or_assign(id, step).second) << id;
      }
      const auto probe = static_cast<std::int64_t>(random() % range) - 5;
      const auto it = expected.find(probe);
      const int* found = m.find(probe);
      ASSERT_EQ(found != nullptr, it != expected.end()) << probe;
      if (found != nullptr) {
        EXPECT_EQ(*found, it->second);
      }
    }
    EXPECT_EQ(m.size(), expected.size());
    EXPECT_EQ(contents(m), expected);
  }
}

TEST(IdMap, ReserveKeepsEntriesAndLeavesRoom) {
  IdMap<int> m;
  for (int i = 1; i <= 100; ++i) m.insert_or_assign(i * 1'000'003LL, i);
  m.reserve(10'000);
  const std::size_t bytes = m.memory_bytes();
  for (int i = 101; i <= 10'000; ++i) m.insert_or_assign(i * 1'000'003LL, i);
  EXPECT_EQ(m.memory_bytes(), bytes);
  for (int i = 1; i <= 10'000; ++i) ASSERT_EQ(*m.find(i * 1'000'003LL), i);
}

}  // namespace
}  // namespace pw

namespace pw {
namespace {

std::string saved(const IdMap<int>& m) {
  StringSink sink;
  SnapshotWriter w(sink);
  m.save(w);
  EXPECT_TRUE(w.finish());
  return sink.bytes();
}

TEST(IdMap, ReadsBackWhatItSaved) {
  IdMap<int> m;
  for (std::int64_t id = -50; id < 3000; id += 3) m.insert_or_assign(id, static_cast<int>(id * 2));
  for (std::int64_t id = 1; id < 3000; id += 9) m.erase(id);
  const std::string bytes = saved(m);
  StringSource source(bytes);
  SnapshotReader r(source);
  IdMap<int> back;
  back.insert_or_assign(99'999, 1);  // replaced
  ASSERT_TRUE(back.restore(r));
  EXPECT_TRUE(r.finish());
  EXPECT_EQ(contents(back), contents(m));
  EXPECT_EQ(back.size(), m.size());
  back.insert_or_assign(5'000, 7);  // still a working table
  EXPECT_EQ(*back.find(5'000), 7);
}

// The table is written as (id, value) slots and the count.
struct RawSlot {
  std::int64_t id;
  int value;
};

std::string raw_table(std::vector<RawSlot> slots, std::uint64_t count) {
  StringSink sink;
  SnapshotWriter w(sink);
  w.values(slots);
  w.u64(count);
  EXPECT_TRUE(w.finish());
  return sink.bytes();
}

TEST(IdMap, RefusesWhatIsNotATable) {
  const auto empty = IdMap<int>::kNoId;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"three slots", raw_table({{1, 1}, {empty, 0}, {empty, 0}}, 1)},
      {"a wrong count", raw_table({{1, 1}, {empty, 0}, {empty, 0}, {empty, 0}}, 2)},
      {"no free slot", raw_table({{1, 1}, {2, 2}, {3, 3}, {4, 4}}, 4)},
  };
  for (const auto& [what, bytes] : cases) {
    StringSource source(bytes);
    SnapshotReader r(source);
    IdMap<int> m;
    m.insert_or_assign(1, 1);
    EXPECT_FALSE(m.restore(r)) << what;
    EXPECT_TRUE(m.empty()) << what;
    EXPECT_EQ(r.error().message, "an id table is not one") << what;
  }
}

}  // namespace
}  // namespace pw
