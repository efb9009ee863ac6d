#pragma once

#include <utility>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace pw::rules {

// Returns a 64-bit hash of a short string (a word): FNV-1a over 8-byte
// blocks, then a final mix.
inline std::uint64_t hash_word(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL ^ s.size();
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t block = 0;
    std::memcpy(&block, s.data() + i, 8);
    h = (h ^ block) * 0x100000001b3ULL;
  }
  std::uint64_t tail = 0;
  if (i < s.size()) std::memcpy(&tail, s.data() + i, s.size() - i);
  h = (h ^ tail) * 0x100000001b3ULL;
  h ^= h >> 32;
  h *= 0x9e3779b97f4a7c15ULL;
  return h ^ (h >> 29);
}

// A map from words to values with open addressing: one probe of a flat
// array per lookup, where std::unordered_map chases a node. A pointer or
// reference to a value is valid until the next insert() or clear(). Not
// thread-safe.
template <typename V>
class WordTable {
 public:
  // The value of `key`, or nullptr.
  const V* find(std::string_view key) const {
    if (slots_.empty()) return nullptr;
    const std::uint64_t h = hash_word(key);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.entry == 0) return nullptr;
      if (s.hash == h && entries_[s.entry - 1].first == key) return &entries_[s.entry - 1].second;
    }
  }

  // Adds `key` (which must not be present) with `value`; returns the stored value.
  V& insert(std::string_view key, V value) {
    if ((entries_.size() + 1) * 2 > slots_.size()) grow();
    entries_.emplace_back(std::string(key), std::move(value));
    place(hash_word(key), static_cast<std::uint32_t>(entries_.size()));
    return entries_.back().second;
  }

  std::size_t size() const { return entries_.size(); }

  void clear() {
    entries_.clear();
    slots_.clear();
    mask_ = 0;
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t entry = 0;  // index into entries_ + 1; 0 is empty
  };

  void place(std::uint64_t h, std::uint32_t entry) {
    std::size_t i = h & mask_;
    while (slots_[i].entry != 0) i = (i + 1) & mask_;
    slots_[i] = Slot{h, entry};
  }

  void grow() {
    const std::size_t n = slots_.empty() ? 1024 : slots_.size() * 2;
    slots_.assign(n, Slot{});
    mask_ = n - 1;
    for (std::uint32_t e = 0; e < entries_.size(); ++e) {
      place(hash_word(entries_[e].first), e + 1);
    }
  }

  std::vector<std::pair<std::string, V>> entries_;
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
};

// A map from pairs of 32-bit ids to a 32-bit value, with open addressing.
// Not thread-safe for writes.
class PairTable {
 public:
  static constexpr std::uint32_t kAbsent = UINT32_MAX;

  // The value stored for (first, second), or kAbsent.
  std::uint32_t find(std::uint32_t first, std::uint32_t second) const {
    if (slots_.empty()) return kAbsent;
    const std::uint64_t key = join(first, second);
    for (std::size_t i = spread(key);; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.value == kAbsent || s.key == key) return s.value;
    }
  }

  // Stores `value` (not kAbsent) for (first, second), replacing any.
  void insert(std::uint32_t first, std::uint32_t second, std::uint32_t value) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    if (place(join(first, second), value)) ++size_;
  }

  std::size_t size() const { return size_; }

 private:
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t value = kAbsent;
  };

  static std::uint64_t join(std::uint32_t a, std::uint32_t b) {
    return (std::uint64_t{a} << 32) | b;
  }
  std::size_t spread(std::uint64_t key) const {
    const std::uint64_t h = key * 0x9e3779b97f4a7c15ULL;
    return static_cast<std::size_t>(h ^ (h >> 32)) & mask_;
  }

  // True if the key was new.
  bool place(std::uint64_t key, std::uint32_t value) {
    for (std::size_t i = spread(key);; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.value == kAbsent || s.key == key) {
        const bool added = s.value == kAbsent;
        s = Slot{key, value};
        return added;
      }
    }
  }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.value != kAbsent) place(s.key, s.value);
    }
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace pw::rules
