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

// The index may only skip rules that cannot match, and rules that share a
// query must each be reported: for random rules of every kind, a third of
// them repeated under other ids, with churn, the indexed answers must equal
// checking every rule on every item, and those of a reference set in which
// no two rules share a query ("(Q) OR <a word no text has>" means Q).
TEST(RuleSetProperty, IndexedMatchingEqualsTheNaiveLoopOnRandomRules) {
  const auto week = fixture_week();
  const auto vocabulary = bench::vocabulary_of(week);
  ASSERT_GT(vocabulary.words.size(), 1000u);
  for (const std::uint32_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE(seed);
    bench::RuleGenerator gen(vocabulary, seed);
    Analyzer analyzer;
    RuleSet set;
    RuleSet reference;
    std::vector<std::string> texts;
    auto add = [&](std::int64_t id, const std::string& text) {
      auto q = parse_query(text);
      ASSERT_TRUE(q) << text << ": " << q.error().message;
      ASSERT_TRUE(set.add(id, *q, analyzer)) << text;
      auto unique = parse_query("(" + text + ") OR zzqx" + std::to_string(id));
      ASSERT_TRUE(unique) << text;
      ASSERT_TRUE(reference.add(id, *unique, analyzer)) << text;
    };
    for (std::int64_t id = 1; id <= 1500; ++id) {
      texts.push_back(gen.next());
      add(id, texts.back());
    }
    for (std::int64_t id = 1501; id <= 2000; ++id)
      add(id, texts[static_cast<std::size_t>(id % 1500)]);
    ASSERT_LT(set.query_count(), set.size());
    for (std::int64_t id = 1; id <= 2000; id += 7) {  // churn
      set.remove(id);
      reference.remove(id);
    }
    MatchContext ctx;
    MatchContext reference_ctx;
    std::size_t total = 0;
    for (const auto& t : week) {
      for (const auto& item : t.items) {
        std::vector<std::int64_t> indexed;
        std::vector<std::int64_t> naive;
        std::vector<std::int64_t> expected;
        set.match(item, t.section, ctx, indexed);
        set.match_all_rules(item, t.section, ctx, naive);
        reference.match(item, t.section, reference_ctx, expected);
        std::sort(indexed.begin(), indexed.end());
        std::sort(naive.begin(), naive.end());
        std::sort(expected.begin(), expected.end());
        ASSERT_EQ(indexed, naive) << item.gid;
        ASSERT_EQ(indexed, expected) << item.gid;
        total += naive.size();
      }
    }
    EXPECT_GT(total, 1000u);  // the rules do match: the comparison is not vacuous
  }
}

}  // namespace
}  // namespace pw::rules
