#pragma once

#include <utility>

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/id_map.hpp"
#include "core/snapshot.hpp"
#include "core/transcript.hpp"
#include "rules/analyzer.hpp"
#include "rules/doc_terms.hpp"
#include "rules/list_arena.hpp"
#include "rules/query.hpp"
#include "rules/term_dict.hpp"

namespace pw::rules {

// Counts from one match call, for benchmarks and metrics.
struct MatchCounters {
  std::uint64_t items = 0;
  std::uint64_t candidates = 0;  // distinct queries that came up (verified or accepted directly)
  std::uint64_t verified = 0;    // candidates that needed verifying against the item
  std::uint64_t matches = 0;     // rules matched
};

class RuleSet;

// Where an item was published: its section, and its sitting date
// ("YYYY-MM-DD"; date filters match no item whose date is "" or not a date).
struct Sitting {
  Sitting(Section s, std::string_view d = {}) : section(s), date(d) {}  // NOLINT: Section converts
  Section section;
  std::string_view date;
};

// The ids of the rules that hold one matching query: one rule, or all the
// rules that share the query. Points into the RuleSet: valid until the next
// add() or remove().
using RuleIds = std::span<const std::int64_t>;

// Per-thread scratch space for matching: the analyzer (with its stem
// cache), the item's terms and the candidate marks. One per thread.
class MatchContext {
 public:
  MatchContext() = default;

 private:
  friend class RuleSet;
  Analyzer analyzer_;
  DocTerms doc_;
  std::vector<std::uint32_t> seen_;  // per shared slot: generation it last came up in
  std::vector<RuleIds> found_;
  // Scratch space for NEAR: (position, operand) of each occurrence, a
  // phrase operand's starts, and each operand's count in the window.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> near_hits_;
  std::vector<std::uint32_t> near_starts_;
  std::vector<std::uint32_t> near_window_;
  std::uint32_t generation_ = 0;
  std::uint32_t day_ = 0;  // the item's sitting day, YYYYMMDD; 0 if unknown
};

// A compiled set of rules, indexed for prospective matching (Lucene
// Monitor's presearcher idea): each rule is filed under anchor terms that
// every item it matches must contain (the rarest term of an AND, every
// branch of an OR, a word pair for a phrase, its filter for a filter-only
// rule; NOT is ignored), so matching an item verifies only the rules filed
// under the item's terms. Rules without anchors sit in a catch-all list that
// every item checks. Rules that compile to the same query (many people
// watch "NHS") share one entry, verified once per item.
//
// Adding and removing a rule touches only that rule. Not thread-safe for
// writes; match() may run on several threads at once, each with its own
// MatchContext, while nothing is added or removed.
class RuleSet {
 public:
  RuleSet() = default;

  // Compiles and indexes a parsed rule under `rule_id` (replacing any rule
  // with that id). Returns invalid_input, with a caret, if a word has no
  // letters or digits.
  Status add(std::int64_t rule_id, const Query& query, Analyzer& analyzer);

  // Files `rule_id` (replacing any rule with that id) under the compiled
  // query of rule `same_as`, as add() of a query with the same text would,
  // without parsing or compiling it again. False, changing nothing, if
  // `same_as` is not in the set or is `rule_id` itself.
  bool add_alike(std::int64_t rule_id, std::int64_t same_as);

  // Removes a rule; false if there was none.
  bool remove(std::int64_t rule_id);

  // Appends the ids of the rules that match `item` to `out`, one entry
  // per matching query (no rule id comes up twice). Nothing is copied: the
  // cheapest way to hand out a query that thousands of rules share.
  void match(const Item& item, const Sitting& sitting, MatchContext& ctx, std::vector<RuleIds>& out,
             MatchCounters* counters = nullptr) const;

  // The same, as a flat list of rule ids.
  void match(const Item& item, const Sitting& sitting, MatchContext& ctx,
             std::vector<std::int64_t>& out, MatchCounters* counters = nullptr) const;

  // The same answer by checking every rule: the reference for tests and
  // the benchmark's naive loop.
  void match_all_rules(const Item& item, const Sitting& sitting, MatchContext& ctx,
                       std::vector<std::int64_t>& out) const;

  // True if the rule names a speaker (it reports every speech, not one per debate).
  bool is_speaker_rule(std::int64_t rule_id) const;

  std::size_t size() const { return by_id_.size(); }
  // Makes room for `rules` rules' ids, so that adding them does not grow
  // (and for a while double) the id map.
  void reserve(std::size_t rules) { by_id_.reserve(rules); }
  // Distinct queries among the rules.
  std::size_t query_count() const { return by_signature_.size(); }
  // Rules without an index anchor (checked against every item).
  std::size_t catch_all_size() const;
  std::size_t term_count() const { return dict_.size(); }
  // Approximate heap bytes held by the compiled rules and index.
  std::size_t memory_bytes() const;

  // Writes the compiled rules and index as they stand (rule_set_snapshot.cpp),
  // for restore() by the same build.
  void save(SnapshotWriter& w) const;
  // Reads what save() wrote, replacing this set. False, leaving the set
  // empty, if a node, list or slot points outside the set (so a damaged
  // snapshot never makes matching read out of bounds; `r` says which).
  bool restore(SnapshotReader& r);

 private:
  enum class Op : std::uint8_t { kTerm, kPhrase, kNear, kAnd, kOr, kXor, kNot, kDays };
  struct Node {
    Op op;
    std::uint32_t
        a;  // term id (kTerm), first operand (kPhrase, kNear, kAnd, kOr, kXor), child (kNot)
    std::uint32_t b;  // operand count (kDays: 2, the first and last day)
    std::uint32_t c;  // NEAR distance
  };
  // Slot flags.
  static constexpr std::uint8_t kLive = 1;
  static constexpr std::uint8_t kDirect = 2;   // (postings) a hit is a match: no verification
  static constexpr std::uint8_t kSpeaker = 4;  // names a speaker
  static constexpr std::uint8_t kShared = 8;   // filed under several terms: may come up twice
  static constexpr std::uint8_t kGroup = 16;   // several rules share the query
  // A term a rule is filed under, another term that every item matching
  // the rule through it must contain, and one that none may contain (kNone
  // if there is none): "police NEAR/5 gangs" is filed under the rarer word
  // with the other as partner, so an item with only one of them does not
  // verify the rule; "police -gangs" is filed under police with gangs as veto.
  struct Anchor {
    std::uint32_t term;
    std::uint32_t partner = TermDict::kNone;
    std::uint32_t veto = TermDict::kNone;
    bool proves = false;  // an item with the term and the partner, without the veto, matches
  };
  // What the operands of an AND other than one ask of an item: the first
  // excluded term (veto), and whether that is all besides one term at most
  // (simple: that term is then the anchor's partner, so nothing is left
  // to verify).
  struct Rest {
    std::uint32_t veto = TermDict::kNone;
    bool simple = true;
  };
  Rest rest_of_and(const Node& n, std::size_t k) const;
  struct Anchors {
    std::vector<Anchor> terms;
    double cost = 0;
    bool ok = false;
  };
  class Compiler;

  // Whether every node's operands, slot, posting and id entry lies inside
  // the set, and no node is nested deeper than a query can be.
  bool well_formed() const;
  bool node_well_formed(std::uint32_t i, std::vector<std::uint8_t>& depth) const;

  bool eval(std::uint32_t node, MatchContext& ctx) const;
  bool eval_phrase(const Node& n, const DocTerms& doc, std::vector<std::uint32_t>* starts) const;
  bool eval_near(const Node& n, MatchContext& ctx) const;
  Anchors anchors(std::uint32_t node) const;
  // The anchors of an AND or NEAR node `n` with operands `children`: those
  // of the operand that, with the rarest term the others require as its
  // partner, lets the fewest items through.
  Anchors anchors_of_all(const Node& n, std::span<const std::uint32_t> children) const;
  // Sorts anchors by term and merges repeats; a term anchoring several
  // branches with different partners keeps none.
  static void merge_anchors(std::vector<Anchor>& anchors);
  // The rarest term every item matching `node` contains, or kNone.
  std::uint32_t required(std::uint32_t node) const;
  std::uint32_t rarer(std::uint32_t a, std::uint32_t b) const;
  double cost(std::uint32_t term) const;
  void prepare(const Item& item, const Sitting& sitting, MatchContext& ctx) const;
  std::uint32_t intern(char kind, std::string_view text);
  // The flags of a posting of `slot` under anchor `a`.
  std::uint8_t posting_flags(std::uint32_t slot, const Anchor& a) const;
  // Appends a byte string that is equal for two nodes exactly when they
  // compile the same query.
  void signature(std::uint32_t node, std::string& out) const;
  // Appends the slot's rule ids.
  void emit(std::uint32_t slot, std::uint8_t flags, std::vector<RuleIds>& out) const;
  void set_posting_flags(std::uint32_t slot);
  bool remove_from_group(std::uint32_t slot, std::int64_t rule_id);
  // Adds `rule_id` to the rules sharing live slot `slot`'s query.
  void join(std::uint32_t slot, std::int64_t rule_id);

  TermDict dict_;
  std::vector<std::string> term_keys_;  // by term id, for costs
  std::vector<Node> nodes_;
  std::vector<std::uint32_t> operands_;
  // One slot per distinct query ever added, as parallel arrays so that
  // matching reads only what it needs (a slot whose rules were all removed
  // stays, without kLive). slot_id_ is the slot's first rule; slot_group_
  // holds all its rules (first included) when several share the query, and
  // an empty list otherwise.
  std::vector<std::int64_t> slot_id_;
  std::vector<std::uint32_t> slot_root_;
  std::vector<std::uint8_t> slot_flags_;
  ListArena<std::int64_t> slot_group_;
  IdMap<std::uint32_t> by_id_;                                   // rule id -> slot
  std::unordered_map<std::string, std::uint32_t> by_signature_;  // live slots
  // What matching needs of a slot to decide whether it is a candidate,
  // without touching the slot.
  struct Posting {
    std::uint32_t slot;
    std::uint32_t partner;  // the anchor's partner term, or kNone
    std::uint32_t veto;     // the anchor's veto term, or kNone
    std::uint8_t flags;
  };
  ListArena<Posting> postings_;           // term id -> rules filed under it
  std::vector<std::uint32_t> catch_all_;  // slots without anchors
};

}  // namespace pw::rules
