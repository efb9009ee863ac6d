#include "rules/query.hpp"
#include <utility>

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>

#include <fmt/format.h>

#include "core/section.hpp"
#include "rules/analyzer.hpp"
#include "rules/query_dates.hpp"
#include "rules/query_lexer.hpp"

namespace pw::rules {
namespace {

constexpr std::string_view kPersonPrefix = "uk.org.publicwhip/person/";

// TheyWorkForYou's values, then parlwatch's own ones, from the registry.
std::string section_choices() {
  const auto twfy = twfy_section_values();
  std::string out;
  for (const auto v : twfy) out += fmt::format("{}, ", v);
  for (const auto& i : all_sections()) {
    if (std::find(twfy.begin(), twfy.end(), i.name) == twfy.end()) out += fmt::format("{}, ", i.name);
    for (const auto alias : i.aliases) {
      if (!alias.empty()) out += fmt::format("{}, ", alias);
    }
  }
  return out + "commons";
}

// Why a TheyWorkForYou filter that cannot select new items is refused.
std::string_view refusal_for(std::string_view filter) {
  if (filter == "column") {
    return "column: picks printed Hansard columns of past sittings; an alert watches new items, "
           "so it is not accepted";
  }
  if (filter == "gid") {
    return "gid: names one item already published; to follow its debate use heading:\"...\" "
           "(what `rule like --follow` makes)";
  }
  if (filter == "segment") {
    return "segment: names one past debate; to follow it as it continues use heading:\"...\" "
           "(what `rule like --follow` makes)";
  }
  return "batch: is TheyWorkForYou's own indexing run; it means nothing here";
}

struct PartyAlias {
  std::string_view alias;
  std::string_view canonical;
};

constexpr std::array<PartyAlias, 24> kParties{{
    {"lab", "labour"},
    {"labour", "labour"},
    {"lab/co-op", "labour"},
    {"labour/co-operative", "labour"},
    {"con", "conservative"},
    {"conservative", "conservative"},
    {"ldem", "libdem"},
    {"libdem", "libdem"},
    {"lib dem", "libdem"},
    {"liberal democrat", "libdem"},
    {"liberal democrats", "libdem"},
    {"snp", "snp"},
    {"scottish national party", "snp"},
    {"pc", "plaidcymru"},
    {"plaid cymru", "plaidcymru"},
    {"dup", "dup"},
    {"democratic unionist party", "dup"},
    {"sf", "sinnfein"},
    {"sinn fein", "sinnfein"},
    {"sdlp", "sdlp"},
    {"uup", "uup"},
    {"ind", "independent"},
    {"independent", "independent"},
    {"xb", "crossbench"},
}};

class Parser {
 public:
  Parser(std::string_view text, std::vector<Tok> toks, const SpeakerResolver& resolve)
      : text_(text), resolve_(resolve) {
    toks_ = from_to_as_range(drop_groupby(std::move(toks)));
  }

  Result<QueryNode> run() {
    auto root = parse_xor();
    if (!root) return root;
    if (peek().t == Tok::T::kRParen) return fail(error(peek().col, "unbalanced ')'"));
    if (peek().t != Tok::T::kEnd) return fail(error(peek().col, "unexpected text"));
    return root;
  }

  // Speaker names replaced by ids, in text order.
  struct Rewrite {
    std::size_t begin;
    std::size_t end;
    std::string replacement;
  };
  const std::vector<Rewrite>& rewrites() const { return rewrites_; }
  std::vector<std::string>& notes() { return notes_; }

 private:
  const Tok& peek() const { return toks_[pos_]; }
  const Tok& take() { return toks_[pos_++]; }
  Error error(std::size_t col, std::string_view what) const {
    return query_error(text_, col, what);
  }

  static bool ends_group(Tok::T t) {
    return t == Tok::T::kEnd || t == Tok::T::kRParen || t == Tok::T::kOr || t == Tok::T::kXor;
  }

  // TheyWorkForYou drops groupby: (how results are shown) from the query
  // wherever it is; so do we, with a note.
  std::vector<Tok> drop_groupby(std::vector<Tok> toks) {
    std::vector<Tok> kept;
    for (auto& t : toks) {
      if (t.t != Tok::T::kFilter || t.text != "groupby") {
        kept.push_back(std::move(t));
        continue;
      }
      if (!kept.empty() && kept.back().t == Tok::T::kMinus) kept.pop_back();
      notes_.push_back(fmt::format(
          "groupby:{} is ignored: it changes how TheyWorkForYou shows search results; an alert "
          "shows one item per debate for words, every speech for a speaker",
          t.value));
    }
    return kept;
  }

  // TheyWorkForYou turns from:A and to:B, wherever they are, into one range
  // A..B at the end of the query; an open side stays open.
  static std::vector<Tok> from_to_as_range(std::vector<Tok> toks) {
    std::vector<Tok> kept;
    std::optional<Tok> from;
    std::optional<Tok> to;
    for (auto& t : toks) {
      if (t.t == Tok::T::kFilter && t.text == "from") {
        from = t;
      } else if (t.t == Tok::T::kFilter && t.text == "to") {
        to = t;
      } else {
        kept.push_back(std::move(t));
      }
    }
    if (!from && !to) return kept;
    const Tok& first = !to || (from && from->col < to->col) ? *from : *to;
    Tok range{Tok::T::kFilter, "range", (from ? from->value : "") + ".." + (to ? to->value : ""),
              first.col, first.value_col, 0};
    kept.insert(kept.end() - 1, std::move(range));  // before kEnd
    return kept;
  }

  // XOR binds loosest, as in Xapian's query parser: a OR b XOR c is
  // (a OR b) XOR c.
  Result<QueryNode> parse_xor() {
    const std::size_t col = peek().col;
    std::vector<QueryNode> branches;
    for (;;) {
      PW_TRY_ASSIGN(auto branch, parse_or());
      branches.push_back(std::move(branch));
      if (peek().t != Tok::T::kXor) break;
      take();
    }
    return group(QueryNode::Kind::kXor, std::move(branches), col);
  }

  static QueryNode group(QueryNode::Kind kind, std::vector<QueryNode> children, std::size_t col) {
    if (children.size() == 1) return std::move(children.front());
    QueryNode n;
    n.kind = kind;
    n.children = std::move(children);
    n.column = col;
    return n;
  }

  Result<QueryNode> parse_or() {
    if (++depth_ > kMaxQueryDepth) return fail(error(peek().col, "nested too deeply"));
    const std::size_t col = peek().col;
    std::vector<QueryNode> branches;
    for (;;) {
      auto branch = parse_and();
      if (!branch) return branch;
      branches.push_back(std::move(*branch));
      if (peek().t != Tok::T::kOr) break;
      take();
    }
    --depth_;
    return group(QueryNode::Kind::kOr, std::move(branches), col);
  }

  Result<QueryNode> parse_and() {
    const std::size_t col = peek().col;
    if (ends_group(peek().t)) return fail(error(peek().col, "expected a word, phrase or filter"));
    std::vector<QueryNode> parts;
    std::vector<bool> bare_filter;  // per part: a filter standing alone, not negated
    while (!ends_group(peek().t)) {
      bool negate = false;
      if (peek().t == Tok::T::kAnd) {
        take();
      } else if (peek().t == Tok::T::kNot) {
        take();
        negate = true;
      }
      bare_filter.push_back(!negate && peek().t == Tok::T::kFilter &&
                            toks_[pos_ + 1].t != Tok::T::kNear);
      PW_TRY_ASSIGN(auto part, parse_unary(negate));
      parts.push_back(std::move(part));
    }
    return group(QueryNode::Kind::kAnd, or_repeated_filters(std::move(parts), bare_filter), col);
  }

  // Filters of one kind side by side are alternatives, as TheyWorkForYou's
  // advanced search writes them: speaker:1 speaker:2 is either speaker.
  static std::vector<QueryNode> or_repeated_filters(std::vector<QueryNode> parts,
                                                    const std::vector<bool>& bare) {
    std::vector<QueryNode> out;
    std::vector<std::pair<FilterKind, std::size_t>> first;  // kind -> index in out
    for (std::size_t k = 0; k < parts.size(); ++k) {
      if (!bare[k]) {
        out.push_back(std::move(parts[k]));
        continue;
      }
      const FilterKind kind = parts[k].kind == QueryNode::Kind::kFilter ? parts[k].filter
                                                                         : FilterKind::kSection;
      const auto seen = std::find_if(first.begin(), first.end(),
                                     [&](const auto& f) { return f.first == kind; });
      if (seen == first.end()) {
        first.emplace_back(kind, out.size());
        out.push_back(std::move(parts[k]));
        continue;
      }
      QueryNode& into = out[seen->second];
      if (into.kind != QueryNode::Kind::kOr) {
        QueryNode alone = std::move(into);
        into = QueryNode{};
        into.kind = QueryNode::Kind::kOr;
        into.column = alone.column;
        into.children.push_back(std::move(alone));
      }
      auto& more = parts[k];
      if (more.kind == QueryNode::Kind::kOr) {
        for (auto& c : more.children) into.children.push_back(std::move(c));
      } else {
        into.children.push_back(std::move(more));
      }
    }
    return out;
  }

  Result<QueryNode> parse_unary(bool negate) {
    const std::size_t col = peek().col;
    if (peek().t == Tok::T::kMinus) {
      take();
      negate = !negate;
    }
    auto inner = parse_near();
    if (!inner || !negate) return inner;
    QueryNode n;
    n.kind = QueryNode::Kind::kNot;
    n.column = col;
    n.children.push_back(std::move(*inner));
    return n;
  }

  Result<QueryNode> parse_near() {
    auto first = parse_primary();
    if (!first || peek().t != Tok::T::kNear) return first;
    QueryNode n;
    n.kind = QueryNode::Kind::kNear;
    n.column = first->column;
    n.distance = peek().distance;
    n.children.push_back(std::move(*first));
    while (peek().t == Tok::T::kNear) {
      const Tok& op = take();
      n.distance = std::max(n.distance, op.distance);
      auto next = parse_primary();
      if (!next) return next;
      n.children.push_back(std::move(*next));
    }
    for (const auto& c : n.children) {
      if (c.kind != QueryNode::Kind::kWord && c.kind != QueryNode::Kind::kPhrase) {
        return fail(error(c.column, "NEAR joins words or \"phrases\" only"));
      }
    }
    return n;
  }

  Result<QueryNode> parse_primary() {
    const Tok& t = peek();
    switch (t.t) {
      case Tok::T::kLParen: {
        take();
        auto inner = parse_xor();
        if (!inner) return inner;
        if (peek().t != Tok::T::kRParen) return fail(error(t.col, "'(' is never closed"));
        take();
        return inner;
      }
      case Tok::T::kPhrase:
        return leaf(QueryNode::Kind::kPhrase, take());
      case Tok::T::kWord:
        return word(take());
      case Tok::T::kFilter:
        return filter(take());
      case Tok::T::kNear:
        return fail(error(t.col, "NEAR needs a word or \"phrase\" on its left"));
      case Tok::T::kOr:
      case Tok::T::kXor:
      case Tok::T::kAnd:
      case Tok::T::kNot:
        return fail(error(t.col, "expected a word, phrase or filter after an operator"));
      case Tok::T::kMinus:
        return fail(error(t.col, "expected a word, phrase or filter after '-'"));
      case Tok::T::kRParen:
        return fail(error(t.col, "unbalanced ')'"));
      case Tok::T::kEnd:
        break;
    }
    return fail(error(t.col, "the query ends too early"));
  }

  static QueryNode leaf(QueryNode::Kind kind, const Tok& t) {
    QueryNode n;
    n.kind = kind;
    n.text = t.text;
    n.column = t.col;
    return n;
  }

  Result<QueryNode> word(const Tok& t) {
    if (t.text.size() > 1 && t.text.back() == '*') {
      QueryNode n = leaf(QueryNode::Kind::kWildcard, t);
      n.text = fold_text(std::string_view(t.text).substr(0, t.text.size() - 1));
      if (n.text.size() < 3)
        return fail(error(t.col, "a wildcard needs 3 or more letters before *"));
      for (char c : n.text) {
        if (c == '*' || c == '\'' || c == '-') return fail(error(t.col, "bad wildcard"));
      }
      return n;
    }
    return leaf(QueryNode::Kind::kWord, t);
  }

  Result<QueryNode> filter(const Tok& t) {
    QueryNode n;
    n.kind = QueryNode::Kind::kFilter;
    n.column = t.col;
    if (t.text == "speaker") return speaker(t, n);
    if (t.text == "section") return section(t, sections_for_alias(fold_text(t.value)));
    if (t.text == "major") return major(t);
    if (t.text == "date" || t.text == "range") return dates(t);
    if (t.text == "column" || t.text == "gid" || t.text == "segment" || t.text == "batch") {
      return fail(error(t.col, refusal_for(t.text)));
    }
    if (t.text == "party") {
      n.filter = FilterKind::kParty;
      n.text = canonical_party(t.value);
    } else if (t.text == "department") {
      n.filter = FilterKind::kDepartment;
      n.text = fold_text(t.value);
    } else {
      n.filter = FilterKind::kHeading;
      n.text = fold_text(t.value);
    }
    return n;
  }

  Result<QueryNode> speaker(const Tok& t, QueryNode n) {
    n.filter = FilterKind::kSpeaker;
    std::string_view v = t.value;
    if (v.substr(0, kPersonPrefix.size()) == kPersonPrefix) v.remove_prefix(kPersonPrefix.size());
    if (!v.empty() && v.find_first_not_of("0123456789") == std::string_view::npos) {
      n.text = std::string(kPersonPrefix) + std::string(v);
      return n;
    }
    if (!resolve_) {
      return fail(error(t.value_col,
                        "speaker: needs a person id here (names are resolved when "
                        "a rule is added)"));
    }
    auto person = resolve_(t.value);
    if (!person) return fail(error(t.value_col, person.error().message));
    n.text = *person;
    std::size_t end = t.value_col + t.value.size();
    if (t.value_col < text_.size() && text_[t.value_col] == '"') end += 2;
    rewrites_.push_back(
        {t.col, end, "speaker:" + std::string(n.text.substr(kPersonPrefix.size()))});
    return n;
  }

  Result<QueryNode> major(const Tok& t) {
    int number = 0;
    const auto [p, ec] = std::from_chars(t.value.data(), t.value.data() + t.value.size(), number);
    if (ec != std::errc() || p != t.value.data() + t.value.size()) {
      return fail(error(t.value_col, "major: takes TheyWorkForYou's section number, e.g. major:3"));
    }
    return section(t, sections_for_major(number));
  }

  Result<QueryNode> dates(const Tok& t) {
    QueryNode n;
    n.kind = QueryNode::Kind::kFilter;
    n.column = t.col;
    std::optional<DayRange> range;
    if (t.text == "date") {
      n.filter = FilterKind::kDate;
      const auto day = t.value.size() == 8 ? parse_day(t.value) : std::nullopt;
      if (!day) {
        return fail(error(t.value_col, "date: takes one day as YYYYMMDD, as TheyWorkForYou's does "
                                       "(date:20091027); for a span write 20091001..20091031"));
      }
      range = DayRange{*day, *day};
    } else {
      n.filter = FilterKind::kDateRange;
      range = parse_day_range(t.value);
      if (!range) {
        return fail(error(t.value_col,
                          "a date range needs real dates, the first not after the second: "
                          "20090101..20091231, 2009-01-01..2009-12-31 or 01/01/2009..31/12/2009 "
                          "(either side may be left open; from: and to: also work)"));
      }
    }
    n.text = day_range_text(*range);
    return n;
  }

  static std::string join_titles(const std::vector<std::string_view>& titles) {
    std::string out;
    for (const auto title : titles) out += fmt::format("{}{}", out.empty() ? "" : " or ", title);
    return out;
  }

  Result<QueryNode> section(const Tok& t, const SectionSelection& chosen) {
    if (chosen.sections.empty() && !chosen.not_read.empty()) {
      return fail(error(t.value_col, fmt::format("parlwatch does not read {} yet",
                                                 join_titles(chosen.not_read))));
    }
    if (chosen.sections.empty()) {
      return fail(error(t.value_col, fmt::format("unknown section '{}'; sections are {}", t.value,
                                                 section_choices())));
    }
    if (!chosen.not_read.empty()) {
      notes_.push_back(fmt::format("{}:{} leaves out {}: parlwatch does not read it yet", t.text,
                                   t.value, join_titles(chosen.not_read)));
    }
    std::vector<QueryNode> nodes;
    for (const Section s : chosen.sections) {
      QueryNode n;
      n.kind = QueryNode::Kind::kFilter;
      n.filter = FilterKind::kSection;
      n.column = t.col;
      n.text = std::string(section_name(s));
      nodes.push_back(std::move(n));
    }
    return group(QueryNode::Kind::kOr, std::move(nodes), t.col);
  }

  std::string_view text_;
  std::vector<Tok> toks_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  const SpeakerResolver& resolve_;
  std::vector<Rewrite> rewrites_;
  std::vector<std::string> notes_;
};

// True if the node can only match items that contain something it names:
// a query that is not positive would match (nearly) every item.
bool positive(const QueryNode& n) {
  switch (n.kind) {
    case QueryNode::Kind::kNot:
      return false;
    case QueryNode::Kind::kAnd:
      for (const auto& c : n.children) {
        if (positive(c)) return true;
      }
      return false;
    case QueryNode::Kind::kOr:
    case QueryNode::Kind::kXor:
      for (const auto& c : n.children) {
        if (!positive(c)) return false;
      }
      return true;
    case QueryNode::Kind::kFilter:
      return n.filter != FilterKind::kDate && n.filter != FilterKind::kDateRange;
    default:
      return true;
  }
}

bool names_speaker(const QueryNode& n) {
  if (n.kind == QueryNode::Kind::kFilter && n.filter == FilterKind::kSpeaker) return true;
  for (const auto& c : n.children) {
    if (c.kind != QueryNode::Kind::kNot && names_speaker(c)) return true;
  }
  return false;
}

std::string apply_rewrites(std::string_view text, const Parser& p) {
  std::string out;
  std::size_t at = 0;
  for (const auto& r : p.rewrites()) {
    out.append(text.substr(at, r.begin - at));
    out += r.replacement;
    at = r.end;
    // speaker:"Name"police must not become speaker:10121police
    if (at < text.size() && !ends_word(text[at])) out += ' ';
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace

Error query_error(std::string_view text, std::size_t column, std::string_view what) {
  return Error::invalid(fmt::format("column {}: {}\n  {}\n  {}^", column + 1, what, text,
                                    std::string(std::min(column, text.size()), ' ')));
}

std::string canonical_party(std::string_view party) {
  std::string folded = fold_text(party);
  for (const auto& p : kParties) {
    if (p.alias == folded) return std::string(p.canonical);
  }
  return folded;
}

bool is_known_party(std::string_view canonical) {
  return std::any_of(kParties.begin(), kParties.end(),
                     [&](const PartyAlias& p) { return p.canonical == canonical; });
}

std::string describe(const QueryNode& n) {
  static constexpr std::array<std::string_view, 6> kFilterNames{"speaker", "party", "section",
                                                                "department", "heading", "date"};
  auto list = [&](std::string head) {
    for (const auto& c : n.children) head += " " + describe(c);
    return head + ")";
  };
  switch (n.kind) {
    case QueryNode::Kind::kWord:
      return n.text;
    case QueryNode::Kind::kPhrase:
      return "\"" + n.text + "\"";
    case QueryNode::Kind::kWildcard:
      return n.text + "*";
    case QueryNode::Kind::kNear:
      return list(fmt::format("(near/{}", n.distance));
    case QueryNode::Kind::kAnd:
      return list("(and");
    case QueryNode::Kind::kOr:
      return list("(or");
    case QueryNode::Kind::kXor:
      return list("(xor");
    case QueryNode::Kind::kNot:
      return list("(not");
    case QueryNode::Kind::kFilter:
      if (n.filter == FilterKind::kDateRange) return n.text;
      if (n.filter == FilterKind::kDate) return "date:" + n.text.substr(0, n.text.find('.'));
      return fmt::format("{}:{}", kFilterNames.at(static_cast<std::size_t>(n.filter)),
                         n.text.find(' ') == std::string::npos ? n.text : "\"" + n.text + "\"");
  }
  return "?";
}

bool Query::has_speaker() const {
  return names_speaker(root);
}

Result<Query> parse_query(std::string_view raw, const SpeakerResolver& resolve) {
  if (raw.size() > kMaxQueryBytes) {
    return fail(Error::invalid(fmt::format("rule longer than {} bytes", kMaxQueryBytes)));
  }
  const std::string text = straighten_quotes(raw);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return fail(query_error(text, 0, "empty rule: give words, a \"phrase\" or a filter"));
  }
  PW_TRY_ASSIGN(auto toks, lex_query(text));
  Parser parser(text, std::move(toks), resolve);
  PW_TRY_ASSIGN(auto root, parser.run());
  if (!positive(root)) {
    return fail(query_error(text, 0,
                            "this rule would match almost everything: it needs a word, "
                            "phrase or filter that is not excluded"));
  }
  return Query{apply_rewrites(text, parser), std::move(root), std::move(parser.notes())};
}

}  // namespace pw::rules
