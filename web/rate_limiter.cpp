#include "web/rate_limiter.hpp"

namespace pw::web {

RateLimiter::RateLimiter(int limit, std::int64_t window_seconds, std::size_t max_keys)
    : limit_(limit), window_(window_seconds), max_keys_(max_keys) {}

bool RateLimiter::allow(const std::string& key, std::int64_t now) {
  auto it = events_.find(key);
  if (it == events_.end()) {
    if (events_.size() >= max_keys_) forget_idle(now);
    if (events_.size() >= max_keys_) return false;
    it = events_.emplace(key, std::deque<std::int64_t>()).first;
  }
  auto& times = it->second;
  while (!times.empty() && times.front() <= now - window_) times.pop_front();
  if (static_cast<int>(times.size()) >= limit_) return false;
  times.push_back(now);
  return true;
}

std::int64_t RateLimiter::retry_after(const std::string& key, std::int64_t now) const {
  const auto it = events_.find(key);
  if (it == events_.end() || static_cast<int>(it->second.size()) < limit_) return 0;
  const std::int64_t wait = it->second.front() + window_ - now;
  return wait > 0 ? wait : 0;
}

void RateLimiter::forget_idle(std::int64_t now) {
  for (auto it = events_.begin(); it != events_.end();) {
    if (it->second.empty() || it->second.back() <= now - window_) {
      it = events_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace pw::web
