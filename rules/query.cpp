#include "rules/query.hpp"
#include <utility>

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "rules/analyzer.hpp"
#include "rules/query_filters.hpp"
#include "rules/query_lexer.hpp"

namespace pw::rules {
namespace {

class Parser {
 public:
  Parser(std::string_view text, std::vector<Tok> toks, const SpeakerResolver& resolve)
      : text_(text), filters_(text, resolve) {
    toks_ = filters_.rewrite_tokens(std::move(toks));
  }

  Result<QueryNode> run() {
    auto root = parse_xor();
    if (!root) return root;
    if (peek().t == Tok::T::kRParen) return fail(error(peek().col, "unbalanced ')'"));
    if (peek().t != Tok::T::kEnd) return fail(error(peek().col, "unexpected text"));
    return root;
  }

  const std::vector<Rewrite>& rewrites() const { return filters_.rewrites(); }
  std::vector<std::string>& notes() { return filters_.notes(); }

 private:
  const Tok& peek() const { return toks_[pos_]; }
  const Tok& take() { return toks_[pos_++]; }
  Error error(std::size_t col, std::string_view what) const {
    return query_error(text_, col, what);
  }

  static bool ends_group(Tok::T t) {
    return t == Tok::T::kEnd || t == Tok::T::kRParen || t == Tok::T::kOr || t == Tok::T::kXor;
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
    return group_node(QueryNode::Kind::kXor, std::move(branches), col);
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
    return group_node(QueryNode::Kind::kOr, std::move(branches), col);
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
    return group_node(QueryNode::Kind::kAnd, or_repeated_filters(std::move(parts), bare_filter),
                      col);
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
        return filters_.read(take());
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

  std::string_view text_;
  FilterReader filters_;
  std::vector<Tok> toks_;
  std::size_t pos_ = 0;
  int depth_ = 0;
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

std::string describe(const QueryNode& n) {
  static constexpr std::array<std::string_view, 6> kFilterNames{"speaker",    "party",   "section",
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
