#include "rules/like.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "rules/background.hpp"

namespace pw::rules {
namespace {

constexpr std::size_t kTermsShown = 8;
constexpr std::size_t kMinWordBytes = 3;
// A word in at most this share of items is specific enough to alert on
// alone; a commoner one only with another.
constexpr double kSpecificShare = 0.025;
// A heading is searched as a phrase when one of its words is in at most
// this share: the phrase is rarer than any of its words.
constexpr double kSpecificInPhraseShare = 0.05;

bool candidate_word(const std::string& w) {
  if (w.size() < kMinWordBytes || is_stop_word(w)) return false;
  return std::any_of(w.begin(), w.end(), [](char c) { return c < '0' || c > '9'; });
}

std::string without_quotes(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '"'), s.end());
  return s;
}

std::set<std::string> speaker_words(const std::vector<Item>& debate, Analyzer& analyzer) {
  std::set<std::string> out;
  for (const auto& item : debate) {
    for (const auto& t : analyzer.tokens(item.speaker.name)) out.insert(t.stem);
  }
  return out;
}

// The topic a ParlParse heading names: without bracketed notes ("[Sir
// Nicholas Winterton in the Chair]") and without what follows its first
// dash ("Health: Medicines — Question for Short Debate").
std::string heading_topic(const std::string& heading) {
  std::string plain;
  int depth = 0;
  for (const char c : heading) {
    if (c == '[') ++depth;
    if (depth == 0 && c != '"') plain += c;
    if (c == ']' && depth > 0) --depth;
  }
  static constexpr std::string_view kDash = "\xE2\x80\x94";  // U+2014
  std::size_t from = 0;
  while (from <= plain.size()) {
    const auto dash = std::min(plain.find(kDash, from), plain.size());
    auto part = plain.substr(from, dash - from);
    const auto first = part.find_first_not_of(" \t\n");
    if (first != std::string::npos) {
      return part.substr(first, part.find_last_not_of(" \t\n") - first + 1);
    }
    from = dash + kDash.size();
  }
  return "";
}

// Headings that recur in every sitting, whatever is discussed under them.
constexpr std::array<std::string_view, 24> kProceduralHeadings{"adjournment",
                                                               "bill presented",
                                                               "business before questions",
                                                               "business of the house",
                                                               "business without debate",
                                                               "decision time",
                                                               "deferred divisions",
                                                               "engagements",
                                                               "first minister's question time",
                                                               "general question time",
                                                               "members' business",
                                                               "oral answers to questions",
                                                               "orders of the day",
                                                               "petition",
                                                               "petitions",
                                                               "point of order",
                                                               "points of order",
                                                               "prayers",
                                                               "question time",
                                                               "royal assent",
                                                               "speaker's statement",
                                                               "topical questions",
                                                               "written answers",
                                                               "written ministerial statements"};

// A heading names a topic when it is not a procedural one and one of its
// words is specific (rare in the archive and the background).
template <typename Specific>
bool specific_heading(const std::string& heading, const Specific& specific, Analyzer& analyzer) {
  std::string lower;
  for (const char c : heading) lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  if (std::find(kProceduralHeadings.begin(), kProceduralHeadings.end(), lower) !=
      kProceduralHeadings.end()) {
    return false;
  }
  const auto words = analyzer.tokens(heading);
  return std::any_of(words.begin(), words.end(),
                     [&](const Token& t) { return !is_stop_word(t.exact) && specific(t.stem); });
}

}  // namespace

void CorpusStats::add(std::string_view text, Analyzer& analyzer) {
  std::set<std::string> stems;
  for (const auto& t : analyzer.tokens(text)) stems.insert(t.stem);
  for (const auto& s : stems) ++df_[s];
  ++docs_;
}

std::uint32_t CorpusStats::doc_freq(const std::string& stem) const {
  const auto it = df_.find(stem);
  return it == df_.end() ? 0 : it->second;
}

LikeSuggestion suggest_like_rule(const std::vector<Item>& debate, const std::string& heading,
                                 const CorpusStats& corpus, Analyzer& analyzer) {
  const auto names = speaker_words(debate, analyzer);
  std::map<std::string, std::map<std::string, std::uint32_t>> forms;  // stem -> word -> count
  for (const auto& item : debate) {
    for (const auto& t : analyzer.tokens(item.text)) {
      if (!t.joined && candidate_word(t.exact) && names.count(t.stem) == 0)
        ++forms[t.stem][t.exact];
    }
  }
  LikeSuggestion s;
  s.heading = heading_topic(heading);
  const double docs = std::max<double>(corpus.docs() + BackgroundStats::docs(), 1);
  for (const auto& [stem, words] : forms) {
    TermScore ts{{}, stem, 0, 0};
    std::uint32_t best = 0;
    for (const auto& [word, n] : words) {
      ts.count += n;
      if (n > best) {
        best = n;
        ts.word = word;
      }
    }
    const double df = std::max<double>(corpus.doc_freq(stem) + BackgroundStats::doc_freq(stem), 1);
    ts.score = ts.count * std::log(1 + docs / df);
    s.terms.push_back(std::move(ts));
  }
  std::sort(s.terms.begin(), s.terms.end(), [](const TermScore& a, const TermScore& b) {
    return a.score != b.score ? a.score > b.score : a.stem < b.stem;
  });
  if (s.terms.size() > kTermsShown) s.terms.resize(kTermsShown);
  const auto specific = [&](const std::string& stem) {
    const double df = corpus.doc_freq(stem) + BackgroundStats::doc_freq(stem);
    return df <= kSpecificShare * docs;
  };
  std::vector<std::string> parts;
  const auto specific_in_phrase = [&](const std::string& stem) {
    const double df = corpus.doc_freq(stem) + BackgroundStats::doc_freq(stem);
    return df <= kSpecificInPhraseShare * docs;
  };
  if (!s.heading.empty() && specific_heading(s.heading, specific_in_phrase, analyzer)) {
    parts.push_back("\"" + s.heading + "\"");
  }
  const auto& t = s.terms;
  if (!t.empty() && (t.size() < 3 || specific(t[0].stem))) parts.push_back(t[0].word);
  if (t.size() >= 3) {
    if (specific(t[0].stem)) {
      parts.push_back("(" + t[1].word + " " + t[2].word + ")");
    } else {
      parts.push_back("(" + t[0].word + " " + t[1].word + ")");
      parts.push_back("(" + t[0].word + " " + t[2].word + ")");
    }
  }
  for (std::size_t i = 0; i < parts.size(); ++i) s.rule += (i ? " OR " : "") + parts[i];
  return s;
}

std::string follow_rule(const std::string& heading) {
  return "heading:\"" + without_quotes(heading) + "\"";
}

}  // namespace pw::rules
