#include <algorithm>

#include "rules/rule_set.hpp"

// How a RuleSet is written to a snapshot and read back, so that a process
// can start without compiling every rule again.

namespace pw::rules {
namespace {

// Deeper than any compiled query (kMaxQueryDepth levels, each at most a
// few nodes): a node past it is damage, and would recurse far in eval().
constexpr std::uint8_t kMaxNodeDepth = 4 * kMaxQueryDepth + 8;

}  // namespace

void RuleSet::save(SnapshotWriter& w) const {
  w.strings(term_keys_);
  w.values(nodes_);
  w.values(operands_);
  w.values(slot_id_);
  w.values(slot_root_);
  w.values(slot_flags_);
  slot_group_.save(w);
  by_id_.save(w);
  std::vector<std::string> signatures;
  std::vector<std::uint32_t> slots;
  signatures.reserve(by_signature_.size());
  slots.reserve(by_signature_.size());
  for (const auto& [sig, slot] : by_signature_) {
    signatures.push_back(sig);
    slots.push_back(slot);
  }
  w.strings(signatures);
  w.values(slots);
  postings_.save(w);
  w.values(catch_all_);
}

bool RuleSet::restore(SnapshotReader& r) {
  *this = RuleSet();
  RuleSet s;
  std::vector<std::string> signatures;
  std::vector<std::uint32_t> slots;
  if (!r.strings(s.term_keys_) || !r.values(s.nodes_) || !r.values(s.operands_) ||
      !r.values(s.slot_id_) || !r.values(s.slot_root_) || !r.values(s.slot_flags_) ||
      !s.slot_group_.restore(r) || !s.by_id_.restore(r) || !r.strings(signatures) ||
      !r.values(slots) || !s.postings_.restore(r) || !r.values(s.catch_all_)) {
    return false;
  }
  for (std::size_t i = 0; i < s.term_keys_.size(); ++i) {
    if (s.dict_.intern(s.term_keys_[i]) != i) return r.reject("a term is there twice");
  }
  if (signatures.size() != slots.size()) return r.reject("the queries do not match their slots");
  for (std::size_t i = 0; i < slots.size(); ++i) s.by_signature_.emplace(signatures[i], slots[i]);
  if (!s.well_formed()) return r.reject("the compiled rules point outside themselves");
  *this = std::move(s);
  return true;
}

bool RuleSet::well_formed() const {
  const std::size_t terms = term_keys_.size();
  const std::size_t slots = slot_id_.size();
  if (slot_root_.size() != slots || slot_flags_.size() != slots || slot_group_.size() != slots ||
      postings_.size() != terms) {
    return false;
  }
  std::vector<std::uint8_t> depth(nodes_.size(), 0);
  for (std::uint32_t i = 0; i < nodes_.size(); ++i) {
    if (!node_well_formed(i, depth)) return false;
  }
  const auto is_slot = [slots](std::uint32_t s) { return s < slots; };
  const auto is_node = [this](std::uint32_t n) { return n < nodes_.size(); };
  bool ok = std::all_of(slot_root_.begin(), slot_root_.end(), is_node) &&
            std::all_of(catch_all_.begin(), catch_all_.end(), is_slot);
  by_id_.for_each([&](std::int64_t, std::uint32_t s) { ok = ok && is_slot(s); });
  for (const auto& [sig, s] : by_signature_) ok = ok && is_slot(s);
  for (std::size_t t = 0; ok && t < terms; ++t) {
    for (const Posting& p : postings_[t]) ok = ok && is_slot(p.slot);
  }
  return ok;
}

bool RuleSet::node_well_formed(std::uint32_t i, std::vector<std::uint8_t>& depth) const {
  const Node& n = nodes_[i];
  const bool listed = std::uint64_t{n.a} + n.b <= operands_.size();
  const auto children = listed ? std::span<const std::uint32_t>(operands_).subspan(n.a, n.b)
                               : std::span<const std::uint32_t>();
  // Operands that are nodes come before their parent, so none is its own ancestor.
  const auto earlier = [&](std::uint32_t c) { return c < i; };
  const auto term_or_phrase = [&](std::uint32_t c) {
    return c < i && (nodes_[c].op == Op::kTerm || nodes_[c].op == Op::kPhrase);
  };
  const auto is_term = [&](std::uint32_t t) { return t < term_keys_.size(); };
  bool ok = false;
  std::uint8_t deepest = 0;
  switch (n.op) {
    case Op::kTerm:
      ok = is_term(n.a);
      break;
    case Op::kPhrase:
      ok = listed && n.b > 0 && std::all_of(children.begin(), children.end(), is_term);
      break;
    case Op::kDays:
      ok = listed && n.b == 2;
      break;
    case Op::kNear:
      ok = listed && n.b > 0 && std::all_of(children.begin(), children.end(), term_or_phrase);
      break;
    case Op::kAnd:
    case Op::kOr:
    case Op::kXor:
      ok = listed && std::all_of(children.begin(), children.end(), earlier);
      break;
    case Op::kNot:
      ok = n.a < i;
      if (ok) deepest = depth[n.a];
      break;
  }
  if (!ok) return false;
  const bool of_nodes =
      n.op == Op::kNear || n.op == Op::kAnd || n.op == Op::kOr || n.op == Op::kXor;
  if (of_nodes) {
    for (const std::uint32_t c : children) deepest = std::max(deepest, depth[c]);
  }
  depth[i] = static_cast<std::uint8_t>(deepest + 1);
  return depth[i] <= kMaxNodeDepth;
}

}  // namespace pw::rules
