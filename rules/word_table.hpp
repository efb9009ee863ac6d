#pragma once

#include <utility>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace pw::rules {

// Returns a 64-bit hash of a string (a word), 8 bytes at a time.
inline std::uint64_t hash_word(std::string_view s) {
  std::uint64_t h = (s.size() ^ 0xcbf29ce484222325ULL) * 0x9e3779b97f4a7c15ULL;
  for (std::size_t i = 0; i < s.size(); i += 8) {
    std::uint64_t block = 0;
    std::memcpy(&block, s.data() + i, std::min<std::size_t>(8, s.size() - i));
    h = (h ^ block) * 0xc2b2ae3d27d4eb4fULL;
  }
  h ^= h >> 32;
  h *= 0x9e3779b97f4a7c15ULL;
  return h ^ (h >> 29);
}

// A map from words to values with open addressing, for small values
// (16 bytes at most). Each slot holds a key and its value in 32 bytes, so
// looking up a word shorter than 16 bytes (nearly every word) reads one
// slot: the key is the word's bytes, zero-padded, and its length. Another
// word's slot holds its hash and where its length and bytes are in one
// shared buffer. A pointer or reference to a value is valid until the next
// insert() or clear(). Not thread-safe.
template <typename V>
class WordTable {
  static_assert(sizeof(V) <= 16);

 public:
  // The value of `key`, or nullptr.
  const V* find(std::string_view key) const {
    if (slots_.empty()) return nullptr;
    const Key k = key_of(key);
    for (std::size_t i = spread(k);; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.key.b == 0) return nullptr;
      if (matches(s.key, k, key)) return &s.value;
    }
  }

  // Adds `key` (which must not be present) with `value`; returns the stored value.
  V& insert(std::string_view key, V value) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    Key k = key_of(key);
    if (is_long(k)) {
      k.b |= rest_.size();
      const std::uint64_t size = key.size();
      char length[sizeof size];
      std::memcpy(length, &size, sizeof size);
      rest_.append(length, sizeof length);
      rest_.append(key);
    }
    ++size_;
    return place(Slot{k, std::move(value)}).value;
  }

  std::size_t size() const { return size_; }

  void clear() {
    slots_.clear();
    rest_.clear();
    mask_ = 0;
    size_ = 0;
  }

 private:
  // A short word (1-15 bytes): its bytes zero-padded in a and b, its length
  // in b's top byte. Any other: its hash in a, and in b kLong and where its
  // length and bytes are in rest_ (0 when looking up).
  struct Key {
    std::uint64_t a = 0;
    std::uint64_t b = 0;  // 0: an empty slot
    friend bool operator==(const Key&, const Key&) = default;
  };
  struct alignas(32) Slot {
    Key key;
    V value;
  };
  static constexpr std::uint64_t kLong = std::uint64_t{0xff} << 56;
  static constexpr std::uint64_t kWhere = ~kLong;

  static bool is_long(const Key& k) { return (k.b & kLong) == kLong; }

  // Unaligned loads of a word's bytes (native byte order), without a
  // variable-length copy.
  static std::uint64_t load8(const char* p) {
    std::uint64_t v = 0;
    std::memcpy(&v, p, 8);
    return v;
  }
  static std::uint64_t load4(const char* p) {
    std::uint32_t v = 0;
    std::memcpy(&v, p, 4);
    return v;
  }
  static std::uint64_t byte(char c) { return static_cast<unsigned char>(c); }

  static Key key_of(std::string_view s) {
    const char* p = s.data();
    const std::size_t n = s.size();
    if (n == 0 || n >= 16) return Key{hash_word(s), kLong};
    Key k{0, std::uint64_t{n} << 56};
    if (n >= 8) {
      k.a = load8(p);
      if (n > 8) k.b |= load8(p + n - 8) >> (8 * (16 - n));
    } else if (n >= 4) {
      k.a = load4(p) | (load4(p + n - 4) >> (8 * (8 - n))) << 32;
    } else {
      k.a = byte(p[0]) | (n > 1 ? byte(p[1]) << 8 : 0) | (n > 2 ? byte(p[2]) << 16 : 0);
    }
    return k;
  }

  bool matches(const Key& stored, const Key& k, std::string_view key) const {
    if (!is_long(k)) return stored == k;
    if (stored.a != k.a || !is_long(stored)) return false;
    const char* where = rest_.data() + (stored.b & kWhere);
    std::uint64_t size = 0;
    std::memcpy(&size, where, sizeof size);
    return size == key.size() &&
           (size == 0 || std::memcmp(where + sizeof size, key.data(), key.size()) == 0);
  }

  std::size_t spread(const Key& k) const {
    if (is_long(k)) return k.a & mask_;
    std::uint64_t h = (k.a ^ 0xcbf29ce484222325ULL) * 0x9e3779b97f4a7c15ULL;
    h = (h ^ k.b) * 0xc2b2ae3d27d4eb4fULL;
    return (h ^ (h >> 32)) & mask_;
  }

  Slot& place(Slot slot) {
    std::size_t i = spread(slot.key);
    while (slots_[i].key.b != 0) i = (i + 1) & mask_;
    slots_[i] = std::move(slot);
    return slots_[i];
  }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (Slot& s : old) {
      if (s.key.b != 0) place(std::move(s));
    }
  }

  std::vector<Slot> slots_;
  std::string rest_;  // the lengths and bytes of words not held in their slot
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
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
