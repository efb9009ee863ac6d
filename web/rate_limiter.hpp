#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>

namespace pw::web {

// Allows at most `limit` events per key in any `window_seconds`. Keeps at
// most `max_keys` keys: when full, keys with no recent events are dropped
// first, and if none can be, new keys are refused (so a flood of distinct
// keys cannot exhaust memory or reset someone's count). Not thread-safe.
class RateLimiter {
 public:
  RateLimiter(int limit, std::int64_t window_seconds, std::size_t max_keys = 100'000);

  // Records an event for `key` at `now` (unix seconds) and returns true, or
  // returns false without recording it when the key is over its limit.
  bool allow(const std::string& key, std::int64_t now);

  // Seconds until `key` may have another event (0 if it may now).
  std::int64_t retry_after(const std::string& key, std::int64_t now) const;

 private:
  void forget_idle(std::int64_t now);

  int limit_;
  std::int64_t window_;
  std::size_t max_keys_;
  std::unordered_map<std::string, std::deque<std::int64_t>> events_;
};

}  // namespace pw::web
