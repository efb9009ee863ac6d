#include "rules/ascii_scan.hpp"

#include <array>
#include <cstdint>
#include <string>

#include <gtest/gtest.h>

namespace pw::rules::ascii {
namespace {

TEST(AsciiScan, ClassifiesEveryByteAtEveryPositionLikeTheTable) {
  for (int c = 0; c < 256; ++c) {
    for (unsigned at = 0; at < 64; at += 7) {
      std::string window(64, 'q');
      window[at] = static_cast<char>(c);
      const Block b = classify64(window.data());
      const std::uint8_t k = byte_class(static_cast<char>(c));
      EXPECT_EQ((b.alnum >> at) & 1, std::uint64_t{k == kLower || k == kUpper}) << c << " " << at;
      EXPECT_EQ((b.separator >> at) & 1, std::uint64_t{k == kSeparator}) << c << " " << at;
      EXPECT_EQ(b.alnum | std::uint64_t{1} << at, ~std::uint64_t{0}) << "the other bytes are 'q'";
    }
  }
}

TEST(AsciiScan, TableKnowsLettersDigitsJoinersAndTheRest) {
  EXPECT_EQ(byte_class('a'), kLower);
  EXPECT_EQ(byte_class('7'), kLower);
  EXPECT_EQ(byte_class('Q'), kUpper);
  EXPECT_EQ(byte_class('-'), kJoiner);
  EXPECT_EQ(byte_class('\''), kJoiner);
  EXPECT_EQ(byte_class(' '), kSeparator);
  EXPECT_EQ(byte_class('\0'), kSeparator);
  EXPECT_EQ(byte_class('@'), kSeparator);
  EXPECT_EQ(byte_class('['), kSeparator);
  EXPECT_EQ(byte_class(static_cast<char>(0xC3)), kHigh);
}

TEST(AsciiScan, LowersWordsOfEveryLengthWithoutReadingPastTheRoom) {
  const std::string upper = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0";
  ASSERT_EQ(upper.size(), 63u);
  for (std::size_t len = 0; len <= upper.size(); ++len) {
    const std::string word = upper.substr(0, len);  // room == len: no read past the word
    std::array<char, 64> out{};
    lower_alnum(word.data(), len, len, out.data());
    std::string expected = word;
    for (auto& c : expected) c = static_cast<char>(c | 0x20);
    EXPECT_EQ(std::string(out.data(), len), expected) << len;
    lower_alnum(upper.data(), len, upper.size(), out.data());
    EXPECT_EQ(std::string(out.data(), len), expected) << len;
  }
}

}  // namespace
}  // namespace pw::rules::ascii
