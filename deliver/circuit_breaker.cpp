#include "deliver/circuit_breaker.hpp"

#include <algorithm>

namespace pw::deliver {

std::string_view endpoint_of(std::string_view url) {
  const auto scheme = url.find("://");
  const auto from = scheme == std::string_view::npos ? 0 : scheme + 3;
  return url.substr(0, std::min(url.size(), url.find_first_of("/?#", from)));
}

CircuitBreaker::CircuitBreaker(int trip_after, std::int64_t pause, std::int64_t max_pause)
    : trip_after_(std::max(trip_after, 1)), pause_(pause), max_pause_(std::max(max_pause, pause)) {}

std::int64_t CircuitBreaker::paused_for(std::string_view url, std::int64_t now) const {
  const auto it = endpoints_.find(std::string(endpoint_of(url)));
  return it == endpoints_.end() ? 0 : std::max<std::int64_t>(it->second.until - now, 0);
}

void CircuitBreaker::record(std::string_view url, bool timed_out, std::int64_t now) {
  const std::string key(endpoint_of(url));
  if (!timed_out) {
    endpoints_.erase(key);
    return;
  }
  auto& e = endpoints_[key];
  if (++e.timeouts < trip_after_) return;
  e.pause = e.pause == 0 ? pause_ : std::min(e.pause * 2, max_pause_);
  e.until = now + e.pause;
}

}  // namespace pw::deliver
