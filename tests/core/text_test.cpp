#include "core/text.hpp"

#include <string_view>

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace pw
