#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace pw::deliver {

// Pauses sending to a webhook endpoint (its scheme, host and port) that
// keeps timing out, so one tarpit costs one timeout per pause instead of
// one per message. `trip_after` timeouts in a row pause it for `pause`
// seconds; after the pause one message is tried again: a success closes
// the breaker, another timeout doubles the pause (up to `max_pause`). Only
// endpoints in trouble are held. Not thread-safe.
class CircuitBreaker {
 public:
  explicit CircuitBreaker(int trip_after = 2, std::int64_t pause = 300,
                          std::int64_t max_pause = 3600);

  // Seconds the endpoint of `url` stays paused at `now`; 0 when it may be tried.
  std::int64_t paused_for(std::string_view url, std::int64_t now) const;

  // Records how a send to `url` at `now` ended.
  void record(std::string_view url, bool timed_out, std::int64_t now);

  // Endpoints held (in trouble) now.
  std::size_t size() const { return endpoints_.size(); }

 private:
  struct Endpoint {
    int timeouts = 0;
    std::int64_t until = 0;  // paused until then
    std::int64_t pause = 0;  // the next pause's length
  };

  int trip_after_;
  std::int64_t pause_;
  std::int64_t max_pause_;
  std::unordered_map<std::string, Endpoint> endpoints_;
};

// "https://hooks.example.org:8443" for "https://hooks.example.org:8443/a/b?c".
std::string_view endpoint_of(std::string_view url);

}  // namespace pw::deliver
