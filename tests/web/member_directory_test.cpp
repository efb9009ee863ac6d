#include "web/member_directory.hpp"

#include <gtest/gtest.h>

#include "parse/members.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw::web {
namespace {

// The real members data: people.xml (who held which id) and all-members.xml
// (the Commons terms), plus the Lords' peers-ucl.xml.
MemberDirectory real_directory() {
  parse::Members members;
  EXPECT_TRUE(parse::load_people_xml(test::read_data("people.xml"), members));
  EXPECT_TRUE(parse::load_all_members_xml(test::read_data("all-members.xml"), members));
  EXPECT_TRUE(parse::load_all_members_xml(test::read_data("peers-ucl.xml"), members));
  return MemberDirectory(members);
}

// all-members.xml: Vernon Coaker, person 10121, Labour member for Gedling in
// three terms from 1997-05-01, the last with todate 9999-12-31 (serving).
TEST(MemberDirectory, AMemberIsFoundByPartOfTheNameWithPartySeatAndDates) {
  const auto dir = real_directory();
  const auto found = dir.find("coaker", 10);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].number, "10121");
  EXPECT_EQ(found[0].name, "Vernon Coaker");
  EXPECT_EQ(found[0].party, "Lab");
  EXPECT_EQ(found[0].constituency, "Gedling");
  EXPECT_EQ(found[0].from, "1997-05-01");
  EXPECT_EQ(found[0].to, "");
  EXPECT_EQ(dir.find("Coaker Vernon", 10).size(), 1u) << "words in any order";
}

TEST(MemberDirectory, SeveralMatchesComeByNameAndTheLimitHolds) {
  const auto dir = real_directory();
  const auto found = dir.find("stern", 50);
  ASSERT_GE(found.size(), 2u);  // Baroness Stern and Lord Stern of Brentford at least
  for (std::size_t i = 1; i < found.size(); ++i) EXPECT_LE(found[i - 1].name, found[i].name);
  EXPECT_EQ(dir.find("stern", 1).size(), 1u);
  EXPECT_TRUE(dir.find("   ", 10).empty());
  EXPECT_TRUE(dir.find("nobody at all", 10).empty());
}

}  // namespace
}  // namespace pw::web
