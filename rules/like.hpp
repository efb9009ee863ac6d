#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/transcript.hpp"
#include "rules/analyzer.hpp"

namespace pw::rules {

// How many items of a corpus contain each stem.
class CorpusStats {
 public:
  // Counts one item's distinct stems.
  void add(std::string_view text, Analyzer& analyzer);
  std::uint32_t doc_freq(const std::string& stem) const;
  std::uint32_t docs() const { return docs_; }

 private:
  std::unordered_map<std::string, std::uint32_t> df_;
  std::uint32_t docs_ = 0;
};

// One word of a debate, ranked by how distinctive it is.
struct TermScore {
  std::string word;  // the form used most often in the debate
  std::string stem;
  std::uint32_t count = 0;  // occurrences in the debate
  double score = 0;         // count x log(docs / doc_freq)
};

// A proposed "debates like this" rule and why.
struct LikeSuggestion {
  std::string rule;              // e.g. "People Trafficking" OR trafficking OR (pentameter victims)
  std::string heading;           // the debate's topic, from its heading
  std::vector<TermScore> terms;  // most distinctive first
};

// Builds a rule for debates like the given one: its topic (the heading
// without bracketed notes and what follows its first dash) as a phrase when
// it is not procedural and has a word in under 5% of items, OR its most
// distinctive word (alone only if in under 2.5% of items, else paired), OR
// its next two together. Words are ranked by tf-idf against `corpus` plus
// the shipped background (rules/background.hpp). Stop words, numbers,
// words under three letters and the words of speakers' names are never
// chosen. Pure.
LikeSuggestion suggest_like_rule(const std::vector<Item>& debate, const std::string& heading,
                                 const CorpusStats& corpus, Analyzer& analyzer);

// A rule that follows the debate itself: new items under the same heading.
std::string follow_rule(const std::string& heading);

}  // namespace pw::rules
