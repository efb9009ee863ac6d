#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rules/word_table.hpp"

namespace pw::rules {

// Kinds of index term; the first byte of every term key.
namespace term {
inline constexpr char kExact = 'E';       // folded word as written
inline constexpr char kStem = 'Z';        // stemmed word (Xapian's prefix for stems)
inline constexpr char kBigram = 'B';      // two adjacent exact words, "w1 w2"
inline constexpr char kPrefix = 'W';      // wildcard prefix
inline constexpr char kSpeaker = 'P';     // person id of a known speaker
inline constexpr char kSection = 'S';     // section name
inline constexpr char kParty = 'Y';       // canonical party of the speaker
inline constexpr char kDepartment = 'D';  // a word of the department heading
inline constexpr char kHeading = 'H';     // a folded heading of the item's chain
}  // namespace term

// Interns term keys (kind byte + text) as dense ids. Not thread-safe for
// writes; lookups from several threads are fine once no one writes.
class TermDict {
 public:
  static constexpr std::uint32_t kNone = UINT32_MAX;

  // Returns the id of `key`, adding it if new.
  std::uint32_t intern(std::string_view key);
  // Returns the id of `key`, or kNone.
  std::uint32_t find(std::string_view key) const;
  std::uint32_t find(char kind, std::string_view text) const;
  // Returns the id of the bigram term of two adjacent exact-word terms, or
  // kNone. The pair is known when its key ("B" + "w1 w2") was interned
  // after both words' exact terms. A caller with many words to pair saves
  // lookups by asking starts_pair() and ends_pair() first.
  std::uint32_t find_pair(std::uint32_t first, std::uint32_t second) const {
    return pairs_.find(first, second);
  }
  // True if exact-word term `id` is the first (second) word of some bigram.
  bool starts_pair(std::uint32_t id) const { return role(id, kFirst); }
  bool ends_pair(std::uint32_t id) const { return role(id, kSecond); }

  TermDict();
  TermDict(const TermDict& other);
  TermDict& operator=(const TermDict& other);
  TermDict(TermDict&&) noexcept = default;
  TermDict& operator=(TermDict&&) noexcept = default;

  std::size_t size() const { return ids_.size(); }
  // Identifies this dictionary's contents: different for every dictionary
  // (copies included) and changed by every intern() of a new term, so a
  // cache of lookups knows when it is stale.
  std::uint64_t version() const { return serial_ + ids_.size(); }
  // Longest wildcard prefix interned, in bytes (bounds the document side's work).
  std::size_t max_prefix() const { return max_prefix_; }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> ids_;
  static constexpr std::uint8_t kFirst = 1;
  static constexpr std::uint8_t kSecond = 2;
  bool role(std::uint32_t id, std::uint8_t r) const {
    return id < pair_roles_.size() && (pair_roles_[id] & r) != 0;
  }
  void add_pair(std::string_view words, std::uint32_t id);

  PairTable pairs_;                       // (first, second) -> bigram
  std::vector<std::uint8_t> pair_roles_;  // exact term id -> kFirst | kSecond
  std::uint64_t serial_;                  // unique per dictionary, spaced 2^32 apart
  std::size_t max_prefix_ = 0;
};

}  // namespace pw::rules
