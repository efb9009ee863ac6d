// Vote lines on the real 2023 file: expected votes read from the file with
// Python's XML reader (see the comments), not from parlwatch's parser.
#include "ingest/votes.hpp"

#include <gtest/gtest.h>

#include "parse/transcript_parser.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw::ingest {
namespace {

const Transcript& march_2023() {
  static const Transcript t = [] {
    auto parsed = parse::parse_transcript("debates2023-03-28d.xml",
                                          test::read_data("debates2023-03-28d.xml"));
    EXPECT_TRUE(parsed);
    return std::move(*parsed);
  }();
  return t;
}

std::vector<const Item*> divisions() {
  std::vector<const Item*> out;
  for (const auto& item : march_2023().items) {
    if (item.division) out.push_back(&item);
  }
  return out;
}

std::string person(int n) {
  return "uk.org.publicwhip/person/" + std::to_string(n);
}

TEST(Votes, TheFileHasFiveDivisionsWithTheirNumbersAndResults) {
  const auto d = divisions();
  ASSERT_EQ(d.size(), 5u);
  EXPECT_EQ(d[0]->division->number, 203);
  EXPECT_EQ(division_result(*d[0]->division), "Ayes 242, Noes 309: the Noes have it");
  EXPECT_EQ(division_result(*d[1]->division), "Ayes 302, Noes 242: the Ayes have it");
  int proxies = 0;
  for (const auto* item : d) {
    for (const auto& v : item->division->votes) proxies += v.proxy.empty() ? 0 : 1;
  }
  EXPECT_EQ(proxies, 60);  // grep -c 'proxy=' on the file: 12 per division
}

TEST(Votes, AyeNoAndAbsentForAMemberWhoSpoke) {
  // Jim Shannon: no, (not listed), aye, aye, aye.
  const parse::Members none;
  const auto d = divisions();
  const char* expected[] = {"no", "absent", "aye", "aye", "aye"};
  for (std::size_t i = 0; i < d.size(); ++i) {
    const auto line = vote_line(*d[i], person(13864), march_2023(), none);
    EXPECT_EQ(line.vote, expected[i]) << i;
    EXPECT_FALSE(line.teller);
    EXPECT_EQ(line.proxy, "");
    EXPECT_EQ(line.division_gid, d[i]->gid);
  }
  EXPECT_EQ(vote_line(*d[0], person(13864), march_2023(), none).subject,
            "Illegal Migration Bill > Clause 2 - Duty to make arrangements for removal");
}

TEST(Votes, ProxyVotesNameTheirHolderAndTellersAreMarked) {
  const parse::Members none;
  const auto d = divisions();
  // Diane Abbott's vote in 203: aye, cast by person 25856 (Bell Ribeiro-Addy).
  const auto abbott = vote_line(*d[0], person(10001), march_2023(), none);
  EXPECT_EQ(abbott.vote, "aye");
  EXPECT_EQ(abbott.proxy, "Bell Ribeiro-Addy");
  // Marion Fellows (25277) told for the ayes in 203.
  const auto fellows = vote_line(*d[0], person(25277), march_2023(), none);
  EXPECT_EQ(fellows.vote, "aye");
  EXPECT_TRUE(fellows.teller);
}

TEST(Votes, LordsDivisionsReadAsContentsAndNotContents) {
  auto t =
      parse::parse_transcript("daylord2009-10-29a.xml", test::read_data("daylord2009-10-29a.xml"));
  ASSERT_TRUE(t);
  for (const auto& item : t->items) {
    if (item.division) {
      EXPECT_EQ(division_result(*item.division),
                "Contents 56, Not-contents 74: the Not-contents have it");
    }
  }
}

}  // namespace
}  // namespace pw::ingest
