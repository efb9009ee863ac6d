#include "rules/doc_terms.hpp"

#include <algorithm>

#include "rules/query.hpp"

namespace pw::rules {
namespace {

// A day's vocabulary is tens of thousands of words; the bound only keeps a
// long-running daemon's cache from growing without end.
constexpr std::size_t kMaxCachedWords = 200'000;

}  // namespace

bool has_departments(Section s) {
  return s == Section::kWrans || s == Section::kWms || s == Section::kLordsWrans ||
         s == Section::kLordsWms;
}

std::string department_of(const Item& item, Section section) {
  if (!has_departments(section)) return {};
  if (item.kind == ItemKind::kMajorHeading) return item.text;
  return item.headings.empty() ? std::string() : item.headings.front();
}

const DocTerms::WordTerms& DocTerms::terms_of(const std::string& word, Analyzer& analyzer,
                                              const TermDict& dict) {
  const auto found = cache_.find(std::string_view(word));
  if (found != cache_.end()) return found->second;
  if (cache_.size() >= kMaxCachedWords) cache_.clear();
  WordTerms t;
  t.exact = dict.find(term::kExact, word);
  t.stem = dict.find(term::kStem, analyzer.stem(word));
  const std::size_t longest = std::min(dict.max_prefix(), word.size());
  for (std::size_t len = 3; len <= longest; ++len) {
    const std::uint32_t id = dict.find(term::kPrefix, std::string_view(word).substr(0, len));
    if (id != TermDict::kNone) t.prefixes.push_back(id);
  }
  return cache_.emplace(word, std::move(t)).first->second;
}

void DocTerms::add(std::uint32_t id, std::uint32_t pos) {
  if (id != TermDict::kNone) entries_.push_back((std::uint64_t{id} << 32) | pos);
}

void DocTerms::add_words(Analyzer& analyzer, const TermDict& dict) {
  const bool bigrams = dict.has_bigrams();
  std::string pair;
  const Word* previous = nullptr;
  std::uint32_t previous_exact = TermDict::kNone;
  for (const Word& w : words_) {
    const WordTerms& t = terms_of(w.exact, analyzer, dict);
    add(t.exact, w.pos);
    add(t.stem, w.pos);
    for (const auto id : t.prefixes) add(id, w.pos);
    if (w.joined) continue;
    // A pair can be a phrase's anchor only if both words occur in some phrase.
    if (bigrams && previous_exact != TermDict::kNone && t.exact != TermDict::kNone) {
      pair.assign(previous->exact).append(" ").append(w.exact);
      add(dict.find(term::kBigram, pair), previous->pos);
    }
    previous = &w;
    previous_exact = t.exact;
  }
}

void DocTerms::add_filters(const Item& item, Section section, Analyzer& analyzer,
                           const TermDict& dict) {
  const bool spoken = item.kind == ItemKind::kSpeech || item.kind == ItemKind::kQuestion ||
                      item.kind == ItemKind::kAnswer;
  if (spoken && item.speaker.known()) {
    add(dict.find(term::kSpeaker, item.speaker.person_id), 0);
    if (!item.speaker.party.empty()) {
      add(dict.find(term::kParty, canonical_party(item.speaker.party)), 0);
    }
  }
  add(dict.find(term::kSection, section_name(section)), 0);
  const std::string department = department_of(item, section);
  if (!department.empty()) {
    for (const auto id : heading_terms(department, analyzer, dict, true)) add(id, 0);
  }
  for (const auto& h : item.headings) {
    for (const auto id : heading_terms(h, analyzer, dict, false)) add(id, 0);
  }
  if (is_heading(item.kind)) {
    for (const auto id : heading_terms(item.text, analyzer, dict, false)) add(id, 0);
  }
}

const std::vector<std::uint32_t>& DocTerms::heading_terms(const std::string& heading,
                                                          Analyzer& analyzer, const TermDict& dict,
                                                          bool department) {
  auto& cache = department ? departments_ : headings_;
  const auto found = cache.find(std::string_view(heading));
  if (found != cache.end()) return found->second;
  if (cache.size() >= kMaxCachedWords) cache.clear();
  std::vector<std::uint32_t> ids;
  if (department) {
    for (const auto& t : analyzer.tokens(heading))
      ids.push_back(dict.find(term::kDepartment, t.exact));
  } else {
    ids.push_back(dict.find(term::kHeading, fold_text(heading)));
  }
  ids.erase(std::remove(ids.begin(), ids.end(), TermDict::kNone), ids.end());
  return cache.emplace(heading, std::move(ids)).first->second;
}

void DocTerms::finish(std::size_t term_count) {
  std::sort(entries_.begin(), entries_.end());
  entries_.erase(std::unique(entries_.begin(), entries_.end()), entries_.end());
  if (index_of_.size() < term_count) {
    index_of_.resize(term_count);
    stamp_.resize(term_count, 0);
  }
  if (++generation_ == 0) {  // wrapped: forget every old stamp
    std::fill(stamp_.begin(), stamp_.end(), 0);
    generation_ = 1;
  }
  for (const std::uint64_t e : entries_) {
    const auto id = static_cast<std::uint32_t>(e >> 32);
    if (ids_.empty() || ids_.back() != id) {
      index_of_[id] = static_cast<std::uint32_t>(ids_.size());
      stamp_[id] = generation_;
      ids_.push_back(id);
      starts_.push_back(static_cast<std::uint32_t>(positions_.size()));
    }
    positions_.push_back(static_cast<std::uint32_t>(e & 0xffffffffu));
  }
  starts_.push_back(static_cast<std::uint32_t>(positions_.size()));
}

void DocTerms::build(const Item& item, Section section, Analyzer& analyzer, const TermDict& dict) {
  if (cached_version_ != dict.version()) {  // another rule set, or rules added
    cache_.clear();
    headings_.clear();
    departments_.clear();
    cached_version_ = dict.version();
  }
  entries_.clear();
  ids_.clear();
  starts_.clear();
  positions_.clear();
  analyzer.words(item.text, words_);
  add_words(analyzer, dict);
  add_filters(item, section, analyzer, dict);
  finish(dict.size());
}

std::span<const std::uint32_t> DocTerms::positions(std::uint32_t id) const {
  if (id >= stamp_.size() || stamp_[id] != generation_) return {};
  const std::uint32_t i = index_of_[id];
  return std::span<const std::uint32_t>(positions_)
      .subspan(starts_[i], starts_[i + 1] - starts_[i]);
}

}  // namespace pw::rules
