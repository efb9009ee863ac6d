#pragma once

#include <cstdint>
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
};

// Collects a vocabulary from transcripts.
Vocabulary vocabulary_of(const std::vector<Transcript>& transcripts);

// Generates rule texts deterministically from `seed`, in the benchmark's
// mix: 50% single words, 20% phrases of 2-4 words, 10% boolean, 10% speaker
// (half with keywords), 5% NEAR, 5% wildcard.
class RuleGenerator {
 public:
  RuleGenerator(const Vocabulary& vocabulary, std::uint32_t seed);

  std::string next();

  // Kinds that every engine in the benchmark understands the same way:
  // single exact words, exact phrases, OR and AND of those, and exclusions.
  std::string next_shared();

 private:
  const std::string& word();
  std::string phrase();
  std::string boolean();

  const Vocabulary& v_;
  std::mt19937 rng_;
};

}  // namespace pw::bench
