#include "core/text.hpp"

#include <string_view>

#include <gtest/gtest.h>

#include "core/person.hpp"

namespace pw {
namespace {

TEST(ControlAt, FindsC0C1AndLineSeparatorsButNotTabsOrLetters) {
  EXPECT_EQ(control_at("plain text\twith a tab"), std::string_view::npos);
  EXPECT_EQ(control_at("caf\xc3\xa9"), std::string_view::npos);
  EXPECT_EQ(control_at(std::string_view("ab\0c", 4)), 2u);
  EXPECT_EQ(control_at("x\ny"), 1u);
  EXPECT_EQ(control_at("x\x7f"), 1u);
  EXPECT_EQ(control_at("x\xc2\x85"), 1u);
  EXPECT_EQ(control_at("xy\xe2\x80\xa8"), 2u);
  EXPECT_EQ(control_at("\xe2\x80\x99"), std::string_view::npos);  // a right quote
}

TEST(AsciiLower, LowersOnlyAsciiCapitals) {
  EXPECT_EQ(ascii_lower("Vernon COAKER"), "vernon coaker");
  EXPECT_EQ(ascii_lower("\xc3\x89ire 42"), "\xc3\x89ire 42");  // "Éire": bytes past ASCII kept
  EXPECT_EQ(ascii_lower(""), "");
}

TEST(AllDigits, OnlyOneOrMoreAsciiDigits) {
  EXPECT_TRUE(all_digits("10121"));
  EXPECT_FALSE(all_digits(""));
  EXPECT_FALSE(all_digits("10121 "));
  EXPECT_FALSE(all_digits("-1"));
  EXPECT_FALSE(all_digits("\xd9\xa1"));  // an Arabic-Indic digit
}

TEST(PersonNumber, IsWhatFollowsTheLastSlash) {
  EXPECT_EQ(person_number("uk.org.publicwhip/person/10121"), "10121");
  EXPECT_EQ(person_number("10121"), "10121");
}

}  // namespace
}  // namespace pw
