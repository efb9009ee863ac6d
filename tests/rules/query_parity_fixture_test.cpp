// parlwatch's matches for TheyWorkForYou constructs on real fixtures equal
// the counts tools/parity_counts.py reads independently (Python's XML
// reader, TheyWorkForYou's definitions): tests/data/parity-counts.txt.
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "parse/members.hpp"
#include "parse/transcript_parser.hpp"
#include "rules/rule_set.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw::rules {
namespace {

struct Row {
  std::string file;
  std::string query;
  int items = 0;
};

std::vector<Row> parity_rows() {
  std::istringstream in(test::read_data("parity-counts.txt"));
  std::string line;
  std::getline(in, line);  // header
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    const auto a = line.find('\t');
    const auto b = line.rfind('\t');
    rows.push_back(
        {line.substr(0, a), line.substr(a + 1, b - a - 1), std::stoi(line.substr(b + 1))});
  }
  return rows;
}

Transcript fixture(const std::string& file) {
  parse::Members members;
  EXPECT_TRUE(parse::load_people_xml(test::read_data("people.xml"), members));
  for (const char* list :
       {"all-members.xml", "peers-ucl.xml", "sp-members.xml", "ni-members.xml"}) {
    EXPECT_TRUE(parse::load_all_members_xml(test::read_data(list), members)) << list;
  }
  auto t = parse::parse_transcript(file, test::read_data(file));
  EXPECT_TRUE(t) << file;
  parse::resolve_speakers(*t, members);
  return std::move(*t);
}

int matched(const Transcript& t, const std::string& query) {
  auto q = parse_query(query);
  EXPECT_TRUE(q) << query << ": " << q.error().message;
  if (!q) return -1;
  Analyzer analyzer;
  RuleSet set;
  EXPECT_TRUE(set.add(1, *q, analyzer));
  MatchContext ctx;
  int n = 0;
  for (const auto& item : t.items) {
    std::vector<std::int64_t> hit;
    set.match(item, {t.section, t.date}, ctx, hit);
    n += static_cast<int>(hit.size());
  }
  return n;
}

TEST(QueryParityFixtures, MatchesEqualTheIndependentCounts) {
  const auto rows = parity_rows();
  ASSERT_EQ(rows.size(), 38u);
  int positive = 0;
  for (const auto& row : rows) {
    SCOPED_TRACE(row.file + ": " + row.query);
    positive += row.items > 0 ? 1 : 0;
    EXPECT_EQ(matched(fixture(row.file), row.query), row.items);
  }
  EXPECT_GE(positive, 26);
}

TEST(QueryParityFixtures, DateFiltersNeedTheSittingDate) {
  const auto lords = fixture("lordswms2009-10-29a.xml");
  auto q = parse_query("statement date:20091029");
  ASSERT_TRUE(q);
  Analyzer analyzer;
  RuleSet set;
  ASSERT_TRUE(set.add(1, *q, analyzer));
  MatchContext ctx;
  int dated = 0;
  int undated = 0;
  for (const auto& item : lords.items) {
    std::vector<std::int64_t> hit;
    set.match(item, {lords.section, lords.date}, ctx, hit);
    dated += static_cast<int>(hit.size());
    hit.clear();
    set.match(item, lords.section, ctx, hit);
    undated += static_cast<int>(hit.size());
  }
  EXPECT_GT(dated, 0);
  EXPECT_EQ(undated, 0);
}

TEST(QueryParityFixtures, OneHousesStatementsStillSelectable) {
  const auto lords = fixture("lordswms2009-10-29a.xml");
  const auto commons = fixture("ministerial2009-10-26c.xml");
  EXPECT_EQ(matched(lords, "section:commonswms"), 0);
  EXPECT_EQ(matched(commons, "section:lordswms"), 0);
  EXPECT_EQ(matched(lords, "section:lordswms"), static_cast<int>(lords.items.size()));
}

TEST(QueryParityFixtures, TheWordFormOfADepartmentStillWorks) {
  const auto answers = fixture("answers2009-10-28c.xml");
  EXPECT_EQ(matched(answers, "department:\"home department\""),
            matched(answers, "department:homedepartment"));
  EXPECT_EQ(
      matched(answers, "department:homedepartment department:treasury"),
      matched(answers, "department:homedepartment") + matched(answers, "department:treasury"));
}

}  // namespace
}  // namespace pw::rules
