#include "rules/list_arena.hpp"

#include <random>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace pw::rules {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;

std::vector<int> list(const ListArena<int>& arena, std::size_t i) {
  const auto l = arena[i];
  return {l.begin(), l.end()};
}

TEST(ListArena, ListsGrowIndependently) {
  ListArena<int> arena;
  arena.add_list();
  arena.add_list();
  EXPECT_THAT(list(arena, 0), IsEmpty());
  for (int k = 0; k < 5; ++k) {
    arena.push(0, k);
    arena.push(1, 10 * k);
  }
  EXPECT_THAT(list(arena, 0), ElementsAre(0, 1, 2, 3, 4));
  EXPECT_THAT(list(arena, 1), ElementsAre(0, 10, 20, 30, 40));

  arena.erase_if(0, [](int v) { return v % 2 == 1; });
  EXPECT_THAT(list(arena, 0), ElementsAre(0, 2, 4));
  for (int& v : arena.mutable_list(1)) v += 1;
  EXPECT_THAT(list(arena, 1), ElementsAre(1, 11, 21, 31, 41));
  arena.clear(1);
  EXPECT_THAT(list(arena, 1), IsEmpty());
  arena.push(1, 7);
  EXPECT_THAT(list(arena, 1), ElementsAre(7));
  EXPECT_THAT(list(arena, 0), ElementsAre(0, 2, 4));
}

// Random pushes, erasures and clears on many lists, through moves and
// compactions, against a vector of vectors.
TEST(ListArena, AgreesWithVectorsThroughMovesAndCompaction) {
  constexpr std::size_t kLists = 300;
  ListArena<int> arena;
  std::vector<std::vector<int>> want(kLists);
  for (std::size_t i = 0; i < kLists; ++i) arena.add_list();
  std::mt19937 rng(7);
  for (int step = 0; step < 200'000; ++step) {
    const std::size_t i = rng() % kLists;
    const auto op = rng() % 100;
    if (op < 90) {
      arena.push(i, step);
      want[i].push_back(step);
    } else if (op < 98) {
      const int cut = step - static_cast<int>(rng() % 5000);
      arena.erase_if(i, [cut](int v) { return v < cut; });
      std::erase_if(want[i], [cut](int v) { return v < cut; });
    } else {
      arena.clear(i);
      want[i].clear();
    }
  }
  std::size_t live = 0;
  for (std::size_t i = 0; i < kLists; ++i) {
    ASSERT_THAT(list(arena, i), ElementsAreArray(want[i])) << i;
    live += want[i].size();
  }
  // Compaction keeps the buffer within a few times what the lists hold.
  EXPECT_LT(arena.memory_bytes(), 8 * live * sizeof(int) + 64 * 1024);
}

TEST(ListArena, ReadsBackWhatItSaved) {
  ListArena<int> arena;
  for (int i = 0; i < 50; ++i) arena.add_list();
  for (int v = 0; v < 5000; ++v) arena.push(static_cast<std::size_t>(v * 7 % 50), v);
  arena.clear(3);
  arena.erase_if(4, [](int v) { return v % 2 == 0; });
  StringSink sink;
  SnapshotWriter w(sink);
  arena.save(w);
  ASSERT_TRUE(w.finish());
  StringSource source(sink.bytes());
  SnapshotReader r(source);
  ListArena<int> back;
  ASSERT_TRUE(back.restore(r));
  ASSERT_TRUE(r.finish());
  ASSERT_EQ(back.size(), arena.size());
  for (std::size_t i = 0; i < arena.size(); ++i)
    EXPECT_THAT(list(back, i), ElementsAreArray(list(arena, i))) << i;
  back.push(3, -1);  // lists still grow
  back.push(4, -2);
  EXPECT_THAT(list(back, 3), ElementsAre(-1));
  EXPECT_EQ(list(back, 4).back(), -2);
}

// The lists are written as references (offset, size), rooms, the buffer and
// the abandoned room.
struct RawRef {
  std::uint32_t offset;
  std::uint32_t size;
};

std::string raw_arena(std::vector<RawRef> refs, std::vector<std::uint32_t> rooms,
                      std::vector<int> items) {
  StringSink sink;
  SnapshotWriter w(sink);
  w.values(refs);
  w.values(rooms);
  w.values(items);
  w.u64(0);
  EXPECT_TRUE(w.finish());
  return sink.bytes();
}

TEST(ListArena, RefusesListsOutsideTheirBuffer) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"past the end", raw_arena({{2, 1}}, {2}, {1, 2, 3})},
      {"longer than its room", raw_arena({{0, 3}}, {2}, {1, 2, 3})},
      {"rooms not one a list", raw_arena({{0, 1}}, {1, 1}, {1, 2, 3})},
      {"offset wrapping round", raw_arena({{0xffffffffu, 0}}, {2}, {1, 2, 3})},
  };
  for (const auto& [what, bytes] : cases) {
    StringSource source(bytes);
    SnapshotReader r(source);
    ListArena<int> arena;
    arena.add_list();
    EXPECT_FALSE(arena.restore(r)) << what;
    EXPECT_EQ(arena.size(), 0u) << what;
    EXPECT_EQ(r.error().message, "a list lies outside its buffer") << what;
  }
  const std::string bytes = raw_arena({{1, 1}}, {2}, {1, 2, 3});
  StringSource fine(bytes);
  SnapshotReader r(fine);
  ListArena<int> arena;
  ASSERT_TRUE(arena.restore(r));
  EXPECT_THAT(list(arena, 0), ElementsAre(2));
}

}  // namespace
}  // namespace pw::rules
