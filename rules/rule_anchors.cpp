#include <algorithm>
#include <tuple>

#include "rules/rule_set.hpp"

// How a RuleSet chooses the terms it files a rule under: the cheapest set of
// terms at least one of which every matching item must contain.

namespace pw::rules {

namespace {

// Guessed items per million that contain a term: rarer terms make better anchors.
constexpr double kStopWordCost = 1e9;
constexpr double kSectionCost = 1e8;
constexpr double kPartyCost = 1e7;
constexpr double kDepartmentCost = 1e6;
constexpr double kSpeakerCost = 1e4;
constexpr double kHeadingCost = 1e3;

double guess_word_cost(std::string_view word) {
  if (is_stop_word(word)) return kStopWordCost;
  const double len = static_cast<double>(word.size());
  return 1e6 / (len * len);
}

}  // namespace

double RuleSet::cost(std::uint32_t id) const {
  const std::string& key = term_keys_[id];
  const std::string_view text = std::string_view(key).substr(1);
  switch (key.front()) {
    case term::kExact:
    case term::kStem:
      return guess_word_cost(text);
    case term::kBigram: {
      const std::size_t space = text.find(' ');
      return std::min(guess_word_cost(text.substr(0, space)),
                      guess_word_cost(text.substr(space + 1))) /
             100;
    }
    case term::kPrefix:
      return 1e6 / static_cast<double>(text.size());
    case term::kSpeaker:
      return kSpeakerCost;
    case term::kSection:
      return kSectionCost;
    case term::kParty:
      return kPartyCost;
    case term::kDepartment:
      return kDepartmentCost;
    default:
      return kHeadingCost;
  }
}

std::uint32_t RuleSet::rarer(std::uint32_t a, std::uint32_t b) const {
  if (a == TermDict::kNone) return b;
  if (b == TermDict::kNone) return a;
  return cost(b) < cost(a) ? b : a;
}

std::uint32_t RuleSet::required(std::uint32_t index) const {
  const Node& n = nodes_[index];
  const auto children = std::span<const std::uint32_t>(operands_).subspan(n.a, n.b);
  std::uint32_t best = TermDict::kNone;
  switch (n.op) {
    case Op::kTerm:
      return n.a;
    case Op::kPhrase:
      for (const auto id : children) best = rarer(best, id);
      return best;
    case Op::kAnd:
    case Op::kNear:
      for (const auto c : children) {
        if (nodes_[c].op != Op::kNot) best = rarer(best, required(c));
      }
      return best;
    case Op::kOr:
    case Op::kXor:
    case Op::kNot:
    case Op::kDays:
      return TermDict::kNone;
  }
  return TermDict::kNone;
}

RuleSet::Anchors RuleSet::anchors_of_all(const Node& n,
                                         std::span<const std::uint32_t> children) const {
  Anchors out;
  // File under the operand whose anchors, with the rarest term the
  // other operands require as partner, let the fewest items through.
  double best = 0;
  for (std::size_t k = 0; k < children.size(); ++k) {
    if (nodes_[children[k]].op == Op::kNot) continue;
    Anchors a = anchors(children[k]);
    if (!a.ok) continue;
    std::uint32_t others = TermDict::kNone;
    for (std::size_t j = 0; j < children.size(); ++j) {
      if (j != k && nodes_[children[j]].op != Op::kNot) {
        others = rarer(others, required(children[j]));
      }
    }
    const double through =
        a.cost * (others == TermDict::kNone ? 1.0 : std::min(1.0, cost(others) / 1e6));
    if (out.ok && through >= best) continue;
    // An AND's excluded term is a veto. AND(x, y, NOT z) with x proved
    // by its anchor alone: y is the partner and z the veto, so an item
    // with x and y and without z matches.
    const Rest rest = n.op == Op::kAnd ? rest_of_and(n, k) : Rest{TermDict::kNone, false};
    for (Anchor& t : a.terms) {
      t.proves =
          t.proves && rest.simple && t.partner == TermDict::kNone && t.veto == TermDict::kNone;
      if (t.veto == TermDict::kNone) t.veto = rest.veto;
      if (others != t.term) t.partner = rarer(t.partner, others);
    }
    out = std::move(a);
    best = through;
  }
  return out;
}

RuleSet::Anchors RuleSet::anchors(std::uint32_t index) const {
  const Node& n = nodes_[index];
  const auto children = std::span<const std::uint32_t>(operands_).subspan(n.a, n.b);
  Anchors out;
  switch (n.op) {
    case Op::kTerm:
      return Anchors{{Anchor{n.a, TermDict::kNone, TermDict::kNone, true}}, cost(n.a), true};
    case Op::kPhrase: {
      // key on the rarest word pair (exact phrases) or word (stems), with
      // the next rarest as partner
      std::uint32_t best = children[0];
      for (const auto id : children) best = rarer(best, id);
      std::uint32_t partner = TermDict::kNone;
      for (const auto id : children) {
        if (id != best) partner = rarer(partner, id);
      }
      return Anchors{{Anchor{best, partner, TermDict::kNone, false}}, cost(best), true};
    }
    case Op::kAnd:
    case Op::kNear:
      return anchors_of_all(n, children);
    case Op::kOr:
    case Op::kXor:
      // A match has at least one operand true. For XOR that is not enough:
      // another true operand would cancel it, so no anchor proves the rule.
      out.ok = true;
      for (const auto c : children) {
        Anchors a = anchors(c);
        if (!a.ok) return Anchors{};
        if (n.op == Op::kXor) {
          for (Anchor& t : a.terms) t.proves = false;
        }
        out.terms.insert(out.terms.end(), a.terms.begin(), a.terms.end());
        out.cost += a.cost;
      }
      return out;
    case Op::kNot:
    case Op::kDays:  // most items of a span have it: never an anchor
      return out;
  }
  return out;
}

RuleSet::Rest RuleSet::rest_of_and(const Node& n, std::size_t k) const {
  Rest rest;
  bool needs_term = false;
  for (std::size_t j = 0; j < n.b; ++j) {
    if (j == k) continue;
    const Node& c = nodes_[operands_[n.a + j]];
    if (c.op == Op::kTerm && !needs_term) {
      needs_term = true;
    } else if (c.op == Op::kNot && nodes_[c.a].op == Op::kTerm && rest.veto == TermDict::kNone) {
      rest.veto = nodes_[c.a].a;
    } else {
      rest.simple = false;
    }
  }
  return rest;
}

void RuleSet::merge_anchors(std::vector<Anchor>& anchors) {
  std::sort(anchors.begin(), anchors.end(), [](const Anchor& x, const Anchor& y) {
    return std::tie(x.term, x.partner, x.veto) < std::tie(y.term, y.partner, y.veto);
  });
  std::vector<Anchor> merged;
  for (const Anchor& a : anchors) {
    if (merged.empty() || merged.back().term != a.term) {
      merged.push_back(a);
      continue;
    }
    // The same term anchoring several branches: the item needs a partner
    // (lacks a veto) only if every branch does, and a hit proves the rule
    // if one branch is proved by what remains asked of the item.
    Anchor& m = merged.back();
    const std::uint32_t partner = m.partner == a.partner ? m.partner : TermDict::kNone;
    const std::uint32_t veto = m.veto == a.veto ? m.veto : TermDict::kNone;
    auto still_proves = [&](const Anchor& b) {
      return b.proves && (b.partner == TermDict::kNone || b.partner == partner) &&
             (b.veto == TermDict::kNone || b.veto == veto);
    };
    m.proves = still_proves(m) || still_proves(a);
    m.partner = partner;
    m.veto = veto;
  }
  anchors = std::move(merged);
}

}  // namespace pw::rules
