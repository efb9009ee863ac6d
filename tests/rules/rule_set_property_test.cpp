#include <algorithm>

#include <gtest/gtest.h>

#include "bench/rule_generator.hpp"
#include "parse/members.hpp"
#include "parse/transcript_parser.hpp"
#include "rules/rule_set.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw::rules {
namespace {

std::vector<Transcript> fixture_week() {
  parse::Members members;
  EXPECT_TRUE(parse::load_people_xml(test::read_data("people.xml"), members));
  EXPECT_TRUE(parse::load_all_members_xml(test::read_data("all-members.xml"), members));
  std::vector<Transcript> out;
  for (const char* f :
       {"debates2009-10-27d.xml", "westminster2009-10-29a.xml", "answers2009-10-28c.xml",
        "ministerial2009-10-26c.xml", "daylord2009-10-29a.xml", "debates2007-11-26a.xml"}) {
    auto t = parse::parse_transcript(f, test::read_data(f));
    EXPECT_TRUE(t) << f;
    parse::resolve_speakers(*t, members);
    out.push_back(std::move(*t));
  }
  return out;
}

// The index may only skip rules that cannot match: for random rules of
// every kind, its answers must equal checking every rule on every item.
TEST(RuleSetProperty, IndexedMatchingEqualsTheNaiveLoopOnRandomRules) {
  const auto week = fixture_week();
  const auto vocabulary = bench::vocabulary_of(week);
  ASSERT_GT(vocabulary.words.size(), 1000u);
  for (const std::uint32_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE(seed);
    bench::RuleGenerator gen(vocabulary, seed);
    Analyzer analyzer;
    RuleSet set;
    for (std::int64_t id = 1; id <= 1500; ++id) {
      const std::string text = gen.next();
      auto q = parse_query(text);
      ASSERT_TRUE(q) << text << ": " << q.error().message;
      ASSERT_TRUE(set.add(id, *q, analyzer)) << text;
    }
    for (std::int64_t id = 1; id <= 1500; id += 7) set.remove(id);  // churn
    MatchContext ctx;
    std::size_t total = 0;
    for (const auto& t : week) {
      for (const auto& item : t.items) {
        std::vector<std::int64_t> indexed;
        std::vector<std::int64_t> naive;
        set.match(item, t.section, ctx, indexed);
        set.match_all_rules(item, t.section, ctx, naive);
        std::sort(indexed.begin(), indexed.end());
        std::sort(naive.begin(), naive.end());
        ASSERT_EQ(indexed, naive) << item.gid;
        total += naive.size();
      }
    }
    EXPECT_GT(total, 1000u);  // the rules do match: the comparison is not vacuous
  }
}

}  // namespace
}  // namespace pw::rules
