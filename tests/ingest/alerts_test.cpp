#include "ingest/alerts.hpp"

#include <gtest/gtest.h>

#include "parse/transcript_parser.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw::ingest {
namespace {

// On a real sitting: an item and the next are in one debate exactly when
// the next has the same headings (two speeches) or sits under the first
// (a heading and its first speech); a new heading starts another debate.
TEST(DebateNumbers, FollowTheHeadingChainsOfARealSitting) {
  const auto t =
      parse::parse_transcript("debates2009-10-27d.xml", test::read_data("debates2009-10-27d.xml"));
  ASSERT_TRUE(t);
  const auto numbers = debate_numbers(*t);
  ASSERT_EQ(numbers.size(), t->items.size());
  const auto chain = [&](const Item& item) {
    auto headings = item.headings;
    if (is_heading(item.kind)) headings.push_back(item.text);
    return headings;
  };
  std::size_t same = 0;
  std::size_t different = 0;
  for (std::size_t i = 0; i + 1 < t->items.size(); ++i) {
    const bool one_debate = chain(t->items[i]) == chain(t->items[i + 1]);
    EXPECT_EQ(numbers[i] == numbers[i + 1], one_debate) << t->items[i + 1].gid;
    (one_debate ? same : different)++;
  }
  EXPECT_GT(same, 100u);
  EXPECT_GT(different, 20u);
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    for (std::size_t j = i + 1; j < numbers.size(); ++j) {
      if (numbers[i] == numbers[j]) {
        EXPECT_EQ(chain(t->items[i]), chain(t->items[j]));
      }
    }
  }
}

}  // namespace
}  // namespace pw::ingest
