#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/transcript.hpp"
#include "rules/analyzer.hpp"
#include "rules/term_dict.hpp"

namespace pw::rules {

// The index terms of one item that some rule uses, with their word
// positions: its words (exact and stemmed), adjacent word pairs, wildcard
// prefixes, and filter terms (speaker, section, party, department words,
// headings). Terms no rule uses are left out, so building it costs one
// dictionary lookup per word form. Reused across items to keep its buffers.
class DocTerms {
 public:
  // Rebuilds for `item` of `section`. The dictionary must not change while
  // this object is used.
  void build(const Item& item, Section section, Analyzer& analyzer, const TermDict& dict);

  // Positions of term `id` in increasing order; empty if absent.
  std::span<const std::uint32_t> positions(std::uint32_t id) const;
  bool has(std::uint32_t id) const { return !positions(id).empty(); }

  // The distinct term ids present, in increasing order.
  const std::vector<std::uint32_t>& ids() const { return ids_; }

 private:
  void add(std::uint32_t id, std::uint32_t pos);
  void add_words(const std::vector<Token>& tokens, const TermDict& dict);
  void add_filters(const Item& item, Section section, Analyzer& analyzer, const TermDict& dict);
  void finish();

  std::vector<std::uint64_t> entries_;  // (id << 32) | pos, sorted by finish()
  std::vector<std::uint32_t> ids_;
  std::vector<std::uint32_t> starts_;  // ids_[i]'s positions begin at positions_[starts_[i]]
  std::vector<std::uint32_t> positions_;
};

// Returns the department of an item: the major heading of a written answer
// or statement (or its own text, for that heading); "" for other sections.
std::string department_of(const Item& item, Section section);

// True for written answers and statements, whose major headings are departments.
bool has_departments(Section section);

}  // namespace pw::rules
