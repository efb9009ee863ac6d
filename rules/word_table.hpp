#pragma once

#include <utility>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace pw::rules {

// A word's first 16 bytes as two 8-byte blocks, read without a
// variable-length copy: a shorter word's blocks overlap or repeat its
// bytes, so that with the length they determine the word (up to 16 bytes).
struct WordHead {
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  friend bool operator==(const WordHead&, const WordHead&) = default;
};

inline WordHead word_head(std::string_view s) {
  const char* p = s.data();
  const std::size_t n = s.size();
  auto load8 = [](const char* q) {
    std::uint64_t v = 0;
    std::memcpy(&v, q, 8);
    return v;
  };
  auto load4 = [](const char* q) {
    std::uint32_t v = 0;
    std::memcpy(&v, q, 4);
    return std::uint64_t{v};
  };
  auto byte = [](char c) { return std::uint64_t{static_cast<unsigned char>(c)}; };
  if (n >= 16) return {load8(p), load8(p + 8)};
  if (n >= 8) return {load8(p), load8(p + n - 8)};
  if (n >= 4) return {load4(p), load4(p + n - 4)};
  if (n > 0) return {byte(p[0]) | byte(p[n / 2]) << 8 | byte(p[n - 1]) << 16, 0};
  return {};
}

// Returns a 64-bit hash of a short string (a word).
inline std::uint64_t hash_word(std::string_view s, const WordHead& head) {
  std::uint64_t h = (head.a ^ 0xcbf29ce484222325ULL) * 0x9e3779b97f4a7c15ULL;
  h = (h ^ head.b ^ s.size()) * 0xc2b2ae3d27d4eb4fULL;
  for (std::size_t i = 16; i < s.size(); i += 8) {
    std::uint64_t block = 0;
    std::memcpy(&block, s.data() + i, std::min<std::size_t>(8, s.size() - i));
    h = (h ^ block) * 0x100000001b3ULL;
  }
  h ^= h >> 32;
  h *= 0x9e3779b97f4a7c15ULL;
  return h ^ (h >> 29);
}

inline std::uint64_t hash_word(std::string_view s) {
  return hash_word(s, word_head(s));
}

// A map from words to values with open addressing: a lookup reads one
// 8-byte slot and one entry that holds the word's first 16 bytes inline
// (longer words keep the rest in one shared buffer). A pointer or reference
// to a value is valid until the next insert() or clear(). Not thread-safe.
template <typename V>
class WordTable {
 public:
  // The value of `key`, or nullptr.
  const V* find(std::string_view key) const {
    if (slots_.empty()) return nullptr;
    const WordHead head = word_head(key);
    const std::uint64_t h = hash_word(key, head);
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot s = slots_[i];
      if (s.entry == 0) return nullptr;
      if (s.tag != tag) continue;
      const Entry& e = entries_[s.entry - 1];
      if (e.size == key.size() && e.head == head && rest_equals(e, key)) return &e.value;
    }
  }

  // Adds `key` (which must not be present) with `value`; returns the stored value.
  V& insert(std::string_view key, V value) {
    if ((entries_.size() + 1) * 2 > slots_.size()) grow();
    const WordHead head = word_head(key);
    Entry e{head, hash_word(key, head), static_cast<std::uint32_t>(key.size()),
            static_cast<std::uint32_t>(rest_.size()), std::move(value)};
    if (key.size() > 16) rest_.append(key.substr(16));
    entries_.push_back(std::move(e));
    place(entries_.back().hash, static_cast<std::uint32_t>(entries_.size()));
    return entries_.back().value;
  }

  std::size_t size() const { return entries_.size(); }

  void clear() {
    entries_.clear();
    rest_.clear();
    slots_.clear();
    mask_ = 0;
  }

 private:
  struct Slot {
    std::uint32_t tag = 0;    // the hash's high half
    std::uint32_t entry = 0;  // index into entries_ + 1; 0 is empty
  };
  struct Entry {
    WordHead head;
    std::uint64_t hash;
    std::uint32_t size;
    std::uint32_t rest;  // where bytes after the 16th are in rest_
    V value;
  };

  bool rest_equals(const Entry& e, std::string_view key) const {
    return key.size() <= 16 ||
           std::memcmp(rest_.data() + e.rest, key.data() + 16, key.size() - 16) == 0;
  }

  void place(std::uint64_t h, std::uint32_t entry) {
    std::size_t i = h & mask_;
    while (slots_[i].entry != 0) i = (i + 1) & mask_;
    slots_[i] = Slot{static_cast<std::uint32_t>(h >> 32), entry};
  }

  void grow() {
    const std::size_t n = slots_.empty() ? 1024 : slots_.size() * 2;
    slots_.assign(n, Slot{});
    mask_ = n - 1;
    for (std::uint32_t e = 0; e < entries_.size(); ++e) place(entries_[e].hash, e + 1);
  }

  std::vector<Entry> entries_;
  std::string rest_;
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
