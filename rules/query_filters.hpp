#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/section.hpp"
#include "rules/query.hpp"
#include "rules/query_lexer.hpp"

// The query language's filters, for rules/query.cpp only.
namespace pw::rules {

// A speaker name the parser replaced by its id, by byte offsets in the
// query text.
struct Rewrite {
  std::size_t begin;
  std::size_t end;
  std::string replacement;
};

// Reads filter tokens into query nodes, keeping the speaker names it
// resolved (rewrites) and what the reader should know (notes). Holds
// references: `text` and `resolve` must outlive it.
class FilterReader {
 public:
  FilterReader(std::string_view text, const SpeakerResolver& resolve)
      : text_(text), resolve_(resolve) {}

  // TheyWorkForYou's own rewrites of a query, on its tokens: groupby:
  // dropped (with a note), from:/to: made one date range just before the
  // end (kEnd stays last).
  std::vector<Tok> rewrite_tokens(std::vector<Tok> toks) {
    return from_to_as_range(drop_groupby(std::move(toks)));
  }

  // The node of filter token `t`: a kFilter node, or an OR of them for a
  // section: or major: naming several sections. invalid_input, pointing
  // into the text, for a value that selects nothing or a filter refused.
  Result<QueryNode> read(const Tok& t);

  const std::vector<Rewrite>& rewrites() const { return rewrites_; }
  std::vector<std::string>& notes() { return notes_; }

 private:
  Error error(std::size_t col, std::string_view what) const {
    return query_error(text_, col, what);
  }
  std::vector<Tok> drop_groupby(std::vector<Tok> toks);
  static std::vector<Tok> from_to_as_range(std::vector<Tok> toks);
  Result<QueryNode> speaker(const Tok& t, QueryNode n);
  Result<QueryNode> major(const Tok& t);
  Result<QueryNode> dates(const Tok& t) const;
  Result<QueryNode> section(const Tok& t, const SectionSelection& chosen);

  std::string_view text_;
  const SpeakerResolver& resolve_;
  std::vector<Rewrite> rewrites_;
  std::vector<std::string> notes_;
};

// A node of `kind` over `children`, or the only child itself.
QueryNode group_node(QueryNode::Kind kind, std::vector<QueryNode> children, std::size_t col);

// Filters of one kind side by side are alternatives, as TheyWorkForYou's
// advanced search writes them: speaker:1 speaker:2 is either speaker.
// `bare[k]` says whether parts[k] is a filter standing alone (not negated,
// not bracketed); only those are merged, into the first of their kind.
std::vector<QueryNode> or_repeated_filters(std::vector<QueryNode> parts,
                                           const std::vector<bool>& bare);

}  // namespace pw::rules
