#include "deliver/mime.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace pw::deliver {
namespace {

using ::testing::HasSubstr;

TEST(QuotedPrintable, EscapesWhatItMustAndKeepsLinesShort) {
  EXPECT_EQ(quoted_printable("plain text\n"), "plain text\r\n");
  EXPECT_EQ(quoted_printable("a=b"), "a=3Db");
  EXPECT_EQ(quoted_printable("Sinn F\u00e9in"), "Sinn F=C3=A9in");
  EXPECT_EQ(quoted_printable("trailing space \nnext"), "trailing space=20\r\nnext");
  const auto long_line = quoted_printable(std::string(200, 'x'));
  EXPECT_THAT(long_line, HasSubstr("=\r\n"));
  std::size_t start = 0;
  while (start < long_line.size()) {
    const auto end = std::min(long_line.find("\r\n", start), long_line.size());
    EXPECT_LE(end - start, 76u);
    start = end + 2;
  }
  EXPECT_EQ(quoted_printable("=_ boundary-like").find("=_"), std::string::npos);
}

TEST(EncodeHeader, AsciiIsKeptOtherTextBecomesEncodedWords) {
  EXPECT_EQ(encode_header("plain subject"), "plain subject");
  EXPECT_EQ(encode_header("Sinn F\u00e9in"), "=?UTF-8?B?U2lubiBGw6lpbg==?=");
  const auto long_value = encode_header(std::string(30, 'a') + "\u00e9" + std::string(60, 'b'));
  EXPECT_THAT(long_value, HasSubstr("?=\r\n =?UTF-8?B?"));
  EXPECT_EQ(header_line("Subject", "short"), "Subject: short\r\n");
  const auto folded = header_line("Subject", std::string(60, 'a') + " " + std::string(30, 'b'));
  EXPECT_EQ(folded, "Subject: " + std::string(60, 'a') + "\r\n " + std::string(30, 'b') + "\r\n");
  EXPECT_EQ(encode_address("Alerts <a@example.org>"), "Alerts <a@example.org>");
  EXPECT_EQ(encode_address("F\u00e9in <a@example.org>"), "=?UTF-8?B?RsOpaW4=?= <a@example.org>");
}

TEST(Wrap, BreaksAtSpacesKeepsIndentAndLongWords) {
  EXPECT_EQ(wrap("one two three", 7), "one two\nthree");
  EXPECT_EQ(wrap("  indented text here", 10), "  indented\n  text\n  here");
  EXPECT_EQ(wrap("see https://example.org/a/very/long/url", 10),
            "see\nhttps://example.org/a/very/long/url");
  EXPECT_EQ(wrap("\u00e9\u00e9\u00e9 \u00e9\u00e9", 6), "\u00e9\u00e9\u00e9 \u00e9\u00e9");
  EXPECT_EQ(wrap("a\n\nb", 72), "a\n\nb");
}

TEST(MarkTerms, MarksWordsStartingWithATerm) {
  EXPECT_EQ(
      mark_terms("Trafficking and traffickers, not untrafficked", {"traffick"}, "*", "*", false),
      "*Trafficking* and *traffickers*, not untrafficked");
  EXPECT_EQ(mark_terms("a <b> & trafficking", {"traffick"}, "<b>", "</b>", true),
            "a &lt;b&gt; &amp; <b>trafficking</b>");
  EXPECT_EQ(url_encode("a b&c/\u00e9"), "a%20b%26c%2F%C3%A9");
}

}  // namespace
}  // namespace pw::deliver
