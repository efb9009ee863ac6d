#include "parse/listing.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/fakes/temp_dir.hpp"

namespace pw::parse {
namespace {

using ::testing::ElementsAre;

TEST(DirectoryListing, FindsTheTranscriptsLinkedFromAnApacheIndex) {
  auto names = parse_directory_listing(test::read_data("listing-wms.html"));
  ASSERT_TRUE(names) << names.error().message;
  EXPECT_THAT(*names, ElementsAre("ministerial2009-10-26b.xml", "ministerial2009-10-26c.xml",
                                  "ministerial2009-10-27a.xml", "ministerial2009-10-29a.xml"));
}

TEST(DirectoryListing, IgnoresEverythingElse) {
  EXPECT_TRUE(parse_directory_listing("<html><body>no links</body></html>")->empty());
  EXPECT_TRUE(parse_directory_listing("<a href=\"../debates2009-10-27d.xml\">x</a>")->empty());
  EXPECT_TRUE(parse_directory_listing("<a href=\"debates2009-10-27d.xml?x=1\">x</a>")->empty());
  EXPECT_TRUE(parse_directory_listing("<a href=\"notes.xml\">x</a>")->empty());
  EXPECT_TRUE(parse_directory_listing("\x01\x02 binary \xff")->empty());
  EXPECT_FALSE(parse_directory_listing(""));
}

TEST(DirectoryListing, NeverLoadsExternalEntities) {
  auto names = parse_directory_listing(
      "<!DOCTYPE html SYSTEM \"http://127.0.0.1:9/x.dtd\"><a href=\"wms2009.xml\">x</a>"
      "<a href=\"debates2009-10-27d.xml\">&ext;</a>");
  ASSERT_TRUE(names);
  EXPECT_THAT(*names, ElementsAre("debates2009-10-27d.xml"));
}

TEST(ChangeDates, KeepsTheLatestTimePerFileAndCountsBadLines) {
  const auto c = parse_changedates(test::read_data("changedates-wms.txt"));
  ASSERT_EQ(c.latest.size(), 4u);
  EXPECT_EQ(c.latest[0].file, "ministerial2009-10-26a.xml");
  EXPECT_EQ(c.latest[0].unix_time, 1256630460);
  EXPECT_EQ(c.latest[1].file, "ministerial2009-10-26b.xml");
  EXPECT_EQ(c.latest[1].unix_time, 1256630462);
  EXPECT_EQ(c.latest[3].file, "ministerial2009-10-27a.xml");
  EXPECT_EQ(c.bad_lines, 4u);
}

TEST(ChangeDates, HandlesCrlfAndEmptyInput) {
  EXPECT_TRUE(parse_changedates("").latest.empty());
  const auto c = parse_changedates("1,debates2009-10-27d.xml\r\n2,debates2009-10-27d.xml\r\n");
  ASSERT_EQ(c.latest.size(), 1u);
  EXPECT_EQ(c.latest[0].unix_time, 2);
  EXPECT_EQ(c.bad_lines, 0u);
  EXPECT_EQ(parse_changedates("-5,debates2009-10-27d.xml\n99999999999999999999,x.xml\n").bad_lines,
            2u);
}

}  // namespace
}  // namespace pw::parse
