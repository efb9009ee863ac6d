// Party and seat come from the membership in force on the sitting's date,
// for every chamber's members list, and never from a guess past the data.
#include <gtest/gtest.h>

#include "parse/members.hpp"
#include "parse/transcript_parser.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw::parse {
namespace {

using test::read_data;

constexpr const char* kHoyle = "uk.org.publicwhip/person/10295";

Members load(std::initializer_list<const char*> files) {
  Members m;
  for (const char* f : files) EXPECT_TRUE(load_members_file(f, read_data(f), m)) << f;
  return m;
}

TEST(MembersByDate, OpenEndedTermsHoldOnlyUntilTheirFileIsOutOfDate) {
  const auto m = load({"people.xml", "all-members.xml"});
  EXPECT_EQ(m.data_ends(), "2008-11-25");  // the newest date in the 2009 all-members.xml
  EXPECT_EQ(m.covered_until(), "2009-05-27");
  EXPECT_TRUE(m.covers("2009-05-27"));
  EXPECT_FALSE(m.covers("2009-05-28"));
  EXPECT_EQ(m.person(kHoyle, "2009-05-27")->party, "Lab");
  const auto later = m.person(kHoyle, "2023-03-28");
  ASSERT_TRUE(later);
  EXPECT_EQ(later->name, "Lindsay Hoyle");
  EXPECT_EQ(later->party, "");
  EXPECT_EQ(later->constituency, "");
}

TEST(MembersByDate, ASittingAfterTheDataKeepsPersonsButNotParties) {
  const auto m = load({"people.xml", "all-members.xml"});
  auto t = parse_transcript("debates2023-03-28d.xml", read_data("debates2023-03-28d.xml"));
  ASSERT_TRUE(t);
  const auto resolution = resolve_speakers(*t, m);
  EXPECT_TRUE(resolution.unknown.empty());  // today's format names persons, not members
  int hoyle = 0;
  for (const auto& item : t->items) {
    EXPECT_EQ(item.speaker.party, "") << item.gid;
    hoyle += item.speaker.person_id == kHoyle ? 1 : 0;
  }
  EXPECT_EQ(hoyle, 15);
  EXPECT_FALSE(m.covers(t->date));
  EXPECT_GT(resolution.past_data, 0u);
  EXPECT_NE(members_gap_warning(t->date, m.data_ends(), 3).find("2023-03-28"), std::string::npos);
}

TEST(MembersByDate, ASittingNamingMemberIdsKeepsTheirParties) {
  const auto m = load({"people.xml", "all-members.xml"});
  auto t = parse_transcript("debates2009-10-27d.xml", read_data("debates2009-10-27d.xml"));
  ASSERT_TRUE(t);
  EXPECT_FALSE(m.covers(t->date));                   // the 2009 data ends in Nov 2008...
  EXPECT_EQ(resolve_speakers(*t, m).past_data, 0u);  // ...but each member id names its term
  int labour = 0;
  for (const auto& item : t->items) labour += item.speaker.party == "Lab" ? 1 : 0;
  EXPECT_GT(labour, 0);
}

TEST(MembersByDate, ANewerFileOfAnotherChamberDoesNotVouchForOldCommonsTerms) {
  const auto m = load({"people.xml", "all-members.xml", "peers-ucl.xml"});
  EXPECT_TRUE(m.covers("2012-01-01"));  // the 2015 Lords list reaches past 2012
  EXPECT_EQ(m.person(kHoyle, "2012-01-01")->party, "");
}

TEST(MembersByDate, LordsCarryTheirAffiliation) {
  const auto m = load({"people.xml", "peers-ucl.xml"});
  const auto ackner = m.person_for_member("uk.org.publicwhip/lord/100002", "2005-01-01");
  ASSERT_TRUE(ackner);
  EXPECT_EQ(ackner->party, "XB");
  EXPECT_EQ(ackner->constituency, "");
  const auto aberdare = m.person_for_member("uk.org.publicwhip/lord/100001", "2004-06-01");
  ASSERT_TRUE(aberdare);
  EXPECT_EQ(aberdare->party, "Con");
}

TEST(MembersByDate, MspsAndMlasCarryPartyAndSeat) {
  const auto m = load({"people.xml", "sp-members.xml", "ni-members.xml"});
  const auto adam = m.person_for_member("uk.org.publicwhip/member/80000", "2009-10-28");
  ASSERT_TRUE(adam);
  EXPECT_EQ(adam->party, "SNP");
  EXPECT_EQ(adam->constituency, "Aberdeen North");
  const auto adams = m.person_for_member("uk.org.publicwhip/member/90001", "2000-01-01");
  ASSERT_TRUE(adams);
  EXPECT_EQ(adams->party, "Sinn F\xc3\xa9in");  // the file is UTF-8; read as such
  EXPECT_EQ(adams->constituency, "Belfast West");
}

TEST(MembersByDate, AFileWithoutDatesSetsNoLimit) {
  Members m;
  ASSERT_TRUE(load_members_file("x.xml",
                                "<publicwhip><member id=\"uk.org.publicwhip/member/1\" "
                                "party=\"Lab\"/></publicwhip>",
                                m));
  EXPECT_EQ(m.data_ends(), "");
  EXPECT_TRUE(m.covers("2099-01-01"));
}

}  // namespace
}  // namespace pw::parse
