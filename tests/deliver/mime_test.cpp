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

// RFC 2045's rules one byte at a time, as the encoder first did: the
// reference for the encoder, which copies runs of plain bytes at once.
std::string quoted_printable_bytewise(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  std::size_t column = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      out += "\r\n";
      column = 0;
      continue;
    }
    if (c == '\r') continue;
    const bool before_eol = i + 1 == text.size() || text[i + 1] == '\n';
    const bool literal =
        (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !before_eol);
    const std::string piece = literal ? std::string(1, static_cast<char>(c))
                                      : std::string{'=', kHex[c >> 4], kHex[c & 0xf]};
    if (column + piece.size() > 75) {
      out += "=\r\n";
      column = 0;
    }
    out += piece;
    column += piece.size();
  }
  return out;
}

TEST(QuotedPrintable, AgreesWithTheBytewiseRulesOnRandomText) {
  const std::string alphabet[] = {
      "a", "Z", " ", "\t", "\n", "\r", "=", "\xc3\xa9", "  \n", std::string(70, 'w'), "x y ", "~"};
  std::uint32_t seed = 12345;
  const auto next = [&seed] {
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
  };
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const auto pieces = next() % 40;
    for (std::uint32_t k = 0; k < pieces; ++k) text += alphabet[next() % std::size(alphabet)];
    ASSERT_EQ(quoted_printable(text), quoted_printable_bytewise(text)) << text;
  }
}

TEST(HtmlEscape, EscapesTheFiveSpecialCharactersAndKeepsTheRest) {
  EXPECT_EQ(html_escape(""), "");
  EXPECT_EQ(html_escape("plain text, caf\u00e9"), "plain text, caf\u00e9");
  EXPECT_EQ(html_escape("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  EXPECT_EQ(html_escape("&&"), "&amp;&amp;");
  EXPECT_EQ(html_escape("x'"), "x&#39;");
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

TEST(Wrap, AListItemHangsItsContinuationUnderItsText) {
  EXPECT_EQ(wrap("* FOREIGN AFFAIRS > International Cooperation", 24),
            "* FOREIGN AFFAIRS >\n  International\n  Cooperation");
  EXPECT_EQ(wrap("  * nested item text", 13), "  * nested\n    item text");
  EXPECT_EQ(wrap("*emphasis* is not an item", 12), "*emphasis*\nis not an\nitem");
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
