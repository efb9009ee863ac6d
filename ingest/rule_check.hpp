#pragma once

#include <cstddef>
#include <string>

#include "core/result.hpp"
#include "rules/like.hpp"
#include "rules/query.hpp"
#include "storage/database.hpp"

namespace pw::ingest {

// Parses and compiles a rule the way the ingester will, resolving
// speaker:"Name" against the persons stored so far (from members data and
// ingested transcripts). invalid_input (with the column and a caret) for a
// bad rule, for control characters (NUL, C1, U+2028/9...), for a speaker
// id no stored person has (once any person is stored), and for a party
// that is neither a known name or abbreviation nor one seen in a stored
// speech; unknown names and parties come with suggestions.
Result<rules::Query> check_rule(storage::Database& db, const std::string& text);

// A "debates like this" rule built from a stored item and why.
struct LikeRule {
  std::string rule;
  rules::LikeSuggestion suggestion;  // empty for a follow rule
  std::size_t debate_items = 0;
};

// How often each stem occurs in the stored items (one pass over them all).
Result<rules::CorpusStats> corpus_stats(storage::Database& db);

// Builds the rule for debates like the one holding the stored item
// `item_id` (a gid, or the id of a TheyWorkForYou link): its heading and
// most distinctive words against `corpus` (read from the database when
// null), or, with `follow`, new items under the same heading. invalid_input
// if there is no such item or it is under no heading.
Result<LikeRule> like_rule(storage::Database& db, const std::string& item_id, bool follow,
                           const rules::CorpusStats* corpus = nullptr);

}  // namespace pw::ingest
