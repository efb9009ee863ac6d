#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

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
  bool has_bigrams() const { return bigrams_ > 0; }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> ids_;
  std::uint64_t serial_;  // unique per dictionary, spaced 2^32 apart
  std::size_t max_prefix_ = 0;
  std::size_t bigrams_ = 0;
};

}  // namespace pw::rules
