#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/transcript.hpp"
#include "rules/analyzer.hpp"
#include "rules/term_dict.hpp"
#include "rules/word_table.hpp"

namespace pw::rules {

// The index terms of one item that some rule uses, with their word
// positions: its words (exact and stemmed), adjacent word pairs, wildcard
// prefixes, and filter terms (speaker, section, party, department words,
// headings). Terms no rule uses are left out. What each distinct word
// contributes is remembered across items, so a day's text costs about one
// hash lookup per word; so are speakers' terms, and consecutive items that
// share their section and headings share their terms. Reuse one object for
// many items; one per thread.
class DocTerms final : private WordSink {
 public:
  // Rebuilds for `item` of `section`. The dictionary may grow or be another
  // between calls (the caches notice); it must not change during one.
  void build(const Item& item, Section section, Analyzer& analyzer, const TermDict& dict);

  // Positions of word or word-pair term `id` in increasing order (filter
  // terms are all at 0); empty if absent. O(1) but for the first call after
  // build(), which buckets every term's positions (most items never need
  // them).
  std::span<const std::uint32_t> positions(std::uint32_t id) const;
  bool has(std::uint32_t id) const { return id < marks_.size() && marks_[id].stamp == generation_; }

  // The distinct term ids present, in no particular order.
  const std::vector<std::uint32_t>& ids() const { return ids_; }

 private:
  struct WordTerms {
    std::uint32_t exact = TermDict::kNone;
    std::uint32_t stem = TermDict::kNone;
    // The wildcard prefixes of the word that rules use:
    // prefixes_[first_prefix, first_prefix + prefix_count).
    std::uint32_t first_prefix = 0;
    std::uint16_t prefix_count = 0;
    bool starts_pair = false;  // the exact term is the first word of some phrase's pair
    bool ends_pair = false;
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Entry {
    std::uint32_t term;
    std::uint32_t pos;
  };

  const WordTerms& terms_of(std::string_view word) {
    if (const WordTerms* found = cache_.find(word)) return *found;
    return learn(word);
  }
  // Works out what a word not in the cache contributes, and caches it.
  const WordTerms& learn(std::string_view word);
  void clear_caches();
  void add(std::uint32_t id, std::uint32_t pos) {
    if (id != TermDict::kNone) entries_.push_back(Entry{id, pos});
  }
  void word(std::string_view exact, std::uint32_t pos, bool joined) override;
  void add_filters(const Item& item, Section section, Analyzer& analyzer, const TermDict& dict);
  void finish(std::size_t term_count);
  void bucket_positions() const;

  // Term ids of a heading (as an H term) or department (its D words).
  const std::vector<std::uint32_t>& heading_terms(const std::string& heading, Analyzer& analyzer,
                                                  const TermDict& dict, bool department);
  // The section, department and heading terms of an item; for an item
  // that is not a heading, the last such item's when the section and
  // headings are the same.
  const std::vector<std::uint32_t>& context_terms(const Item& item, Section section,
                                                  Analyzer& analyzer, const TermDict& dict);
  // The term of a speaker's person id or party.
  std::uint32_t speaker_term(const std::string& person_id, const TermDict& dict);
  std::uint32_t party_term(const std::string& party, const TermDict& dict);

  // What words and headings contribute, valid while the dictionary's
  // version is `cached_version_`.
  WordTable<WordTerms> cache_;
  std::vector<std::uint32_t> prefixes_;
  std::unordered_map<std::string, std::vector<std::uint32_t>, Hash, std::equal_to<>> headings_;
  std::unordered_map<std::string, std::vector<std::uint32_t>, Hash, std::equal_to<>> departments_;
  WordTable<std::uint32_t> speakers_;
  WordTable<std::uint32_t> parties_;
  // The last item's section and headings and context_terms() for them;
  // valid if it was not a heading.
  struct Context {
    bool valid = false;
    Section section = Section::kDebates;
    std::vector<std::string> headings;
    std::vector<std::uint32_t> ids;
  };
  Context context_;
  std::uint64_t cached_version_ = 0;

  // The current item.
  Analyzer* analyzer_ = nullptr;
  const TermDict* dict_ = nullptr;
  std::uint32_t previous_exact_ = TermDict::kNone;  // the last word that was not a joined form
  bool previous_starts_pair_ = false;
  std::uint32_t previous_pos_ = 0;
  std::vector<std::uint32_t> joined_terms_;  // the terms of joined forms (kNone too)
  // In the order found; `term` is the term id until finish() makes it the
  // term's index in ids_.
  std::vector<Entry> entries_;
  std::vector<std::uint32_t> ids_;
  // ids_[i]'s positions are positions_[starts_[i]] up to positions_[ends_[i]],
  // once positions_ready_: a cache that positions() fills.
  mutable std::vector<std::uint32_t> starts_;
  mutable std::vector<std::uint32_t> ends_;
  mutable std::vector<std::uint32_t> positions_;
  mutable bool positions_ready_ = false;
  // By term id: the item in which the term was last present (generation_)
  // and its index in ids_ then. Side by side, so that one load gives both.
  struct Mark {
    std::uint32_t stamp = 0;
    std::uint32_t index = 0;
  };
  std::vector<Mark> marks_;
  std::uint32_t generation_ = 0;
};

// Returns the department of an item: the major heading of a written answer
// or statement (or its own text, for that heading); "" for other sections.
std::string department_of(const Item& item, Section section);

// True for written answers and statements, whose major headings are departments.
bool has_departments(Section section);

// TheyWorkForYou's name of a department heading: its letters a-z alone,
// accents folded and lower-cased ("Home Department" -> "homedepartment").
std::string department_letters(std::string_view heading);

}  // namespace pw::rules
