#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sb_stemmer;

namespace pw::rules {

// One word of analysed text.
struct Token {
  std::string exact;      // folded surface form: "trafficked", "antisocial"
  std::string stem;       // Snowball english stem after spelling normalisation: "traffick"
  std::uint32_t pos = 0;  // word position; a hyphen-joined form shares its first part's
  bool joined = false;    // the joined form of a hyphenated word ("anti-social" -> "antisocial")
};

// Receives the words of a text, in order, from Analyzer::for_each_word.
class WordSink {
 public:
  // One word: its folded form (valid during the call), its position, and
  // whether it is a hyphenated word's joined form (which comes before its
  // parts and shares the first part's position).
  virtual void word(std::string_view exact, std::uint32_t pos, bool joined) = 0;

 protected:
  WordSink() = default;
  WordSink(const WordSink&) = default;
  WordSink& operator=(const WordSink&) = default;
  ~WordSink() = default;
};

// The one text analyzer for transcripts and rules:
// - curly apostrophes become ', then Unicode case folding and diacritic
//   folding (Féin = fein);
// - words are runs of letters and digits; an apostrophe or hyphen between
//   two of them stays inside the word;
// - possessives are dropped (minister's, ministers' -> minister(s)), other
//   apostrophes removed (don't -> dont);
// - a hyphenated word yields its parts at consecutive positions and, at the
//   first part's position, the parts joined (anti-social -> anti, social,
//   antisocial);
// - stems: a British/American spelling table (organize -> organise) then
//   Snowball "english". Stop words are kept.
// Not thread-safe (the stemmer and its cache are per object); use one per
// thread.
class Analyzer {
 public:
  Analyzer();
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;
  Analyzer(Analyzer&&) noexcept;
  Analyzer& operator=(Analyzer&&) noexcept;

  // Tokens of `text` in order.
  std::vector<Token> tokens(std::string_view text);

  // Passes the words of `text`, without stems, to `sink`. Allocates
  // nothing for plain ASCII words, the bulk of a transcript.
  void for_each_word(std::string_view text, WordSink& sink);

  // The stem of one folded word (cached).
  const std::string& stem(const std::string& word);

 private:
  struct StemmerDeleter {
    void operator()(sb_stemmer* s) const;
  };
  void fold_into(std::int32_t codepoint, std::string& out);

  std::unique_ptr<sb_stemmer, StemmerDeleter> stemmer_;
  std::unordered_map<std::string, std::string> stems_;
  std::unordered_map<std::int32_t, std::string> folded_;  // non-ASCII code point -> folded UTF-8
};

// Returns `text` case- and diacritic-folded with curly quotes and
// apostrophes made straight. Invalid UTF-8 bytes become spaces.
std::string fold_text(std::string_view text);

// Returns the British spelling of an American one (organize -> organise,
// labor -> labour), or `word` itself. Only pairs that never change meaning
// are listed (program/programme is not).
std::string_view british_spelling(std::string_view word);

// True for common English words that are never used as an index anchor.
bool is_stop_word(std::string_view word);

}  // namespace pw::rules
