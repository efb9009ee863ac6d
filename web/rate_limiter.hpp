#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>

namespace pw::web {

// A token bucket per key (the generic cell rate algorithm): a key may have
// up to `limit` events at once, and then one every window_seconds / limit
// seconds, so never more than `limit` per window on average. Holds at most
// `max_keys` keys, one 64-bit time each: a new key beyond that forgets the
// least recently seen one, so a flood of distinct keys neither grows memory
// nor refuses anyone. Every call is O(1). Not thread-safe.
class RateLimiter {
 public:
  RateLimiter(int limit, std::int64_t window_seconds, std::size_t max_keys = 100'000);

  // Records an event for `key` at `now` (unix seconds) and returns true, or
  // returns false without recording it when the key is over its limit.
  bool allow(const std::string& key, std::int64_t now);

  // Seconds until `key` may have another event (0 if it may now).
  std::int64_t retry_after(const std::string& key, std::int64_t now) const;

  // Keys held now (at most max_keys).
  std::size_t size() const { return index_.size(); }

 private:
  struct Key {
    std::string name;
    std::int64_t due = 0;  // the bucket's theoretical arrival time, in 1/limit seconds
  };
  using Order = std::list<Key>;

  Order::iterator touch(const std::string& key);
  std::int64_t earliest(std::int64_t due) const;

  std::int64_t limit_;
  std::int64_t window_;
  std::size_t max_keys_;
  Order recent_;  // most recently seen first
  std::unordered_map<std::string_view, Order::iterator> index_;
};

}  // namespace pw::web
