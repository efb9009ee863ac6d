#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>

namespace pw::deliver {

// When a failed delivery is tried again: about 1 min, 5 min, 30 min, 2 h,
// 6 h, 12 h, then daily, each with +-10% jitter, giving up once the next
// attempt would fall more than `give_up_after` (3 days) after the message
// was created. A Retry-After from the peer replaces the scheduled wait when
// it is longer.
struct RetrySchedule {
  std::chrono::seconds give_up_after{std::chrono::hours(72)};

  // Returns the unix time of the next attempt after `attempts` failed ones
  // (1 after the first failure), or nothing if the message is now dead.
  std::optional<std::int64_t> next_attempt(int attempts, std::int64_t created_at, std::int64_t now,
                                           std::optional<std::chrono::seconds> retry_after,
                                           std::mt19937_64& rng) const;
};

}  // namespace pw::deliver
