#include <utility>

#include <fmt/format.h>

#include "rules/query_dates.hpp"
#include "rules/rule_set.hpp"

// How a RuleSet compiles a rule into its arena (anchors: rule_anchors.cpp).

namespace pw::rules {

// Turns a QueryNode tree into nodes of the set's arena, interning terms.
class RuleSet::Compiler {
 public:
  Compiler(RuleSet& set, Analyzer& analyzer, const std::string& text)
      : set_(set), analyzer_(analyzer), text_(text) {}

  Result<std::uint32_t> compile(const QueryNode& q) {
    switch (q.kind) {
      case QueryNode::Kind::kWord:
        return word(q);
      case QueryNode::Kind::kPhrase:
        return phrase(q);
      case QueryNode::Kind::kWildcard:
        return term(term::kPrefix, q.text);
      case QueryNode::Kind::kNear:
        return near(q);
      case QueryNode::Kind::kAnd:
        return group(Op::kAnd, q.children);
      case QueryNode::Kind::kOr:
        return group(Op::kOr, q.children);
      case QueryNode::Kind::kXor:
        return group(Op::kXor, q.children);
      case QueryNode::Kind::kNot: {
        auto child = compile(q.children.front());
        if (!child) return child;
        return node(Op::kNot, *child, 0, 0);
      }
      case QueryNode::Kind::kFilter:
        return filter(q);
    }
    return fail(Error::permanent("unknown query node"));
  }

 private:
  std::uint32_t node(Op op, std::uint32_t a, std::uint32_t b, std::uint32_t c) {
    set_.nodes_.push_back(Node{op, a, b, c});
    return static_cast<std::uint32_t>(set_.nodes_.size() - 1);
  }

  std::uint32_t intern(char kind, std::string_view text) { return set_.intern(kind, text); }

  std::uint32_t term(char kind, std::string_view text) {
    return node(Op::kTerm, intern(kind, text), 0, 0);
  }

  std::uint32_t list(Op op, const std::vector<std::uint32_t>& items, std::uint32_t c = 0) {
    const auto first = static_cast<std::uint32_t>(set_.operands_.size());
    set_.operands_.insert(set_.operands_.end(), items.begin(), items.end());
    return node(op, first, static_cast<std::uint32_t>(items.size()), c);
  }

  Result<std::vector<Token>> words_of(const QueryNode& q) {
    auto tokens = analyzer_.tokens(q.text);
    if (tokens.empty()) {
      return fail(
          query_error(text_, q.column, fmt::format("'{}' has no letters or digits", q.text)));
    }
    return tokens;
  }

  // A phrase of the non-joined tokens, in `kind` form; a single term if one.
  // An exact phrase is a sequence of word pairs (bigram terms), each one
  // position after the last: "human trafficking victims" is "human
  // trafficking" at p and "trafficking victims" at p + 1, and a two-word
  // phrase is one term.
  std::uint32_t sequence(const std::vector<Token>& tokens, char kind) {
    std::vector<std::uint32_t> ids;
    for (const auto& t : tokens) {
      if (!t.joined) ids.push_back(intern(kind, kind == term::kStem ? t.stem : t.exact));
    }
    if (kind == term::kExact && ids.size() > 1) {
      std::vector<std::uint32_t> pairs;
      for (std::size_t k = 0; k + 1 < ids.size(); ++k) {
        pairs.push_back(intern(term::kBigram, set_.term_keys_[ids[k]].substr(1) + " " +
                                                  set_.term_keys_[ids[k + 1]].substr(1)));
      }
      ids = std::move(pairs);
    }
    if (ids.size() == 1) return node(Op::kTerm, ids.front(), 0, 0);
    return list(Op::kPhrase, ids);
  }

  Result<std::uint32_t> word(const QueryNode& q) {
    PW_TRY_ASSIGN(auto tokens, words_of(q));
    const std::uint32_t parts = sequence(tokens, term::kStem);
    if (!tokens.front().joined) return parts;
    // anti-social: the parts in sequence, or the joined word
    const std::uint32_t joined = term(term::kStem, tokens.front().stem);
    return list(Op::kOr, {parts, joined});
  }

  Result<std::uint32_t> phrase(const QueryNode& q) {
    PW_TRY_ASSIGN(auto tokens, words_of(q));
    return sequence(tokens, term::kExact);
  }

  Result<std::uint32_t> near(const QueryNode& q) {
    std::vector<std::uint32_t> children;
    for (const auto& c : q.children) {
      PW_TRY_ASSIGN(auto tokens, words_of(c));
      children.push_back(
          sequence(tokens, c.kind == QueryNode::Kind::kPhrase ? term::kExact : term::kStem));
    }
    return list(Op::kNear, children, q.distance);
  }

  Result<std::uint32_t> group(Op op, const std::vector<QueryNode>& children) {
    std::vector<std::uint32_t> ids;
    for (const auto& c : children) {
      auto id = compile(c);
      if (!id) return id;
      ids.push_back(*id);
    }
    return list(op, ids);
  }

  Result<std::uint32_t> filter(const QueryNode& q) {
    switch (q.filter) {
      case FilterKind::kSpeaker:
        return term(term::kSpeaker, q.text);
      case FilterKind::kParty:
        return term(term::kParty, q.text);
      case FilterKind::kSection:
        return term(term::kSection, q.text);
      case FilterKind::kHeading:
        return term(term::kHeading, q.text);
      case FilterKind::kDate:
      case FilterKind::kDateRange: {
        const auto days = parse_day_range(q.text);
        if (!days) return fail(Error::permanent("bad date range " + q.text));
        return list(Op::kDays, {days->first, days->last});
      }
      case FilterKind::kDepartment: {
        PW_TRY_ASSIGN(auto tokens, words_of(q));
        std::vector<std::uint32_t> ids;
        for (const auto& t : tokens) {
          if (!t.joined) ids.push_back(term(term::kDepartment, t.exact));
        }
        return ids.size() == 1 ? ids.front() : list(Op::kAnd, ids);
      }
    }
    return fail(Error::permanent("unknown filter"));
  }

  RuleSet& set_;
  Analyzer& analyzer_;
  const std::string& text_;
};

Status RuleSet::add(std::int64_t rule_id, const Query& query, Analyzer& analyzer) {
  remove(rule_id);
  const std::size_t first_node = nodes_.size();
  const std::size_t first_operand = operands_.size();
  Compiler compiler(*this, analyzer, query.text);
  auto root = compiler.compile(query.root);
  if (!root) {
    nodes_.resize(first_node);
    operands_.resize(first_operand);
    return fail(root.error());
  }
  std::string sig;
  signature(*root, sig);
  if (const auto same = by_signature_.find(sig); same != by_signature_.end()) {
    nodes_.resize(first_node);
    operands_.resize(first_operand);
    join(same->second, rule_id);
    return {};
  }
  const auto index = static_cast<std::uint32_t>(slot_id_.size());
  Anchors a = anchors(*root);
  merge_anchors(a.terms);
  std::uint8_t flags = kLive;
  if (query.has_speaker()) flags |= kSpeaker;
  if (a.terms.size() > 1) flags |= kShared;
  slot_id_.push_back(rule_id);
  slot_root_.push_back(*root);
  slot_flags_.push_back(flags);
  slot_group_.add_list();
  by_id_.insert_or_assign(rule_id, index);
  by_signature_.emplace(std::move(sig), index);
  if (!a.ok) {
    catch_all_.push_back(index);
    return {};
  }
  for (const Anchor& t : a.terms) {
    postings_.push(t.term, Posting{index, t.partner, t.veto, posting_flags(index, t)});
  }
  return {};
}

bool RuleSet::add_alike(std::int64_t rule_id, std::int64_t same_as) {
  if (rule_id == same_as) return false;
  const std::uint32_t* slot = by_id_.find(same_as);
  if (slot == nullptr) return false;
  const std::uint32_t same_slot = *slot;  // remove() may move the entry
  remove(rule_id);
  join(same_slot, rule_id);
  return true;
}

void RuleSet::join(std::uint32_t slot, std::int64_t rule_id) {
  if (slot_group_[slot].empty()) slot_group_.push(slot, slot_id_[slot]);
  slot_group_.push(slot, rule_id);
  by_id_.insert_or_assign(rule_id, slot);
  if ((slot_flags_[slot] & kGroup) == 0) {
    slot_flags_[slot] |= kGroup;
    set_posting_flags(slot);
  }
}

std::uint32_t RuleSet::intern(char kind, std::string_view text) {
  std::string key(1, kind);
  key.append(text);
  const std::uint32_t id = dict_.intern(key);
  if (id == term_keys_.size()) {
    term_keys_.push_back(std::move(key));
    postings_.add_list();
  }
  return id;
}
void RuleSet::signature(std::uint32_t index, std::string& out) const {
  const Node& n = nodes_[index];
  auto put = [&out](std::uint32_t v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); };
  out += static_cast<char>(n.op);
  switch (n.op) {
    case Op::kTerm:
      put(n.a);
      return;
    case Op::kNot:
      signature(n.a, out);
      return;
    case Op::kPhrase:  // operands are term ids
    case Op::kDays:    // operands are days
      put(n.b);
      for (std::uint32_t k = 0; k < n.b; ++k) put(operands_[n.a + k]);
      return;
    case Op::kNear:
    case Op::kAnd:
    case Op::kOr:
    case Op::kXor:  // operands are nodes
      put(n.b);
      put(n.c);
      for (std::uint32_t k = 0; k < n.b; ++k) signature(operands_[n.a + k], out);
      return;
  }
}
std::uint8_t RuleSet::posting_flags(std::uint32_t slot, const Anchor& a) const {
  return a.proves ? static_cast<std::uint8_t>(slot_flags_[slot] | kDirect) : slot_flags_[slot];
}
}  // namespace pw::rules
