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
         s == Section::kLordsWms || s == Section::kSpWrans;
}

std::string department_of(const Item& item, Section section) {
  if (!has_departments(section)) return {};
  if (item.kind == ItemKind::kMajorHeading) return item.text;
  return item.headings.empty() ? std::string() : item.headings.front();
}

std::string department_letters(std::string_view heading) {
  std::string out;
  for (const char c : fold_text(heading)) {
    if (c >= 'a' && c <= 'z') out += c;
  }
  return out;
}

const DocTerms::WordTerms& DocTerms::learn(std::string_view word) {
  if (cache_.size() >= kMaxCachedWords) clear_caches();
  WordTerms t;
  t.exact = dict_->find(term::kExact, word);
  t.stem = dict_->find(term::kStem, analyzer_->stem(std::string(word)));
  t.starts_pair = dict_->starts_pair(t.exact);
  t.ends_pair = dict_->ends_pair(t.exact);
  t.first_prefix = static_cast<std::uint32_t>(prefixes_.size());
  const std::size_t longest = std::min(dict_->max_prefix(), word.size());
  for (std::size_t len = 3; len <= longest; ++len) {
    const std::uint32_t id = dict_->find(term::kPrefix, word.substr(0, len));
    if (id != TermDict::kNone) prefixes_.push_back(id);
  }
  t.prefix_count = static_cast<std::uint16_t>(prefixes_.size() - t.first_prefix);
  return cache_.insert(word, t);
}

void DocTerms::clear_caches() {
  cache_.clear();
  prefixes_.clear();
  speakers_.clear();
  parties_.clear();
  context_.valid = false;
  headings_.clear();
  departments_.clear();
}

void DocTerms::word(std::string_view exact, std::uint32_t pos, bool joined) {
  const WordTerms& t = terms_of(exact);
  add(t.exact, pos);
  add(t.stem, pos);
  for (std::uint32_t i = 0; i < t.prefix_count; ++i) add(prefixes_[t.first_prefix + i], pos);
  if (joined) {
    joined_terms_.push_back(t.exact);
    joined_terms_.push_back(t.stem);
    for (std::uint32_t i = 0; i < t.prefix_count; ++i) {
      joined_terms_.push_back(prefixes_[t.first_prefix + i]);
    }
    return;
  }
  if (previous_starts_pair_ && t.ends_pair) {
    add(dict_->find_pair(previous_exact_, t.exact), previous_pos_);
  }
  previous_exact_ = t.exact;
  previous_starts_pair_ = t.starts_pair;
  previous_pos_ = pos;
}

void DocTerms::add_filters(const Item& item, Section section, Analyzer& analyzer,
                           const TermDict& dict) {
  const bool spoken = item.kind == ItemKind::kSpeech || item.kind == ItemKind::kQuestion ||
                      item.kind == ItemKind::kAnswer;
  if (spoken && item.speaker.known()) {
    add(speaker_term(item.speaker.person_id, dict), 0);
    if (!item.speaker.party.empty()) add(party_term(item.speaker.party, dict), 0);
  }
  for (const auto id : context_terms(item, section, analyzer, dict)) add(id, 0);
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
    // TheyWorkForYou's form, department:homedepartment: the heading's
    // letters alone, lower-cased.
    const std::uint32_t whole = dict.find(term::kDepartment, department_letters(heading));
    if (std::find(ids.begin(), ids.end(), whole) == ids.end()) ids.push_back(whole);
  } else {
    ids.push_back(dict.find(term::kHeading, fold_text(heading)));
  }
  ids.erase(std::remove(ids.begin(), ids.end(), TermDict::kNone), ids.end());
  return cache.emplace(heading, std::move(ids)).first->second;
}

const std::vector<std::uint32_t>& DocTerms::context_terms(const Item& item, Section section,
                                                          Analyzer& analyzer,
                                                          const TermDict& dict) {
  const bool heading = is_heading(item.kind);
  if (!heading && context_.valid && context_.section == section &&
      context_.headings == item.headings) {
    return context_.ids;
  }
  // A major heading of written answers is itself the department: a
  // heading's terms are not for the next item.
  context_.valid = !heading;
  context_.section = section;
  context_.headings = item.headings;
  auto& ids = context_.ids;
  ids.clear();
  ids.push_back(dict.find(term::kSection, section_name(section)));
  const std::string department = department_of(item, section);
  if (!department.empty()) {
    const auto& words = heading_terms(department, analyzer, dict, true);
    ids.insert(ids.end(), words.begin(), words.end());
  }
  for (const auto& h : item.headings) {
    const auto& terms = heading_terms(h, analyzer, dict, false);
    ids.insert(ids.end(), terms.begin(), terms.end());
  }
  return ids;
}

std::uint32_t DocTerms::speaker_term(const std::string& person_id, const TermDict& dict) {
  if (const std::uint32_t* id = speakers_.find(person_id)) return *id;
  if (speakers_.size() >= kMaxCachedWords) speakers_.clear();
  return speakers_.insert(person_id, dict.find(term::kSpeaker, person_id));
}

std::uint32_t DocTerms::party_term(const std::string& party, const TermDict& dict) {
  if (const std::uint32_t* id = parties_.find(party)) return *id;
  if (parties_.size() >= kMaxCachedWords) parties_.clear();
  return parties_.insert(party, dict.find(term::kParty, canonical_party(party)));
}

void DocTerms::finish(std::size_t term_count) {
  if (marks_.size() < term_count) marks_.resize(term_count);
  if (++generation_ == 0) {  // wrapped: forget every old stamp
    std::fill(marks_.begin(), marks_.end(), Mark{});
    generation_ = 1;
  }
  for (Entry& e : entries_) {
    Mark& m = marks_[e.term];
    if (m.stamp != generation_) {
      m = Mark{generation_, static_cast<std::uint32_t>(ids_.size())};
      ids_.push_back(e.term);
    }
    e.term = m.index;
  }
  positions_ready_ = false;
}

void DocTerms::bucket_positions() const {
  // Bucket the entries by term (counting sort): each term's positions come
  // out in the order found, which is increasing. A hyphenated word's joined
  // form shares its first part's position, and may share a term with it
  // (antisocial, anti: the prefix ant): its terms are sorted below.
  starts_.clear();
  ends_.assign(ids_.size(), 0);
  for (const Entry& e : entries_) ++ends_[e.term];
  std::uint32_t start = 0;
  for (auto& end : ends_) {
    starts_.push_back(start);
    start += end;
    end = starts_.back();
  }
  positions_.resize(entries_.size());
  for (const Entry& e : entries_) positions_[ends_[e.term]++] = e.pos;
  for (const std::uint32_t id : joined_terms_) {
    if (!has(id)) continue;
    const std::uint32_t i = marks_[id].index;
    const auto first = positions_.begin() + starts_[i];
    const auto last = positions_.begin() + ends_[i];
    std::sort(first, last);
    ends_[i] = static_cast<std::uint32_t>(std::unique(first, last) - positions_.begin());
  }
  positions_ready_ = true;
}

void DocTerms::build(const Item& item, Section section, Analyzer& analyzer, const TermDict& dict) {
  if (cached_version_ != dict.version()) {  // another rule set, or rules added
    clear_caches();
    cached_version_ = dict.version();
  }
  entries_.clear();
  ids_.clear();
  analyzer_ = &analyzer;
  dict_ = &dict;
  previous_exact_ = TermDict::kNone;
  previous_starts_pair_ = false;
  joined_terms_.clear();
  analyzer.for_each_word(item.text, *this);
  add_filters(item, section, analyzer, dict);
  finish(dict.size());
}

std::span<const std::uint32_t> DocTerms::positions(std::uint32_t id) const {
  if (!has(id)) return {};
  if (!positions_ready_) bucket_positions();
  const std::uint32_t i = marks_[id].index;
  return std::span<const std::uint32_t>(positions_).subspan(starts_[i], ends_[i] - starts_[i]);
}

}  // namespace pw::rules
