#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "core/snapshot.hpp"

namespace pw::rules {

// Many growable lists of T in one buffer. A list is found through an
// 8-byte reference (where it starts, how long it is), so reading one costs
// a small load and no heap block of its own: a vector of vectors spends 24
// bytes a list on its header and scatters the lists. A list that outgrows
// its room moves to the end of the buffer with twice the room; the buffer
// is compacted when more than a third of it is room that lists moved out of.
//
// At most 2^32 elements in all. Spans are valid until the next push() (on
// any list). Not thread-safe for writes; reads from several threads are
// fine while no one writes.
template <typename T>
class ListArena {
 public:
  // Appends an empty list.
  void add_list() {
    refs_.emplace_back();
    rooms_.push_back(0);
  }

  // How many lists there are.
  std::size_t size() const { return refs_.size(); }

  // List `i`.
  std::span<const T> operator[](std::size_t i) const {
    const Ref r = refs_[i];
    return {items_.data() + r.offset, r.size};
  }
  std::span<T> mutable_list(std::size_t i) {
    const Ref r = refs_[i];
    return {items_.data() + r.offset, r.size};
  }

  // Where list `i` starts: for prefetching.
  const T* data(std::size_t i) const { return items_.data() + refs_[i].offset; }
  // The reference to list `i`: for prefetching.
  const void* ref(std::size_t i) const { return &refs_[i]; }

  // Appends `value` to list `i`.
  void push(std::size_t i, const T& value) {
    if (refs_[i].size == rooms_[i]) grow(i);
    Ref& r = refs_[i];
    items_[r.offset + r.size++] = value;
  }

  // Removes the elements of list `i` for which `pred` is true, keeping the
  // order of the rest.
  template <typename Pred>
  void erase_if(std::size_t i, Pred pred) {
    const std::span<T> list = mutable_list(i);
    const auto end = std::remove_if(list.begin(), list.end(), pred);
    refs_[i].size = static_cast<std::uint32_t>(end - list.begin());
  }

  // Empties list `i` and gives up its room.
  void clear(std::size_t i) {
    abandoned_ += rooms_[i];
    rooms_[i] = 0;
    refs_[i] = Ref{};
  }

  // Writes the lists as they stand, for restore(); T must be a plain value.
  void save(SnapshotWriter& w) const {
    w.values(refs_);
    w.values(rooms_);
    w.values(items_);
    w.u64(abandoned_);
  }
  // Reads what save() wrote. False, leaving no lists, if a list lies
  // outside the buffer or is longer than its room.
  bool restore(SnapshotReader& r) {
    *this = ListArena();
    ListArena a;
    std::uint64_t abandoned = 0;
    if (!r.values(a.refs_) || !r.values(a.rooms_) || !r.values(a.items_) || !r.u64(abandoned))
      return false;
    a.abandoned_ = static_cast<std::size_t>(abandoned);
    bool ok = a.refs_.size() == a.rooms_.size();
    for (std::size_t i = 0; ok && i < a.refs_.size(); ++i) {
      const Ref ref = a.refs_[i];
      ok = ref.size <= a.rooms_[i] && std::uint64_t{ref.offset} + a.rooms_[i] <= a.items_.size();
    }
    if (!ok) return r.reject("a list lies outside its buffer");
    *this = std::move(a);
    return true;
  }

  // Heap bytes held.
  std::size_t memory_bytes() const {
    return refs_.capacity() * sizeof(Ref) + rooms_.capacity() * sizeof(std::uint32_t) +
           items_.capacity() * sizeof(T);
  }

 private:
  struct Ref {
    std::uint32_t offset = 0;
    std::uint32_t size = 0;
  };

  void grow(std::size_t i) {
    if (abandoned_ > kMinCompact && abandoned_ * 3 > items_.size()) compact();
    const std::uint32_t room = std::max<std::uint32_t>(2, rooms_[i] * 2);
    const std::size_t offset = items_.size();
    items_.resize(offset + room);
    Ref& r = refs_[i];
    std::copy_n(items_.data() + r.offset, r.size, items_.data() + offset);
    abandoned_ += rooms_[i];
    r.offset = static_cast<std::uint32_t>(offset);
    rooms_[i] = room;
  }

  // Moves every list into a fresh buffer, with room to grow by half.
  void compact() {
    std::size_t room = 0;
    for (const Ref& r : refs_) room += r.size + r.size / 2;
    std::vector<T> fresh(room);
    std::size_t offset = 0;
    for (std::size_t i = 0; i < refs_.size(); ++i) {
      Ref& r = refs_[i];
      std::copy_n(items_.data() + r.offset, r.size, fresh.data() + offset);
      r.offset = static_cast<std::uint32_t>(offset);
      rooms_[i] = r.size + r.size / 2;
      offset += rooms_[i];
    }
    items_ = std::move(fresh);
    abandoned_ = 0;
  }

  // Below this much abandoned room, compacting is not worth a pass.
  static constexpr std::size_t kMinCompact = 4096;

  std::vector<Ref> refs_;
  std::vector<std::uint32_t> rooms_;  // each list's room (only writes read it)
  std::vector<T> items_;
  std::size_t abandoned_ = 0;  // room no list owns any more
};

}  // namespace pw::rules
