#include "rules/like.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace pw::rules {
namespace {

constexpr std::size_t kTermsShown = 8;
constexpr std::size_t kMinWordBytes = 4;

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
  s.heading = without_quotes(heading);
  const double docs = std::max<double>(corpus.docs(), 1);
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
    const double df = std::max<double>(corpus.doc_freq(stem), 1);
    ts.score = ts.count * std::log(1 + docs / df);
    s.terms.push_back(std::move(ts));
  }
  std::sort(s.terms.begin(), s.terms.end(), [](const TermScore& a, const TermScore& b) {
    return a.score != b.score ? a.score > b.score : a.stem < b.stem;
  });
  if (s.terms.size() > kTermsShown) s.terms.resize(kTermsShown);
  std::vector<std::string> parts;
  if (!s.heading.empty()) parts.push_back("\"" + s.heading + "\"");
  if (!s.terms.empty()) parts.push_back(s.terms[0].word);
  if (s.terms.size() >= 3) parts.push_back("(" + s.terms[1].word + " " + s.terms[2].word + ")");
  for (std::size_t i = 0; i < parts.size(); ++i) s.rule += (i ? " OR " : "") + parts[i];
  return s;
}

std::string follow_rule(const std::string& heading) {
  return "heading:\"" + without_quotes(heading) + "\"";
}

}  // namespace pw::rules
