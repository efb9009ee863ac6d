#include "rules/word_table.hpp"

#include <string>

#include <gtest/gtest.h>

namespace pw::rules {
namespace {

TEST(WordTable, FindsWhatWasInsertedAcrossGrowth) {
  WordTable<int> table;
  EXPECT_EQ(table.find("nhs"), nullptr);
  for (int i = 0; i < 5000; ++i) table.insert("w" + std::to_string(i), i);
  table.insert("", -1);
  table.insert("a-word-longer-than-sixteen-bytes", -2);
  EXPECT_EQ(table.size(), 5002u);
  for (int i = 0; i < 5000; ++i) {
    const int* v = table.find("w" + std::to_string(i));
    ASSERT_NE(v, nullptr) << i;
    EXPECT_EQ(*v, i);
  }
  EXPECT_EQ(*table.find(""), -1);
  EXPECT_EQ(*table.find("a-word-longer-than-sixteen-bytes"), -2);
  EXPECT_EQ(table.find("a-word-longer-than-sixteen-bytez"), nullptr);
  EXPECT_EQ(table.find("w5000"), nullptr);
  table.clear();
  EXPECT_EQ(table.size(), 0u);
  EXPECT_EQ(table.find("w1"), nullptr);
}

TEST(WordTable, TellsApartWordsThatDifferInAnyOneByte) {
  WordTable<std::size_t> table;
  for (std::size_t n = 0; n <= 40; ++n) table.insert(std::string(n, 'a'), n);
  for (std::size_t n = 0; n <= 40; ++n) {
    const std::string word(n, 'a');
    ASSERT_NE(table.find(word), nullptr) << n;
    EXPECT_EQ(*table.find(word), n);
    for (std::size_t i = 0; i < n; ++i) {
      std::string other = word;
      other[i] = 'b';
      EXPECT_EQ(table.find(other), nullptr) << n << " " << i;
    }
  }
  EXPECT_EQ(table.find(std::string_view("a\0", 2)), nullptr);
}

TEST(WordTable, KeepsVeryLongWordsWhole) {
  WordTable<int> table;
  const std::string huge(100'000, 'x');
  table.insert(huge, 1);
  table.insert(huge.substr(0, 20), 2);
  EXPECT_EQ(*table.find(huge), 1);
  EXPECT_EQ(*table.find(huge.substr(0, 20)), 2);
  EXPECT_EQ(table.find(huge.substr(0, 99'999)), nullptr);
  EXPECT_EQ(table.find(huge + "x"), nullptr);
  EXPECT_EQ(table.find(huge.substr(0, 15)), nullptr);
}

TEST(WordTable, HashesDependOnEveryByte) {
  EXPECT_NE(hash_word("abcdefgh1"), hash_word("abcdefgh2"));
  EXPECT_NE(hash_word("ab"), hash_word("ba"));
  EXPECT_NE(hash_word(""), hash_word(std::string_view("\0", 1)));
  EXPECT_NE(hash_word("abcdefghijklmnopq"), hash_word("abcdefghijklmnopr"));
  EXPECT_NE(hash_word("abc"), hash_word("acc"));
}

TEST(PairTable, FindsPairsInOrderAndReplaces) {
  PairTable table;
  EXPECT_EQ(table.find(1, 2), PairTable::kAbsent);
  for (std::uint32_t i = 0; i < 3000; ++i) table.insert(i, i + 1, i * 10);
  table.insert(0, 0, 7);
  EXPECT_EQ(table.size(), 3001u);
  for (std::uint32_t i = 0; i < 3000; ++i) {
    ASSERT_EQ(table.find(i, i + 1), i * 10) << i;
    EXPECT_EQ(table.find(i + 1, i), PairTable::kAbsent) << i;
  }
  EXPECT_EQ(table.find(0, 0), 7u);
  table.insert(5, 6, 99);
  EXPECT_EQ(table.find(5, 6), 99u);
  EXPECT_EQ(table.size(), 3001u);
}

}  // namespace
}  // namespace pw::rules
