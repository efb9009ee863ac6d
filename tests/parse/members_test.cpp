#include "parse/members.hpp"

#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "parse/transcript_parser.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw::parse {
namespace {

using test::read_data;

class MembersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    members_ = new Members();  // NOLINT: shared, loaded once for the suite
    ASSERT_TRUE(load_members_file("people.xml", read_data("people.xml"), *members_));
    ASSERT_TRUE(load_members_file("all-members.xml", read_data("all-members.xml"), *members_));
  }
  static void TearDownTestSuite() {
    delete members_;  // NOLINT
    members_ = nullptr;
  }
  static Members* members_;
};

Members* MembersTest::members_ = nullptr;

TEST_F(MembersTest, MapsMemberIdsToPersonsWithPartyAndSeatOnTheDate) {
  const auto p = members_->person_for_member("uk.org.publicwhip/member/1593", "2007-11-26");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->id, "uk.org.publicwhip/person/10121");
  EXPECT_EQ(p->name, "Vernon Coaker");
  EXPECT_EQ(p->party, "Lab");
  EXPECT_EQ(p->constituency, "Gedling");
}

TEST_F(MembersTest, MapsLordIdsToPersons) {
  const auto p = members_->person_for_member("uk.org.publicwhip/lord/100004", "2009-10-29");
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->name.empty());
  EXPECT_FALSE(members_->person_for_member("uk.org.publicwhip/lord/100994", "2009-10-29"));
}

TEST_F(MembersTest, EverySpeakerInTheFixturesResolvesExceptTheThreeNewerIds) {
  std::set<std::string> unknown;
  for (const char* file :
       {"debates2009-10-27d.xml", "westminster2009-10-29a.xml", "answers2009-10-28c.xml",
        "ministerial2009-10-26b.xml", "ministerial2009-10-26c.xml", "daylord2009-10-29a.xml",
        "debates2007-11-26a.xml"}) {
    auto t = parse_transcript(file, read_data(file));
    ASSERT_TRUE(t) << file;
    for (const auto& id : resolve_speakers(*t, *members_).unknown) unknown.insert(id);
    for (const auto& item : t->items) {
      const auto& s = item.speaker;
      if (!s.member_id.empty() && !unknown.count(s.member_id)) {
        EXPECT_TRUE(s.known()) << file << " " << item.gid;
      }
    }
  }
  EXPECT_EQ(unknown, (std::set<std::string>{"uk.org.publicwhip/lord/100994",
                                            "uk.org.publicwhip/member/40031",
                                            "uk.org.publicwhip/member/40032"}));
}

TEST_F(MembersTest, ResolvedSpeakersCarryTheirParty) {
  auto t = parse_transcript("debates2007-11-26a.xml", read_data("debates2007-11-26a.xml"));
  ASSERT_TRUE(t);
  resolve_speakers(*t, *members_);
  EXPECT_EQ(t->items.at(3).speaker.party, "Lab");
  EXPECT_EQ(t->items.at(7).speaker.name, "Anthony Steen");
  EXPECT_EQ(t->items.at(7).speaker.party, "Con");
}

TEST(PeopleJson, LoadsPersonsMembershipsPartiesAndSeats) {
  Members m;
  ASSERT_TRUE(load_members_file("people-sample.json", read_data("people-sample.json"), m));
  const auto coaker = m.person_for_member("uk.org.publicwhip/member/1593", "2009-10-27");
  ASSERT_TRUE(coaker);
  EXPECT_EQ(coaker->id, "uk.org.publicwhip/person/10121");
  EXPECT_EQ(coaker->name, "Vernon Coaker");
  EXPECT_EQ(coaker->party, "Labour");
  EXPECT_EQ(coaker->constituency, "Gedling");
  const auto kinnock = m.person_for_member("uk.org.publicwhip/lord/100994", "2009-10-29");
  ASSERT_TRUE(kinnock);
  EXPECT_EQ(kinnock->name, "Baroness Kinnock of Holyhead");
}

TEST(PeopleJson, LordsCarryTheirAffiliationAsParty) {
  Members m;
  ASSERT_TRUE(load_people_json(read_data("people-sample.json"), m));
  const auto ackner = m.person_for_member("uk.org.publicwhip/lord/100002", "2005-01-01");
  ASSERT_TRUE(ackner);
  EXPECT_EQ(ackner->name, "Lord Ackner");
  EXPECT_EQ(ackner->party, "Crossbench");
  EXPECT_EQ(m.data_ends(), "2010-04-12");
}

TEST(PeopleJson, FollowsMergedPersons) {
  Members m;
  ASSERT_TRUE(load_people_json(read_data("people-sample.json"), m));
  const auto p = m.person("uk.org.publicwhip/person/99999", "2009-10-27");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->id, "uk.org.publicwhip/person/10121");
}

TEST(PeopleJson, BadDataIsAClearError) {
  Members m;
  auto bad = load_members_file("people.json", "{\"persons\": [", m);
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error().message, ::testing::HasSubstr("people.json"));
  EXPECT_FALSE(load_members_file("x.json", "{\"other\": 1}", m));
  EXPECT_FALSE(load_members_file("x.txt", "hello", m));
}

}  // namespace
}  // namespace pw::parse
