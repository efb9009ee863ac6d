#include "rules/doc_terms.hpp"

#include <algorithm>

#include "rules/query.hpp"

namespace pw::rules {

bool has_departments(Section s) {
  return s == Section::kWrans || s == Section::kWms || s == Section::kLordsWrans ||
         s == Section::kLordsWms;
}

std::string department_of(const Item& item, Section section) {
  if (!has_departments(section)) return {};
  if (item.kind == ItemKind::kMajorHeading) return item.text;
  return item.headings.empty() ? std::string() : item.headings.front();
}

void DocTerms::add(std::uint32_t id, std::uint32_t pos) {
  if (id != TermDict::kNone) entries_.push_back((std::uint64_t{id} << 32) | pos);
}

void DocTerms::add_words(const std::vector<Token>& tokens, const TermDict& dict) {
  const std::size_t max_prefix = dict.max_prefix();
  const bool bigrams = dict.has_bigrams();
  std::string pair;
  const Token* previous = nullptr;
  for (const Token& t : tokens) {
    add(dict.find(term::kExact, t.exact), t.pos);
    add(dict.find(term::kStem, t.stem), t.pos);
    for (std::size_t len = 3; len <= std::min(max_prefix, t.exact.size()); ++len) {
      add(dict.find(term::kPrefix, std::string_view(t.exact).substr(0, len)), t.pos);
    }
    if (t.joined) continue;
    if (bigrams && previous != nullptr) {
      pair.assign(previous->exact).append(" ").append(t.exact);
      add(dict.find(term::kBigram, pair), previous->pos);
    }
    previous = &t;
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
  for (const auto& t : analyzer.tokens(department_of(item, section))) {
    add(dict.find(term::kDepartment, t.exact), 0);
  }
  for (const auto& h : item.headings) add(dict.find(term::kHeading, fold_text(h)), 0);
  if (is_heading(item.kind)) add(dict.find(term::kHeading, fold_text(item.text)), 0);
}

void DocTerms::finish() {
  std::sort(entries_.begin(), entries_.end());
  entries_.erase(std::unique(entries_.begin(), entries_.end()), entries_.end());
  for (const std::uint64_t e : entries_) {
    const auto id = static_cast<std::uint32_t>(e >> 32);
    if (ids_.empty() || ids_.back() != id) {
      ids_.push_back(id);
      starts_.push_back(static_cast<std::uint32_t>(positions_.size()));
    }
    positions_.push_back(static_cast<std::uint32_t>(e & 0xffffffffu));
  }
  starts_.push_back(static_cast<std::uint32_t>(positions_.size()));
}

void DocTerms::build(const Item& item, Section section, Analyzer& analyzer, const TermDict& dict) {
  entries_.clear();
  ids_.clear();
  starts_.clear();
  positions_.clear();
  add_words(analyzer.tokens(item.text), dict);
  add_filters(item, section, analyzer, dict);
  finish();
}

std::span<const std::uint32_t> DocTerms::positions(std::uint32_t id) const {
  const auto it = std::lower_bound(ids_.begin(), ids_.end(), id);
  if (it == ids_.end() || *it != id) return {};
  const auto i = static_cast<std::size_t>(it - ids_.begin());
  return std::span<const std::uint32_t>(positions_)
      .subspan(starts_[i], starts_[i + 1] - starts_[i]);
}

}  // namespace pw::rules
