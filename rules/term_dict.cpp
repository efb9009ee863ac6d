#include "rules/term_dict.hpp"

#include <algorithm>
#include <atomic>

namespace pw::rules {
namespace {

std::uint64_t next_serial() {
  static std::atomic<std::uint64_t> counter{0};
  return (counter.fetch_add(1) + 1) << 32;
}

}  // namespace

TermDict::TermDict() : serial_(next_serial()) {}

TermDict::TermDict(const TermDict& other)
    : ids_(other.ids_),
      pairs_(other.pairs_),
      pair_roles_(other.pair_roles_),
      serial_(next_serial()),
      max_prefix_(other.max_prefix_) {}

TermDict& TermDict::operator=(const TermDict& other) {
  ids_ = other.ids_;
  pairs_ = other.pairs_;
  pair_roles_ = other.pair_roles_;
  serial_ = next_serial();
  max_prefix_ = other.max_prefix_;
  return *this;
}

std::uint32_t TermDict::intern(std::string_view key) {
  if (const auto found = ids_.find(key); found != ids_.end()) return found->second;
  const auto it = ids_.emplace(std::string(key), static_cast<std::uint32_t>(ids_.size())).first;
  if (!key.empty()) {
    if (key.front() == term::kPrefix) max_prefix_ = std::max(max_prefix_, key.size() - 1);
    if (key.front() == term::kBigram) add_pair(key.substr(1), it->second);
  }
  return it->second;
}

void TermDict::add_pair(std::string_view words, std::uint32_t id) {
  const std::size_t space = words.find(' ');
  if (space == std::string_view::npos) return;
  const std::uint32_t first = find(term::kExact, words.substr(0, space));
  const std::uint32_t second = find(term::kExact, words.substr(space + 1));
  if (first == kNone || second == kNone) return;
  pairs_.insert(first, second, id);
  if (pair_roles_.size() <= std::max(first, second))
    pair_roles_.resize(std::max(first, second) + 1);
  pair_roles_[first] |= kFirst;
  pair_roles_[second] |= kSecond;
}

static_assert(PairTable::kAbsent == TermDict::kNone);

std::uint32_t TermDict::find(std::string_view key) const {
  const auto it = ids_.find(key);
  return it == ids_.end() ? kNone : it->second;
}

std::uint32_t TermDict::find(char kind, std::string_view text) const {
  thread_local std::string key;  // reused: this runs for every word of every item
  key.clear();
  key += kind;
  key.append(text);
  return find(std::string_view(key));
}

}  // namespace pw::rules
