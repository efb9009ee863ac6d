#pragma once

#include <utility>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include "core/snapshot.hpp"

namespace pw {

// A map from 64-bit ids (database keys) to small values, with open
// addressing: one array of (id, value) slots, linear probing, and removal
// by shifting later slots back, so there is no heap block per entry and no
// tombstone. A million rules' records fit in a few dozen MiB and are read
// with one or two cache misses each. Pointers to values are valid until the
// next insert, erase, reserve or clear. Not thread-safe for writes.
template <typename V>
class IdMap {
 public:
  // The one id a map cannot hold: it marks an empty slot. SQLite never
  // hands it out for an INTEGER PRIMARY KEY.
  static constexpr std::int64_t kNoId = std::numeric_limits<std::int64_t>::min();

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // Bytes held by the slots.
  std::size_t memory_bytes() const { return slots_.capacity() * sizeof(Slot); }

  // The value of `id`, or nullptr.
  const V* find(std::int64_t id) const {
    if (slots_.empty()) return nullptr;
    for (std::size_t i = home(id);; i = next(i)) {
      const Slot& s = slots_[i];
      if (s.id == id) return &s.value;
      if (s.id == kNoId) return nullptr;
    }
  }
  V* find(std::int64_t id) { return const_cast<V*>(std::as_const(*this).find(id)); }
  bool contains(std::int64_t id) const { return find(id) != nullptr; }
  // The value of `id`; throws std::out_of_range if it is not there.
  const V& at(std::int64_t id) const {
    const V* v = find(id);
    if (v == nullptr) throw std::out_of_range("IdMap::at: no such id");
    return *v;
  }

  // Sets the value of `id` (not kNoId); true if `id` was not there before.
  bool insert_or_assign(std::int64_t id, V value) {
    if ((size_ + 1) * 4 > slots_.size() * 3) grow(slots_.empty() ? 16 : slots_.size() * 2);
    for (std::size_t i = home(id);; i = next(i)) {
      Slot& s = slots_[i];
      if (s.id == id) {
        s.value = std::move(value);
        return false;
      }
      if (s.id == kNoId) {
        s = Slot{id, std::move(value)};
        ++size_;
        return true;
      }
    }
  }

  // Removes `id`; true if it was there.
  bool erase(std::int64_t id) {
    if (slots_.empty()) return false;
    std::size_t hole = home(id);
    while (slots_[hole].id != id) {
      if (slots_[hole].id == kNoId) return false;
      hole = next(hole);
    }
    for (std::size_t i = next(hole); slots_[i].id != kNoId; i = next(i)) {
      const std::size_t want = home(slots_[i].id);
      // Slot i may move back to the hole unless its home lies in (hole, i].
      const bool stays = hole < i ? (hole < want && want <= i) : (hole < want || want <= i);
      if (stays) continue;
      slots_[hole] = std::move(slots_[i]);
      hole = i;
    }
    slots_[hole] = Slot{};
    --size_;
    return true;
  }

  // Makes room for `n` ids without growing again.
  void reserve(std::size_t n) {
    std::size_t want = 16;
    while (n * 4 > want * 3) want *= 2;
    if (want > slots_.size()) grow(want);
  }

  void clear() {
    slots_.clear();
    slots_.shrink_to_fit();
    size_ = 0;
  }

  // Writes the table as it stands, slots and all, for restore(); V must
  // be a plain value.
  void save(SnapshotWriter& w) const {
    w.values(slots_);
    w.u64(size_);
  }
  // Reads what save() wrote. False, leaving the map empty, if it is not
  // such a table: a size that is not a power of two, too full to have a
  // free slot, or a count that is not its entries'.
  bool restore(SnapshotReader& r) {
    clear();
    std::vector<Slot> slots;
    std::uint64_t size = 0;
    if (!r.values(slots) || !r.u64(size)) return false;
    const std::size_t used = static_cast<std::size_t>(
        std::count_if(slots.begin(), slots.end(), [](const Slot& s) { return s.id != kNoId; }));
    const bool power = (slots.size() & (slots.size() - 1)) == 0;
    if (!power || used != size || used * 4 > slots.size() * 3)
      return r.reject("an id table is not one");
    slots_ = std::move(slots);
    size_ = used;
    return true;
  }

  // Calls f(id, value) for every entry, in no particular order.
  template <typename F>
  void for_each(F&& f) const {
    for (const Slot& s : slots_) {
      if (s.id != kNoId) f(s.id, s.value);
    }
  }

 private:
  struct Slot {
    std::int64_t id = kNoId;
    V value{};
  };

  std::size_t home(std::int64_t id) const {
    auto h = static_cast<std::uint64_t>(id) * 0x9e3779b97f4a7c15ULL;
    return static_cast<std::size_t>(h ^ (h >> 32)) & (slots_.size() - 1);
  }
  std::size_t next(std::size_t i) const { return (i + 1) & (slots_.size() - 1); }

  void grow(std::size_t capacity) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(capacity, Slot{});
    for (Slot& s : old) {
      if (s.id == kNoId) continue;
      std::size_t i = home(s.id);
      while (slots_[i].id != kNoId) i = next(i);
      slots_[i] = std::move(s);
    }
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace pw
