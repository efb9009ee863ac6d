#include "web/rate_limiter.hpp"

#include <algorithm>

namespace pw::web {

// Times are kept in units of 1/limit second, so one event costs exactly
// `window_` units and a full bucket spans limit * window_ units.

RateLimiter::RateLimiter(int limit, std::int64_t window_seconds, std::size_t max_keys)
    : limit_(std::clamp(limit, 1, 1'000'000'000)),
      window_(std::max<std::int64_t>(window_seconds, 1)),
      max_keys_(std::max<std::size_t>(max_keys, 1)) {}

bool RateLimiter::allow(const std::string& key, std::int64_t now) {
  const auto it = touch(key);
  const std::int64_t scaled_now = now * limit_;
  if (scaled_now < earliest(it->due)) return false;
  it->due = std::max(it->due, scaled_now) + window_;
  return true;
}

std::int64_t RateLimiter::retry_after(const std::string& key, std::int64_t now) const {
  const auto found = index_.find(key);
  if (found == index_.end()) return 0;
  const std::int64_t wait = earliest(found->second->due) - now * limit_;
  return wait > 0 ? (wait + limit_ - 1) / limit_ : 0;
}

// The first scaled time at which a bucket due at `due` has room again.
std::int64_t RateLimiter::earliest(std::int64_t due) const {
  return due - (limit_ - 1) * window_;
}

RateLimiter::Order::iterator RateLimiter::touch(const std::string& key) {
  const auto found = index_.find(key);
  if (found != index_.end()) {
    recent_.splice(recent_.begin(), recent_, found->second);
    return found->second;
  }
  if (index_.size() >= max_keys_) {
    index_.erase(recent_.back().name);
    recent_.pop_back();
  }
  recent_.push_front(Key{key, 0});
  index_.emplace(recent_.front().name, recent_.begin());
  return recent_.begin();
}

}  // namespace pw::web
