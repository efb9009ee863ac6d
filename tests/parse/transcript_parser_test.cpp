#include "parse/transcript_parser.hpp"

#include <algorithm>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/transcript.hpp"
#include "tests/fakes/temp_dir.hpp"
#include "tests/parse/fixture_counts.hpp"

namespace pw::parse {
namespace {

using test::read_data;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Transcript parse_fixture(const std::string& name) {
  auto t = parse_transcript(name, read_data(name));
  EXPECT_TRUE(t) << (t ? "" : t.error().message);
  return t ? *t : Transcript{};
}

const Item& item_by_gid(const Transcript& t, const std::string& gid) {
  const auto it =
      std::find_if(t.items.begin(), t.items.end(), [&](const Item& i) { return i.gid == gid; });
  if (it == t.items.end()) throw std::runtime_error("no item " + gid);
  return *it;
}

int count_kind(const Transcript& t, std::initializer_list<ItemKind> kinds) {
  return static_cast<int>(std::count_if(t.items.begin(), t.items.end(), [&](const Item& i) {
    return std::find(kinds.begin(), kinds.end(), i.kind) != kinds.end();
  }));
}

TEST(TranscriptParser, CountsEqualXmllintCountsForEveryFixture) {
  const auto expected = test::load_fixture_counts();
  ASSERT_EQ(expected.size(), 13u);
  for (const auto& [file, c] : expected) {
    SCOPED_TRACE(file);
    const Transcript t = parse_fixture(file);
    EXPECT_EQ(count_kind(t, {ItemKind::kSpeech}), c.speeches);
    EXPECT_EQ(count_kind(t, {ItemKind::kQuestion}), c.questions);
    EXPECT_EQ(count_kind(t, {ItemKind::kAnswer}), c.answers);
    EXPECT_EQ(
        count_kind(t, {ItemKind::kOralHeading, ItemKind::kMajorHeading, ItemKind::kMinorHeading}),
        c.headings);
    EXPECT_EQ(count_kind(t, {ItemKind::kDivision}), c.divisions);
    EXPECT_EQ(static_cast<int>(t.redirects.size()), c.redirects);
  }
}

// Issue 23, 4: every item's heading chain is made of headings met before
// it in the file, innermost last, and ends with the nearest one (a
// non-heading item's chain, a heading's chain plus itself). A committee
// file's <bill title> comes first, above all its headings.
TEST(TranscriptParser, HeadingChainsFollowTheXmlOrderInEveryFixture) {
  for (const auto& [file, counts] : test::load_fixture_counts()) {
    SCOPED_TRACE(file);
    const Transcript t = parse_fixture(file);
    std::vector<std::string> seen;
    if (t.section == Section::kPbc) seen.emplace_back("Child Poverty Bill");
    for (const auto& item : t.items) {
      std::size_t from = 0;
      for (const auto& h : item.headings) {
        const auto at = std::find(seen.begin() + static_cast<std::ptrdiff_t>(from), seen.end(), h);
        ASSERT_NE(at, seen.end()) << item.gid << ": " << h << " not met before, in order";
        from = static_cast<std::size_t>(at - seen.begin()) + 1;
      }
      if (is_heading(item.kind)) {
        seen.push_back(item.text);
      } else if (!seen.empty() && !item.headings.empty()) {
        EXPECT_EQ(item.headings.back(), seen.back()) << item.gid;
      }
    }
  }
}

TEST(TranscriptParser, AClauseHeadingStaysUnderItsBill) {
  const Transcript t = parse_fixture("debates2009-10-27d.xml");
  const auto& division = item_by_gid(t, "uk.org.publicwhip/debate/2009-10-27d.195.2");
  ASSERT_EQ(division.headings.size(), 3u);
  EXPECT_EQ(division.headings[0], "Closed Circuit Television (Monitoring and Promotion)");
  EXPECT_THAT(division.headings[1], HasSubstr("Marine and Coastal Access Bill"));
  EXPECT_THAT(division.headings[2], HasSubstr("Clause 2"));
  const auto& clause = item_by_gid(t, "uk.org.publicwhip/debate/2009-10-27d.167.2");
  EXPECT_EQ(clause.headings.size(), 2u);  // the heading's own chain: major > bill
}

TEST(TranscriptParser, TakesSectionDateAndVersionFromTheFileName) {
  const Transcript t = parse_fixture("debates2009-10-27d.xml");
  EXPECT_EQ(t.section, Section::kDebates);
  EXPECT_EQ(t.date, "2009-10-27");
  EXPECT_EQ(t.version, "d");
  EXPECT_TRUE(t.latest);
  EXPECT_FALSE(parse_fixture("ministerial2009-10-26b.xml").latest);
}

TEST(TranscriptParser, DecodesDtdEntities) {
  const Transcript t = parse_fixture("ministerial2009-10-26c.xml");
  const Item& item = item_by_gid(t, "uk.org.publicwhip/wms/2009-10-26c.2WS.4");
  EXPECT_THAT(item.text, HasSubstr("a \u00a310 million fund to support innovative ways"));
  EXPECT_THAT(item.text, HasSubstr("to a mentor-two new national mentoring champions"));
  const Transcript debates = parse_fixture("debates2009-10-27d.xml");
  const bool dash = std::any_of(debates.items.begin(), debates.items.end(), [](const Item& i) {
    return i.text.find("we congratulate them\u2014the number of them") != std::string::npos;
  });
  EXPECT_TRUE(dash);
  EXPECT_THAT(item.text, HasSubstr("\"Quality, Choice and Aspiration\" sets out"));
}

TEST(TranscriptParser, DecodesNumericEntities) {
  const Transcript t = parse_fixture("ministerial2009-10-26c.xml");
  EXPECT_THAT(item_by_gid(t, "uk.org.publicwhip/wms/2009-10-26c.1WS.2").text,
              HasSubstr("took place in Ume\u00e5, Sweden"));
}

TEST(TranscriptParser, DecodesRawLatin1Bytes) {
  const Transcript debates = parse_fixture("debates2009-10-27d.xml");
  const bool found = std::any_of(debates.items.begin(), debates.items.end(), [](const Item& i) {
    return i.text.find("caught on tape by RT\u00c9, is") != std::string::npos;
  });
  EXPECT_TRUE(found);
  const Transcript answers = parse_fixture("answers2009-10-28c.xml");
  const bool named = std::any_of(answers.items.begin(), answers.items.end(),
                                 [](const Item& i) { return i.speaker.name == "Si\u00f4n Simon"; });
  EXPECT_TRUE(named);
}

TEST(TranscriptParser, DropsInlineMarkupAndKeepsParagraphs) {
  const Transcript t = parse_fixture("debates2009-10-27d.xml");
  const Item& item = item_by_gid(t, "uk.org.publicwhip/debate/2009-10-27d.141.2");
  EXPECT_EQ(item.text,
            "Consideration of Bill, as amended, opposed and deferred until Thursday 5 November "
            "(Standing Order No. 20).");
  const Item& heading = item_by_gid(t, "uk.org.publicwhip/debate/2009-10-27d.141.1");
  EXPECT_EQ(heading.text, "Leeds City Council Bill ( By Order)");
  const Transcript seed_day = parse_fixture("debates2007-11-26a.xml");
  const Item& seed = item_by_gid(seed_day, "uk.org.publicwhip/debate/2007-11-26a.1.5");
  EXPECT_EQ(std::count(seed.text.begin(), seed.text.end(), '\n'), 2);
}

TEST(TranscriptParser, FlattensTablesRowByRow) {
  const Transcript t = parse_fixture("answers2009-10-28c.xml");
  const Item& reply = item_by_gid(t, "uk.org.publicwhip/wrans/2009-10-28c.296192.r0");
  EXPECT_THAT(reply.text, HasSubstr("\n1 | 728,086 to 1,389,577 | \u2014 | 731\n"));
  EXPECT_THAT(reply.text, HasSubstr("Scenario | Life years lost over a 100 year period |"));
}

// Every rule of a speech's text on one hand-made file: what the parser
// made of it when it built a tree per element, kept as it reads events.
constexpr const char* kMarkupDay = R"(<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE publicwhip [
<!ENTITY pound "&#163;">
<!ENTITY note "<i>see</i> note">
]>
<publicwhip>
<major-heading id="uk.org.publicwhip/debate/2009-10-27a.1.0">  Trade <i>and</i>
  Industry </major-heading>
<speech id="uk.org.publicwhip/debate/2009-10-27a.1.1" speakerid="uk.org.publicwhip/member/1">
<p>One&#160;twoNBSPx <![CDATA[a<b]]> <!-- gone --> &pound;5 &note;</p>
<p>before<br>inside <p>nested</p> break</br>after</p>
<table><tr> loose <td>c1</td> also loose <p>c2</p><br/><td>c3<br/>c4</td></tr>
<tr><td><tr><td>inner</td><td>row</td></tr></td></tr></table>
<p>LONG</p>
</speech>
<division id="uk.org.publicwhip/debate/2009-10-27a.1.2" divnumber="7">
<divisioncount ayes="3" noes="4" tellerayes="2"/>
<mplist vote="aye">stray<mpname id="uk.org.publicwhip/member/1">Diane <b>Abbott</b></mpname>
<mpname id="uk.org.publicwhip/member/2" vote="no" teller="yes">Gerry Adams</mpname></mplist>
<p><mpname id="uk.org.publicwhip/member/3">Not a vote</mpname></p>
</division>
</publicwhip>
)";

TEST(TranscriptParser, KeepsTheTextRulesForEveryKindOfMarkup) {
  std::string words;
  for (int i = 0; i < 400; ++i) words += (i ? " word" : "word") + std::to_string(i);
  std::string xml = kMarkupDay;
  xml.replace(xml.find("LONG"), 4, "  " + words + "\n ");
  xml.replace(xml.find("NBSP"), 4, "\xC2\xA0");  // a no-break space, raw
  const auto t = parse_transcript("debates2009-10-27a.xml", xml);
  ASSERT_TRUE(t) << t.error().message;
  ASSERT_EQ(t->items.size(), 3u);
  EXPECT_EQ(t->items[0].text, "Trade and Industry");
  EXPECT_EQ(
      t->items[1].text,
      "One two x a<b \u00A35 see note\nbefore\nafter\nc1 | c2 |  | c3\nc4\ninner | row\n" + words);
  const auto& d = t->items[2].division;
  ASSERT_TRUE(d);
  EXPECT_EQ(t->items[2].text, "Division No. 7: ayes 3, noes 4");
  ASSERT_EQ(d->votes.size(), 2u);
  EXPECT_EQ(d->votes[0].name, "Diane Abbott");
  EXPECT_EQ(d->votes[0].vote, "aye");
  EXPECT_FALSE(d->votes[0].teller);
  EXPECT_EQ(d->votes[1].name, "Gerry Adams");
  EXPECT_EQ(d->votes[1].vote, "no");
  EXPECT_TRUE(d->votes[1].teller);
  EXPECT_EQ(d->counts.size(), 3u);
}

TEST(TranscriptParser, KnowsHeadingChainsOfWrittenAnswers) {
  const Transcript t = parse_fixture("answers2009-10-28c.xml");
  const Item& q = item_by_gid(t, "uk.org.publicwhip/wrans/2009-10-28c.296192.q0");
  EXPECT_EQ(q.kind, ItemKind::kQuestion);
  EXPECT_THAT(q.headings, ElementsAre("ENVIRONMENT FOOD AND RURAL AFFAIRS", "Air Pollution"));
  EXPECT_EQ(q.speaker.member_id, "uk.org.publicwhip/member/1704");
  EXPECT_EQ(q.speaker.name, "Graham Stringer");
  EXPECT_EQ(q.column, 349);
  const Item& minor = item_by_gid(t, "uk.org.publicwhip/wrans/2009-10-28c.296192.h");
  EXPECT_THAT(minor.headings, ElementsAre("ENVIRONMENT FOOD AND RURAL AFFAIRS"));
}

TEST(TranscriptParser, ReadsSpeakersOfficesTimesAndUrls) {
  const Transcript t = parse_fixture("ministerial2009-10-26c.xml");
  const Item& s = item_by_gid(t, "uk.org.publicwhip/wms/2009-10-26c.2WS.4");
  EXPECT_EQ(s.speaker.name, "Edward Balls");
  EXPECT_EQ(s.speaker.office, "The Secretary of State for Children, Schools and Families");
  EXPECT_EQ(s.key, "uk.org.publicwhip/wms/2009-10-26.2WS.4");
  EXPECT_EQ(s.column, 2);
  EXPECT_THAT(s.url, HasSubstr("publications.parliament.uk"));
  const Transcript lords = parse_fixture("daylord2009-10-29a.xml");
  EXPECT_EQ(item_by_gid(lords, "uk.org.publicwhip/lords/2009-10-29a.1270.6").time, "11:22:00");
}

TEST(TranscriptParser, UnknownAndAbsentSpeakersHaveNoMemberId) {
  const Transcript t = parse_fixture("debates2009-10-27d.xml");
  const Item& hon = item_by_gid(t, "uk.org.publicwhip/debate/2009-10-27d.257.11");
  EXPECT_EQ(hon.speaker.name, "Hon. Members");
  EXPECT_TRUE(hon.speaker.member_id.empty());
  EXPECT_FALSE(hon.speaker.known());
  const Item& procedural = item_by_gid(t, "uk.org.publicwhip/debate/2009-10-27d.141.2");
  EXPECT_TRUE(procedural.speaker.name.empty());
}

TEST(TranscriptParser, ReadsCommonsDivisions) {
  const Transcript t = parse_fixture("debates2009-10-27d.xml");
  const Item& d = item_by_gid(t, "uk.org.publicwhip/debate/2009-10-27d.195.2");
  ASSERT_TRUE(d.division);
  EXPECT_EQ(d.time, "17:45:00");
  EXPECT_EQ(d.division->number, 231);
  EXPECT_THAT(d.division->counts, ::testing::Contains(std::pair<std::string, int>{"ayes", 200}));
  EXPECT_THAT(d.division->counts, ::testing::Contains(std::pair<std::string, int>{"noes", 269}));
  EXPECT_EQ(d.division->votes.size(), 473u);
  const auto ayes = std::count_if(d.division->votes.begin(), d.division->votes.end(),
                                  [](const Vote& v) { return v.vote == "aye"; });
  EXPECT_EQ(ayes, 202);  // 200 plus 2 tellers
  const Vote& teller = d.division->votes.at(200);
  EXPECT_EQ(teller.name, "Jeremy Wright");
  EXPECT_TRUE(teller.teller);
  EXPECT_EQ(d.text, "Division No. 231: ayes 200, noes 269");
}

TEST(TranscriptParser, ReadsLordsDivisions) {
  const Transcript t = parse_fixture("daylord2009-10-29a.xml");
  const Item& d = item_by_gid(t, "uk.org.publicwhip/lords/2009-10-29a.1298.0");
  ASSERT_TRUE(d.division);
  EXPECT_EQ(d.time, "13:07:00");
  EXPECT_EQ(d.division->votes.size(), 130u);
  EXPECT_EQ(d.division->votes.front().vote, "content");
  EXPECT_EQ(d.division->votes.front().member_id, "uk.org.publicwhip/lord/100004");
  EXPECT_EQ(d.text, "Division No. 1: content 56, not-content 74");
}

TEST(TranscriptParser, ReadsRedirectsAndIgnoresTheOldTextKeptAfterThem) {
  const Transcript b = parse_fixture("ministerial2009-10-26b.xml");
  EXPECT_TRUE(b.items.empty());
  ASSERT_EQ(b.redirects.size(), 22u);
  const auto changes = std::count_if(b.redirects.begin(), b.redirects.end(),
                                     [](const Redirect& r) { return r.match_type == "changes"; });
  EXPECT_EQ(changes, 4);
  EXPECT_EQ(b.redirects.front().old_key, "uk.org.publicwhip/wms/2009-10-26.1WS.0");
  EXPECT_EQ(b.redirects.front().new_gid, "uk.org.publicwhip/wms/2009-10-26c.1WS.0");
  const Transcript answers = parse_fixture("answers2009-10-28c.xml");
  EXPECT_EQ(answers.redirects.front().match_type, "altques");
  EXPECT_EQ(answers.redirects.front().new_key, "uk.org.publicwhip/wrans/2009-10-28.295391.h");
}

TEST(TranscriptParser, ReadsTheCurrentGenerationWithPersonIds) {
  const Transcript t = parse_fixture("debates2007-11-26a.xml");
  ASSERT_EQ(t.items.size(), 17u);
  const Item& first = t.items.at(3);
  EXPECT_EQ(first.speaker.person_id, "uk.org.publicwhip/person/10564");
  EXPECT_EQ(first.speaker.name, "Phyllis Starkey");
  EXPECT_THAT(first.headings, ElementsAre("Home Department", "People Trafficking"));
  EXPECT_THAT(t.items.at(6).text, HasSubstr("the very issue that she raised\u2014adverts"));
}

}  // namespace
}  // namespace pw::parse
