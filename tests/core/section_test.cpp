#include "core/section.hpp"

#include <gtest/gtest.h>

namespace pw {
namespace {

TEST(Section, NamesRoundTrip) {
  for (const auto s : {Section::kDebates, Section::kWhall, Section::kWrans, Section::kWms,
                       Section::kLords, Section::kLordsWrans, Section::kLordsWms}) {
    EXPECT_EQ(section_from_name(section_name(s)), s);
  }
  EXPECT_FALSE(section_from_name("standing"));
}

TEST(Section, FilePrefixesMapToSections) {
  EXPECT_EQ(section_from_file_prefix("answers"), Section::kWrans);
  EXPECT_EQ(section_from_file_prefix("ministerial"), Section::kWms);
  EXPECT_EQ(section_from_file_prefix("westminster"), Section::kWhall);
  EXPECT_FALSE(section_from_file_prefix("debate"));
}

}  // namespace
}  // namespace pw
