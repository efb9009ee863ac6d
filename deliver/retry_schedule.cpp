#include "deliver/retry_schedule.hpp"

#include <algorithm>
#include <array>

namespace pw::deliver {
namespace {

constexpr std::array<std::int64_t, 7> kWaits = {60, 300, 1800, 7200, 21600, 43200, 86400};

}  // namespace

std::optional<std::int64_t> RetrySchedule::next_attempt(
    int attempts, std::int64_t created_at, std::int64_t now,
    std::optional<std::chrono::seconds> retry_after, std::mt19937_64& rng) const {
  const auto index = static_cast<std::size_t>(std::clamp(attempts, 1, 7) - 1);
  const std::int64_t base = kWaits.at(index);
  std::uniform_int_distribution<std::int64_t> jitter(-base / 10, base / 10);
  std::int64_t wait = base + jitter(rng);
  if (retry_after) wait = std::max<std::int64_t>(wait, retry_after->count());
  const std::int64_t at = now + wait;
  if (at > created_at + give_up_after.count()) return std::nullopt;
  return at;
}

}  // namespace pw::deliver
