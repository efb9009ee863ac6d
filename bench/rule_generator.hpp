#pragma once

#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/transcript.hpp"

namespace pw::bench {

// What rules are made of: the words, adjacent word runs and speakers of a
// corpus.
struct Vocabulary {
  std::vector<std::string> words;                 // distinct lowercase words, 4+ letters
  std::vector<std::vector<std::string>> phrases;  // runs of 2-4 adjacent words
  std::vector<std::string> people;                // person id numbers of known speakers
  // For the realistic population: words of 5+ letters in at most two items
  // of the corpus, and two-word runs found in exactly one.
  std::vector<std::string> rare_words;
  std::vector<std::vector<std::string>> rare_phrases;
};

// The benchmark's week: the five 2009 fixture files in `data`, the largest
// day (answers2009-10-28c.xml) first, speakers resolved with the members
// data there. Throws on an unreadable or bad file.
std::vector<Transcript> load_week(const std::filesystem::path& data);
// The realistic population's background corpus: other sittings among the
// fixtures (Commons 2007 and 2023, Northern Ireland, Scotland), so its
// rare words and its speakers are not drawn from the week being ingested.
std::vector<Transcript> load_background(const std::filesystem::path& data);

// Collects a vocabulary from transcripts.
Vocabulary vocabulary_of(const std::vector<Transcript>& transcripts);

// Generates rule texts deterministically from `seed`, in the benchmark's
// mix: 50% single words, 20% phrases of 2-4 words, 10% boolean, 10% speaker
// (half with keywords), 5% NEAR, 5% wildcard.
class RuleGenerator {
 public:
  RuleGenerator(const Vocabulary& vocabulary, std::uint32_t seed);

  std::string next();

  // The realistic population (BENCHMARKS.md): topic words and phrases rare
  // in the corpus, so a keyword rule fires on few sitting days. 40% rare
  // words, 20% rare two-word phrases, 20% speaker rules, 10% rare words
  // within a section (debates or wrans), 10% rare words of a party. The
  // words are quoted (exact), so stemming does not merge a rare form
  // ("personally") with a common one ("person").
  std::string next_realistic();

  // Kinds that every engine in the benchmark understands the same way:
  // single exact words, exact phrases, OR and AND of those, and exclusions.
  std::string next_shared();

 private:
  const std::string& word();
  const std::string& rare_word();
  std::string phrase();
  std::string boolean();

  const Vocabulary& v_;
  std::mt19937 rng_;
};

}  // namespace pw::bench
