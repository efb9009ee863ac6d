#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace pw::rules {

// What a filter looks at.
enum class FilterKind {
  kSpeaker,     // speaker:N -> value "uk.org.publicwhip/person/N"
  kParty,       // party:Lab -> value canonical party ("labour")
  kSection,     // section:wrans -> value a section name (aliases expanded into an OR)
  kDepartment,  // department:health -> value folded words, all of which must occur
  kHeading,     // heading:"People Trafficking" -> value the folded heading, exact
  kDate,        // date:20091027 -> value "20091027..20091027" (sitting date)
  kDateRange,   // 20091001..20091031, from:/to: -> value "20091001..20091031", either side open
};

// A node of a parsed query. Words and phrases keep the user's text; the
// compiler analyses them.
struct QueryNode {
  enum class Kind { kWord, kPhrase, kWildcard, kNear, kAnd, kOr, kXor, kNot, kFilter };
  Kind kind = Kind::kWord;
  std::string text;  // word, phrase words, wildcard prefix, or filter value
  FilterKind filter = FilterKind::kSpeaker;
  std::uint32_t distance = 0;  // kNear: most positions between first and last word
  std::vector<QueryNode> children;
  std::size_t column = 0;  // byte offset in the query text, for error carets
};

// A parsed rule.
struct Query {
  std::string text;  // the rule as stored (speaker names replaced by ids)
  QueryNode root;
  // What the reader should know about how the rule was read: display-only
  // prefixes ignored (groupby:), sections named that are not read here.
  std::vector<std::string> notes;

  // True if the rule names a speaker anywhere: such rules report every
  // speech rather than one hit per debate.
  bool has_speaker() const;
};

// Longest rule text accepted, in bytes, and deepest nesting of parentheses.
inline constexpr std::size_t kMaxQueryBytes = 1024;
inline constexpr int kMaxQueryDepth = 32;
// Default and largest NEAR distance.
inline constexpr std::uint32_t kDefaultNear = 10;
inline constexpr std::uint32_t kMaxNear = 1000;

// Resolves a speaker name to a person id ("uk.org.publicwhip/person/N"), or
// returns an invalid_input error that lists the candidates when the name is
// ambiguous or unknown.
using SpeakerResolver = std::function<Result<std::string>(std::string_view name)>;

// Parses TheyWorkForYou-style query syntax (doc/rules.md): words (AND),
// "phrases", OR, AND, NOT, -exclusion, parentheses, NEAR and NEAR/n,
// trailing wildcards (traffick*), and the filters speaker:, party:,
// section:, department: and heading:. `speaker:"Name"` needs `resolve`;
// the returned text then says speaker:N instead of the name.
//
// Returns invalid_input with "column N: what" and the query with a caret
// under the column for a syntax error, an unknown filter or section, or a
// query that would match everything (only exclusions, or empty).
Result<Query> parse_query(std::string_view text, const SpeakerResolver& resolve = {});

// Describes a parsed query as an S-expression, e.g.
// (and (or "nhs" "social care") (not dentist) speaker:uk.org.publicwhip/person/10040),
// for `rule test --explain` and tests.
std::string describe(const QueryNode& node);

// Formats an error about `text` at byte `column`: the message, then the
// query, then a caret under the column.
Error query_error(std::string_view text, std::size_t column, std::string_view what);

// Maps a party name or abbreviation to one canonical form ("Lab",
// "Labour" -> "labour"; "LDem", "Liberal Democrat" -> "libdem"). Unknown
// parties are returned folded.
std::string canonical_party(std::string_view party);
// True if `canonical` is the canonical form of a party name or
// abbreviation parlwatch knows (canonical_party's table).
bool is_known_party(std::string_view canonical);

}  // namespace pw::rules
