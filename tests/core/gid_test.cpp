#include "core/gid.hpp"

#include <gtest/gtest.h>

namespace pw {
namespace {

TEST(Gid, KeyDropsTheVersionLetters) {
  EXPECT_EQ(gid_key("uk.org.publicwhip/debate/2009-10-27d.141.2"),
            "uk.org.publicwhip/debate/2009-10-27.141.2");
  EXPECT_EQ(gid_key("uk.org.publicwhip/wms/2009-10-26aa.1WS.0"),
            "uk.org.publicwhip/wms/2009-10-26.1WS.0");
  EXPECT_EQ(gid_key("uk.org.publicwhip/wrans/2009-10-28c.296192.q0"),
            "uk.org.publicwhip/wrans/2009-10-28.296192.q0");
}

TEST(Gid, ACommitteeKeyDropsTheLettersAfterItsSittingDate) {
  EXPECT_EQ(gid_key("uk.org.publicwhip/standing/standing2009-10-20_CHILDPOV_07-0_2009-10-29a.2.1"),
            "uk.org.publicwhip/standing/standing2009-10-20_CHILDPOV_07-0_2009-10-29.2.1");
  EXPECT_EQ(gid_key("uk.org.publicwhip/standing/standing2009-10-20_CHILDPOV_07-0_2009-10-29b.2.1"),
            gid_key("uk.org.publicwhip/standing/standing2009-10-20_CHILDPOV_07-0_2009-10-29a.2.1"));
}

TEST(Gid, ACommitteeItemLinksToItsHansardPage) {
  const std::string hansard = "http://www.publications.parliament.uk/pa/cm200809/x.htm#1";
  EXPECT_EQ(
      item_link(Section::kPbc,
                "uk.org.publicwhip/standing/standing2009-10-20_X_07-0_2009-10-29a.1.1", hansard),
      hansard);
  EXPECT_EQ(item_link(Section::kDebates, "uk.org.publicwhip/debate/2009-10-27d.141.2", hansard),
            "https://www.theyworkforyou.com/debates/?id=2009-10-27d.141.2");
}

TEST(Gid, KeyOfAnUnversionedOrOddIdIsTheIdItself) {
  EXPECT_EQ(gid_key("uk.org.publicwhip/debate/2009-10-27.141.2"),
            "uk.org.publicwhip/debate/2009-10-27.141.2");
  EXPECT_EQ(gid_key("not-a-gid"), "not-a-gid");
  EXPECT_EQ(gid_key(""), "");
}

TEST(Gid, LinkUsesTheLocalPartAndTheSectionPath) {
  EXPECT_EQ(twfy_link(Section::kDebates, "uk.org.publicwhip/debate/2009-10-27d.141.2"),
            "https://www.theyworkforyou.com/debates/?id=2009-10-27d.141.2");
  EXPECT_EQ(twfy_link(Section::kWhall, "uk.org.publicwhip/westminhall/2009-10-29a.1.0"),
            "https://www.theyworkforyou.com/whall/?id=2009-10-29a.1.0");
  EXPECT_EQ(twfy_link(Section::kLordsWrans, "uk.org.publicwhip/wrans/2009-10-29a.1.0"),
            "https://www.theyworkforyou.com/wrans/?id=2009-10-29a.1.0");
}

TEST(TranscriptName, ReadsSectionDateAndVersion) {
  auto n = parse_transcript_name("debates2009-10-27d.xml");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->section, Section::kDebates);
  EXPECT_EQ(n->date, "2009-10-27");
  EXPECT_EQ(n->version, "d");
  n = parse_transcript_name("westminster2009-10-29aa.xml");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->section, Section::kWhall);
  EXPECT_EQ(n->version, "aa");
  EXPECT_EQ(parse_transcript_name("daylord2009-10-29a.xml")->section, Section::kLords);
  EXPECT_EQ(parse_transcript_name("lordswrans2009-10-29a.xml")->section, Section::kLordsWrans);
}

TEST(TranscriptName, RejectsOtherNames) {
  EXPECT_FALSE(parse_transcript_name("people.xml"));
  EXPECT_FALSE(parse_transcript_name("debates2009-10-27d.txt"));
  // Names outside ParlParse's real patterns are bad input (issue 17, 8).
  for (const char* bad :
       {"debates2009-10-27zzzzzz.xml", "debates2009-10-27abc.xml", "debates2009-13-01a.xml",
        "debates2009-02-30a.xml", "debates2009-00-10a.xml", "debates0000-01-01a.xml"}) {
    EXPECT_FALSE(parse_transcript_name(bad)) << bad;
  }
  EXPECT_TRUE(parse_transcript_name("debates2008-02-29a.xml"));
  EXPECT_TRUE(parse_transcript_name("debates2009-10-27zz.xml"));
  EXPECT_FALSE(parse_transcript_name("debates2009-1-27d.xml"));
  EXPECT_FALSE(parse_transcript_name("debates2009-10-27D.xml"));
  EXPECT_FALSE(parse_transcript_name("standing2009-10-27a.xml"));
  for (const char* bad :
       {"standing2009-10-20_CHILDPOV_07-0.xml", "standing2009-10-20__07-0_2009-10-29a.xml",
        "standing2009-10-20_CHILDPOV_07-0_2009-10-29abc.xml",
        "standing2009-10-20_CHILDPOV_07-0_2009-13-29a.xml",
        "debates2009-10-20_X_1-0_2009-10-29a.xml"}) {
    EXPECT_FALSE(parse_transcript_name(bad)) << bad;
  }
}

// TheyWorkForYou's xml2db.pl: the last date of a committee file's name is
// the sitting's; the version letters follow it.
TEST(TranscriptName, ReadsACommitteeSitting) {
  const auto n = parse_transcript_name("standing2009-10-20_CHILDPOV_07-0_2009-10-29a.xml");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->section, Section::kPbc);
  EXPECT_EQ(n->date, "2009-10-29");
  EXPECT_EQ(n->version, "a");
  EXPECT_EQ(n->series, "standing2009-10-20_CHILDPOV_07-0_2009-10-29");
  EXPECT_EQ(parse_transcript_name("debates2009-10-27d.xml")->series, "debates2009-10-27");
}

TEST(Versions, OrderLikeAnOdometer) {
  EXPECT_LT(compare_versions("", "a"), 0);
  EXPECT_LT(compare_versions("a", "b"), 0);
  EXPECT_LT(compare_versions("z", "aa"), 0);
  EXPECT_LT(compare_versions("aa", "ab"), 0);
  EXPECT_GT(compare_versions("ba", "az"), 0);
  EXPECT_EQ(compare_versions("c", "c"), 0);
  EXPECT_EQ(version_rank(""), 0);
  EXPECT_EQ(version_rank("a"), 1);
  EXPECT_EQ(version_rank("z"), 26);
  EXPECT_EQ(version_rank("aa"), 27);
  EXPECT_LT(version_rank("zz"), version_rank("aaa"));
}

}  // namespace
}  // namespace pw
