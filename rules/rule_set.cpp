#include "rules/rule_set.hpp"

#include <algorithm>

#include "rules/query_dates.hpp"

namespace pw::rules {
namespace {

void flatten(const std::vector<RuleIds>& found, std::vector<std::int64_t>& out) {
  for (const RuleIds ids : found) out.insert(out.end(), ids.begin(), ids.end());
}

}  // namespace

bool RuleSet::remove(std::int64_t rule_id) {
  const std::uint32_t* found = by_id_.find(rule_id);
  if (found == nullptr) return false;
  const std::uint32_t slot = *found;
  by_id_.erase(rule_id);
  if (remove_from_group(slot, rule_id)) return true;
  slot_flags_[slot] &= static_cast<std::uint8_t>(~kLive);
  std::string sig;
  signature(slot_root_[slot], sig);
  by_signature_.erase(sig);
  const Anchors a = anchors(slot_root_[slot]);
  if (a.ok) {
    for (const Anchor& t : a.terms) {
      postings_.erase_if(t.term, [slot](const Posting& p) { return p.slot == slot; });
    }
  } else {
    catch_all_.erase(std::remove(catch_all_.begin(), catch_all_.end(), slot), catch_all_.end());
  }
  return true;
}

bool RuleSet::remove_from_group(std::uint32_t slot, std::int64_t rule_id) {
  if (slot_group_[slot].empty()) return false;
  slot_group_.erase_if(slot, [rule_id](std::int64_t id) { return id == rule_id; });
  const auto group = slot_group_[slot];
  if (group.empty()) {  // a group holds two rules or more, unless a snapshot was damaged
    slot_group_.clear(slot);
    return false;
  }
  slot_id_[slot] = group.front();
  if (group.size() == 1) {
    slot_flags_[slot] &= static_cast<std::uint8_t>(~kGroup);
    slot_group_.clear(slot);
  }
  set_posting_flags(slot);
  return true;
}

void RuleSet::set_posting_flags(std::uint32_t slot) {
  Anchors a = anchors(slot_root_[slot]);
  if (!a.ok) return;  // the catch-all list reads the slot itself
  merge_anchors(a.terms);
  for (const Anchor& t : a.terms) {
    for (Posting& p : postings_.mutable_list(t.term)) {
      if (p.slot != slot) continue;
      p.flags = posting_flags(slot, t);
    }
  }
}

void RuleSet::emit(std::uint32_t slot, std::uint8_t flags, std::vector<RuleIds>& out) const {
  if ((flags & kGroup) != 0) {
    out.emplace_back(slot_group_[slot]);
  } else {
    out.emplace_back(&slot_id_[slot], 1);
  }
}

bool RuleSet::is_speaker_rule(std::int64_t rule_id) const {
  const std::uint32_t* slot = by_id_.find(rule_id);
  return slot != nullptr && (slot_flags_[*slot] & kSpeaker) != 0;
}

std::size_t RuleSet::catch_all_size() const {
  std::size_t rules = 0;
  for (const auto slot : catch_all_) rules += std::max<std::size_t>(1, slot_group_[slot].size());
  return rules;
}

std::size_t RuleSet::memory_bytes() const {
  std::size_t bytes = nodes_.capacity() * sizeof(Node) + operands_.capacity() * 4 +
                      slot_id_.capacity() * 13 + by_id_.memory_bytes() + postings_.memory_bytes() +
                      slot_group_.memory_bytes();
  for (const auto& [sig, slot] : by_signature_) bytes += sig.capacity() + 64;
  for (const auto& k : term_keys_) bytes += sizeof(std::string) + k.capacity() * 2 + 48;
  return bytes;
}

bool RuleSet::eval_phrase(const Node& n, const DocTerms& doc,
                          std::vector<std::uint32_t>* starts) const {
  const auto ids = std::span<const std::uint32_t>(operands_).subspan(n.a, n.b);
  bool any = false;
  for (const std::uint32_t p : doc.positions(ids[0])) {
    bool all = true;
    for (std::uint32_t k = 1; k < ids.size() && all; ++k) {
      const auto pos = doc.positions(ids[k]);
      all = std::binary_search(pos.begin(), pos.end(), p + k);
    }
    if (!all) continue;
    any = true;
    if (starts == nullptr) return true;
    starts->push_back(p);
  }
  return any;
}

bool RuleSet::eval_near(const Node& n, MatchContext& ctx) const {
  // (position, operand) of every occurrence; a window holding every operand
  // within the distance is a match.
  auto& hits = ctx.near_hits_;
  hits.clear();
  for (std::uint32_t k = 0; k < n.b; ++k) {
    const Node& child = nodes_[operands_[n.a + k]];
    std::span<const std::uint32_t> starts;
    if (child.op == Op::kTerm) {
      starts = ctx.doc_.positions(child.a);
    } else {
      ctx.near_starts_.clear();
      eval_phrase(child, ctx.doc_, &ctx.near_starts_);
      starts = ctx.near_starts_;
    }
    if (starts.empty()) return false;
    for (const auto p : starts) hits.emplace_back(p, k);
  }
  std::sort(hits.begin(), hits.end());
  auto& in_window = ctx.near_window_;
  in_window.assign(n.b, 0);
  std::uint32_t distinct = 0;
  std::size_t lo = 0;
  for (std::size_t hi = 0; hi < hits.size(); ++hi) {
    if (in_window[hits[hi].second]++ == 0) ++distinct;
    while (hits[hi].first - hits[lo].first > n.c) {
      if (--in_window[hits[lo].second] == 0) --distinct;
      ++lo;
    }
    if (distinct == n.b) return true;
  }
  return false;
}

bool RuleSet::eval(std::uint32_t index, MatchContext& ctx) const {
  const DocTerms& doc = ctx.doc_;
  const Node& n = nodes_[index];
  const auto children = std::span<const std::uint32_t>(operands_).subspan(n.a, n.b);
  switch (n.op) {
    case Op::kTerm:
      return doc.has(n.a);
    case Op::kPhrase:
      return eval_phrase(n, doc, nullptr);
    case Op::kNear:
      return eval_near(n, ctx);
    case Op::kAnd:
      return std::all_of(children.begin(), children.end(), [&](auto c) { return eval(c, ctx); });
    case Op::kOr:
      return std::any_of(children.begin(), children.end(), [&](auto c) { return eval(c, ctx); });
    case Op::kXor:
      return std::count_if(children.begin(), children.end(), [&](auto c) { return eval(c, ctx); }) %
                 2 ==
             1;
    case Op::kNot:
      return !eval(n.a, ctx);
    case Op::kDays:
      return ctx.day_ != 0 && children[0] <= ctx.day_ && ctx.day_ <= children[1];
  }
  return false;
}

void RuleSet::prepare(const Item& item, const Sitting& sitting, MatchContext& ctx) const {
  ctx.doc_.build(item, sitting.section, ctx.analyzer_, dict_);
  ctx.day_ = sitting_day(sitting.date);
  if (ctx.seen_.size() < slot_id_.size()) ctx.seen_.resize(slot_id_.size(), 0);
  if (++ctx.generation_ == 0) {  // wrapped: forget every old mark
    std::fill(ctx.seen_.begin(), ctx.seen_.end(), 0);
    ctx.generation_ = 1;
  }
}

void RuleSet::match(const Item& item, const Sitting& sitting, MatchContext& ctx,
                    std::vector<std::int64_t>& out, MatchCounters* counters) const {
  ctx.found_.clear();
  match(item, sitting, ctx, ctx.found_, counters);
  flatten(ctx.found_, out);
}

void RuleSet::match(const Item& item, const Sitting& sitting, MatchContext& ctx,
                    std::vector<RuleIds>& out, MatchCounters* counters) const {
  prepare(item, sitting, ctx);
  std::uint64_t candidates = 0;
  std::uint64_t verified = 0;
  std::uint64_t rules = 0;
  // Postings hold only live rules (remove() takes a rule out of them). A
  // rule filed under one term comes up at most once per item, as each term
  // does; only rules filed under several need the seen_ marks.
  auto consider = [&](std::uint32_t slot, std::uint8_t flags) {
    if ((flags & kShared) != 0) {
      if (ctx.seen_[slot] == ctx.generation_) return;
      ctx.seen_[slot] = ctx.generation_;
    }
    ++candidates;
    const bool direct = (flags & kDirect) != 0;
    verified += direct ? 0 : 1;
    if (direct || eval(slot_root_[slot], ctx)) {
      emit(slot, flags, out);
      rules += out.back().size();
    }
  };
  const auto& ids = ctx.doc_.ids();
  for (std::size_t i = 0; i < ids.size(); ++i) {
    // The lists are scattered: ask for the next terms' lists early.
    if (i + 8 < ids.size()) __builtin_prefetch(postings_.ref(ids[i + 8]));
    if (i + 4 < ids.size()) __builtin_prefetch(postings_.data(ids[i + 4]));
    for (const Posting& p : postings_[ids[i]]) {
      if ((p.partner == TermDict::kNone || ctx.doc_.has(p.partner)) && !ctx.doc_.has(p.veto)) {
        consider(p.slot, p.flags);
      }
    }
  }
  for (const std::uint32_t slot : catch_all_) consider(slot, slot_flags_[slot]);
  if (counters != nullptr) {
    ++counters->items;
    counters->candidates += candidates;
    counters->verified += verified;
    counters->matches += rules;
  }
}

void RuleSet::match_all_rules(const Item& item, const Sitting& sitting, MatchContext& ctx,
                              std::vector<std::int64_t>& out) const {
  prepare(item, sitting, ctx);
  ctx.found_.clear();
  for (std::size_t slot = 0; slot < slot_id_.size(); ++slot) {
    if ((slot_flags_[slot] & kLive) != 0 && eval(slot_root_[slot], ctx)) {
      emit(static_cast<std::uint32_t>(slot), slot_flags_[slot], ctx.found_);
    }
  }
  flatten(ctx.found_, out);
}

}  // namespace pw::rules
