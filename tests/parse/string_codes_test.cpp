#include "parse/string_codes.hpp"

#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace pw::parse {
namespace {

const std::vector<std::string> kAwkward = {
    "uk.org.publicwhip/member/1604",
    "uk.org.publicwhip/member/1605",
    "uk.org.publicwhip/lord/100867",
    "uk.org.publicwhip/person/10001",
    "",
    "0",
    "00",
    "07",
    "uk.org.publicwhip/member/007",
    "uk.org.publicwhip/member/0",
    "uk.org.publicwhip/member/",
    "uk.org.publicwhip/member/999999999",
    "uk.org.publicwhip/member/1000000000",
    "uk.org.publicwhip/member/4294967295",
    "uk.org.publicwhip/member/18446744073709551616",
    "2009-10-27",
    "2009-10-7",
    "Hackney North and Stoke Newington",
    "Belfast 2",
    "Belfast 02",
    "Lab",
    "caf\xc3\xa9 9",
};

TEST(StringCodes, EveryStringReadsBackAsItWasAndEqualCodesMeanEqualStrings) {
  StringCodes codes;
  std::vector<StringCodes::Code> given;
  for (const auto& s : kAwkward) given.push_back(codes.code(s));
  std::set<StringCodes::Code> distinct(given.begin(), given.end());
  EXPECT_EQ(distinct.size(), kAwkward.size());
  for (std::size_t i = 0; i < kAwkward.size(); ++i) {
    EXPECT_EQ(codes.text(given[i]), kAwkward[i]);
    EXPECT_EQ(codes.code(kAwkward[i]), given[i]) << kAwkward[i];
    EXPECT_EQ(codes.find(kAwkward[i]), given[i]) << kAwkward[i];
  }
}

TEST(StringCodes, FindKnowsOnlyPrefixesAlreadyCoded) {
  StringCodes codes;
  EXPECT_FALSE(codes.find("uk.org.publicwhip/member/1"));
  const auto one = codes.code("uk.org.publicwhip/member/1");
  const auto two = codes.find("uk.org.publicwhip/member/2");
  ASSERT_TRUE(two);
  EXPECT_NE(*two, one);
  EXPECT_EQ(codes.text(*two), "uk.org.publicwhip/member/2");
  EXPECT_FALSE(codes.find("uk.org.publicwhip/lord/2"));
  EXPECT_FALSE(codes.find("uk.org.publicwhip/member/01"));
}

}  // namespace
}  // namespace pw::parse
