#include "rules/analyzer.hpp"
#include <utility>

#include <cctype>
#include <random>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace pw::rules {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> exact(std::string_view text) {
  Analyzer a;
  std::vector<std::string> out;
  for (const auto& t : a.tokens(text)) out.push_back(t.exact + (t.joined ? "+" : ""));
  return out;
}

std::vector<std::string> stems(std::string_view text) {
  Analyzer a;
  std::vector<std::string> out;
  for (const auto& t : a.tokens(text)) {
    if (!t.joined) out.push_back(t.stem);
  }
  return out;
}

TEST(Analyzer, FoldsCaseAndDiacritics) {
  EXPECT_THAT(exact("Sinn F\u00e9in UME\u00c5"), ElementsAre("sinn", "fein", "umea"));
  EXPECT_EQ(exact("F\u00e9in"), exact("Fein"));
}

TEST(Analyzer, StraightensCurlyApostrophesAndDropsPossessives) {
  EXPECT_THAT(exact("the minister\u2019s view"), ElementsAre("the", "minister", "view"));
  EXPECT_THAT(exact("the minister's view"), ElementsAre("the", "minister", "view"));
  EXPECT_THAT(exact("ministers' views"), ElementsAre("ministers", "views"));
  EXPECT_THAT(exact("don't O'Brien"), ElementsAre("dont", "obrien"));
}

TEST(Analyzer, HyphenatedWordsGiveTheirPartsAndTheJoinedWord) {
  Analyzer a;
  const auto tokens = a.tokens("anti-social behaviour");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].exact, "antisocial");
  EXPECT_TRUE(tokens[0].joined);
  EXPECT_EQ(tokens[0].pos, 0u);
  EXPECT_EQ(tokens[1].exact, "anti");
  EXPECT_EQ(tokens[1].pos, 0u);
  EXPECT_EQ(tokens[2].exact, "social");
  EXPECT_EQ(tokens[2].pos, 1u);
  EXPECT_EQ(tokens[3].pos, 2u);
  EXPECT_THAT(exact("well -known -- 2009-10"),
              ElementsAre("well", "known", "200910+", "2009", "10"));
}

TEST(Analyzer, PunctuationAndDashesSeparateWords) {
  EXPECT_THAT(exact("raised\u2014adverts (in papers), \"quotes\"; 1,500"),
              ElementsAre("raised", "adverts", "in", "papers", "quotes", "1", "500"));
  EXPECT_TRUE(exact(" \n\t\u2014 -- '' ").empty());
}

TEST(Analyzer, PlainAndAccentedWordsMixWithoutLosingPositions) {
  Analyzer a;
  const auto tokens = a.tokens("Clause 12A, the BILL's na\u00efve\nre-Committal MPs");
  std::vector<std::string> words;
  std::vector<std::uint32_t> positions;
  for (const auto& t : tokens) {
    words.push_back(t.exact + (t.joined ? "+" : ""));
    positions.push_back(t.pos);
  }
  EXPECT_THAT(words, ElementsAre("clause", "12a", "the", "bill", "naive", "recommittal+", "re",
                                 "committal", "mps"));
  EXPECT_THAT(positions, ElementsAre(0, 1, 2, 3, 4, 5, 5, 6, 7));
}

TEST(Analyzer, LongWordsAreWholeWhateverTheirLength) {
  const std::string long_word =
      "Pneumonoultramicroscopicsilicovolcanoconiosis" + std::string(30, 'S');
  std::string folded = long_word;
  for (auto& c : folded) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_THAT(exact("a " + long_word + " B" + long_word + ".Z"),
              ElementsAre("a", folded, "b" + folded, "z"));
  EXPECT_THAT(exact("@ZZ9 Plural Z Alpha"), ElementsAre("zz9", "plural", "z", "alpha"));
}

// Random text from `alphabet`, with now and then a word longer than the
// analyzer's 64-byte windows.
std::string random_text(std::mt19937& rng, std::string_view alphabet, std::size_t size) {
  std::string text;
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> percent(0, 99);
  while (text.size() < size) {
    if (percent(rng) == 0)
      text += " " + std::string(60 + static_cast<std::size_t>(percent(rng)), 'W');
    text += alphabet[pick(rng)];
  }
  return text;
}

// Each token as "exact@pos", "+" marking a joined form.
std::vector<std::string> described(const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  out.reserve(tokens.size());
  for (const auto& t : tokens) {
    out.push_back(t.exact + "@" + std::to_string(t.pos) + (t.joined ? "+" : ""));
  }
  return out;
}

TEST(Analyzer, PlainTextSplitsAtEveryNonAlphanumericByte) {
  std::mt19937 rng(7);
  Analyzer a;
  for (int round = 0; round < 200; ++round) {
    const std::string text = random_text(rng, "aBcDeF019   ,.;:()!?\n\t\"", 300);
    std::vector<std::string> expected;
    std::string word;
    for (const char c : text + " ") {
      if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
        word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      } else if (!word.empty()) {
        expected.push_back(std::exchange(word, {}));
      }
    }
    std::vector<std::string> got;
    for (const auto& t : a.tokens(text)) {
      EXPECT_EQ(t.pos, got.size());
      got.push_back(t.exact);
    }
    ASSERT_EQ(got, expected) << text;
  }
}

TEST(Analyzer, WordsDoNotDependOnWhereTheTextStarts) {
  std::mt19937 rng(11);
  Analyzer a;
  for (int round = 0; round < 40; ++round) {
    const std::string text =
        random_text(rng, "aBcDeF019   ,.-'-\xc3\xa9\xe2\x80\x99 ", 200);  // é and ’ in pieces
    const auto expected = described(a.tokens(text));
    for (std::size_t shift = 1; shift <= 70; ++shift) {
      ASSERT_EQ(described(a.tokens(std::string(shift, ' ') + text)), expected) << shift;
    }
  }
}

TEST(Analyzer, SurvivesInvalidUtf8) {
  EXPECT_THAT(exact("caf\xe9 ok"), ElementsAre("caf", "ok"));
}

TEST(Analyzer, StemsWithSnowballEnglish) {
  EXPECT_THAT(stems("trafficking trafficked traffickers"),
              ElementsAre("traffick", "traffick", "traffick"));
  EXPECT_THAT(stems("news victims"), ElementsAre("news", "victim"));  // not the old Porter "new"
}

TEST(Analyzer, AmericanSpellingsStemLikeBritishOnes) {
  EXPECT_EQ(stems("organize"), stems("organise"));
  EXPECT_EQ(stems("organization"), stems("organisation"));
  EXPECT_EQ(stems("labor"), stems("labour"));
  EXPECT_EQ(stems("defense"), stems("defence"));
  EXPECT_NE(stems("program"), stems("programme"));  // different meanings: not in the table
  EXPECT_EQ(british_spelling("color"), "colour");
  EXPECT_EQ(british_spelling("colour"), "colour");
}

TEST(Analyzer, StopWordsAreKnown) {
  EXPECT_TRUE(is_stop_word("the"));
  EXPECT_TRUE(is_stop_word("of"));
  EXPECT_FALSE(is_stop_word("trafficking"));
}

}  // namespace
}  // namespace pw::rules
