#include <utility>

#include <algorithm>
#include <array>

#include "rules/analyzer.hpp"

namespace pw::rules {
namespace {

// American -> British, sorted by the American form. Pairs whose two
// spellings mean different things in Hansard are left out (program /
// programme, check / cheque, tire / tyre, story / storey, meter / metre).
constexpr std::array<std::pair<std::string_view, std::string_view>, 44> kSpellings{{
    {"aging", "ageing"},
    {"analyze", "analyse"},
    {"analyzed", "analysed"},
    {"analyzing", "analysing"},
    {"behavior", "behaviour"},
    {"behaviors", "behaviours"},
    {"center", "centre"},
    {"centers", "centres"},
    {"color", "colour"},
    {"colors", "colours"},
    {"criticize", "criticise"},
    {"criticized", "criticised"},
    {"defense", "defence"},
    {"enrollment", "enrolment"},
    {"favor", "favour"},
    {"favorable", "favourable"},
    {"fulfill", "fulfil"},
    {"harbor", "harbour"},
    {"honor", "honour"},
    {"jewelry", "jewellery"},
    {"labor", "labour"},
    {"license", "licence"},
    {"modernize", "modernise"},
    {"neighbor", "neighbour"},
    {"neighborhood", "neighbourhood"},
    {"neighbors", "neighbours"},
    {"offense", "offence"},
    {"offenses", "offences"},
    {"organization", "organisation"},
    {"organizations", "organisations"},
    {"organize", "organise"},
    {"organized", "organised"},
    {"pediatric", "paediatric"},
    {"prioritize", "prioritise"},
    {"realize", "realise"},
    {"recognize", "recognise"},
    {"recognized", "recognised"},
    {"skeptical", "sceptical"},
    {"theater", "theatre"},
    {"traveled", "travelled"},
    {"traveling", "travelling"},
    {"utilize", "utilise"},
    {"vapor", "vapour"},
    {"whiskey", "whisky"},
}};

// Sorted; common words that would make useless anchors (every speech has them).
constexpr std::array<std::string_view, 64> kStopWords{
    "a",    "about", "after", "all",   "also",  "an",    "and",   "any",   "are",  "as",  "at",
    "be",   "been",  "but",   "by",    "can",   "could", "do",    "for",   "from", "had", "has",
    "have", "he",    "her",   "his",   "i",     "if",    "in",    "into",  "is",   "it",  "its",
    "may",  "more",  "my",    "no",    "not",   "of",    "on",    "one",   "or",   "our", "s",
    "she",  "so",    "that",  "the",   "their", "them",  "there", "they",  "this", "to",  "was",
    "we",   "were",  "what",  "which", "who",   "will",  "with",  "would", "you"};

}  // namespace

std::string_view british_spelling(std::string_view word) {
  const auto it =
      std::lower_bound(kSpellings.begin(), kSpellings.end(), word,
                       [](const auto& entry, std::string_view w) { return entry.first < w; });
  return (it != kSpellings.end() && it->first == word) ? it->second : word;
}

bool is_stop_word(std::string_view word) {
  return std::binary_search(kStopWords.begin(), kStopWords.end(), word);
}

}  // namespace pw::rules
