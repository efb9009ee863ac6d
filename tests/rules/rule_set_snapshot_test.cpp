#include <algorithm>

#include <gtest/gtest.h>

#include "bench/rule_generator.hpp"
#include "parse/members.hpp"
#include "parse/transcript_parser.hpp"
#include "rules/rule_set.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw::rules {
namespace {

std::vector<Transcript> transcripts() {
  parse::Members members;
  EXPECT_TRUE(parse::load_people_xml(test::read_data("people.xml"), members));
  EXPECT_TRUE(parse::load_all_members_xml(test::read_data("all-members.xml"), members));
  std::vector<Transcript> out;
  for (const char* f : {"debates2009-10-27d.xml", "westminster2009-10-29a.xml"}) {
    auto t = parse::parse_transcript(f, test::read_data(f));
    EXPECT_TRUE(t) << f;
    parse::resolve_speakers(*t, members);
    out.push_back(std::move(*t));
  }
  return out;
}

std::string saved(const RuleSet& set) {
  StringSink sink;
  SnapshotWriter w(sink);
  set.save(w);
  EXPECT_TRUE(w.finish());
  return sink.bytes();
}

std::vector<std::int64_t> matched(const RuleSet& set, const Item& item, const Transcript& t,
                                  MatchContext& ctx) {
  std::vector<std::int64_t> ids;
  set.match(item, Sitting(t.section, t.date), ctx, ids);
  std::sort(ids.begin(), ids.end());
  return ids;
}

// Every item of `days` gets the same rules from both sets; returns how many.
std::size_t expect_same_answers(const RuleSet& a, const RuleSet& b,
                                const std::vector<Transcript>& days) {
  MatchContext ca;
  MatchContext cb;
  std::size_t total = 0;
  for (const auto& t : days) {
    for (const auto& item : t.items) {
      const auto want = matched(a, item, t, ca);
      EXPECT_EQ(matched(b, item, t, cb), want) << item.gid;
      total += want.size();
    }
  }
  return total;
}

void add(RuleSet& set, std::int64_t id, const std::string& text, Analyzer& analyzer) {
  auto q = parse_query(text);
  ASSERT_TRUE(q) << text;
  ASSERT_TRUE(set.add(id, *q, analyzer)) << text;
}

// A set read back from its snapshot answers every item as the one saved
// (rules of every kind, a third sharing their query with another, some
// removed), and goes on taking and dropping rules as that one does.
TEST(RuleSetSnapshot, ARestoredSetMatchesAsTheSavedOne) {
  const auto days = transcripts();
  const auto vocabulary = bench::vocabulary_of(days);
  bench::RuleGenerator gen(vocabulary, 5);
  Analyzer analyzer;
  RuleSet set;
  std::vector<std::string> texts;
  for (std::int64_t id = 1; id <= 1500; ++id) {
    texts.push_back(gen.next());
    add(set, id, texts.back(), analyzer);
  }
  for (std::int64_t id = 1501; id <= 2000; ++id)
    add(set, id, texts[static_cast<std::size_t>(id % 1500)], analyzer);
  for (std::int64_t id = 1; id <= 2000; id += 7) set.remove(id);

  const std::string bytes = saved(set);
  StringSource source(bytes);
  SnapshotReader r(source);
  RuleSet back;
  ASSERT_TRUE(back.restore(r)) << r.error().message;
  ASSERT_TRUE(r.finish());
  EXPECT_EQ(back.size(), set.size());
  EXPECT_EQ(back.query_count(), set.query_count());
  EXPECT_EQ(back.term_count(), set.term_count());
  EXPECT_EQ(back.catch_all_size(), set.catch_all_size());
  EXPECT_GT(expect_same_answers(set, back, days), 1000u);

  for (std::int64_t id = 2001; id <= 2300; ++id) {
    const std::string text = id % 2 == 0 ? gen.next() : texts[static_cast<std::size_t>(id % 700)];
    add(set, id, text, analyzer);
    add(back, id, text, analyzer);
  }
  for (std::int64_t id = 3; id <= 2300; id += 11) {
    EXPECT_EQ(set.remove(id), back.remove(id)) << id;
  }
  EXPECT_GT(expect_same_answers(set, back, days), 1000u);
}

// A snapshot with any byte changed is refused by its checksum; before that
// is read, the set must already have refused it or be safe to match with:
// no node, list or slot may point outside the set (ASan and UBSan run this).
TEST(RuleSetSnapshot, ADamagedSnapshotNeverLeadsMatchingAstray) {
  auto days = transcripts();
  days.resize(1);
  days.front().items.resize(40);
  Analyzer analyzer;
  RuleSet set;
  const std::vector<std::string> rules = {
      "trafficking",
      "\"human trafficking\"",
      "police NEAR/5 gangs",
      "\"organised crime\" NEAR/8 police",
      "(nhs OR hospital) -dental",
      "speaker:10040",
      "section:wrans pensions",
      "party:Labour schools",
      "20091027..20091029 climate",
      "defen* AND (army OR navy) XOR budget",
      "department:\"Home Office\"",
      "anti-social",
      "schools -minister",
      "heading:\"Business of the House\"",
  };
  std::int64_t id = 0;
  for (const auto& text : rules) add(set, ++id, text, analyzer);
  add(set, ++id, "trafficking", analyzer);
  const std::string good = saved(set);
  std::size_t restored = 0;
  for (std::size_t i = 0; i < good.size(); ++i) {
    for (const char mask : {'\x01', '\x80'}) {
      std::string bad = good;
      bad[i] = static_cast<char>(bad[i] ^ mask);
      StringSource source(bad);
      SnapshotReader r(source);
      RuleSet back;
      if (back.restore(r)) {
        ++restored;
        MatchContext ctx;
        for (const auto& item : days.front().items) (void)matched(back, item, days.front(), ctx);
        add(back, 999, "trafficking police", analyzer);
        back.remove(1);
      } else {
        EXPECT_EQ(back.size(), 0u);
      }
      EXPECT_FALSE(r.finish()) << "byte " << i;
    }
  }
  EXPECT_GT(restored, 0u);  // some changes pass the checks: the matching above did run
}

}  // namespace
}  // namespace pw::rules
