#include "daemon/connection_budget.hpp"

#include <algorithm>

namespace pw {

ConnectionBudget::ConnectionBudget(const HttpServerLimits& limits)
    : max_regular_(std::max(limits.max_connections, 1)),
      max_triage_(4 * max_regular_),
      per_client_(std::max(limits.max_connections_per_client, 1)),
      unlimited_(limits.unlimited_clients) {}

void ConnectionBudget::set_limits(const HttpServerLimits& limits) {
  max_regular_ = std::max(limits.max_connections, 1);
  max_triage_ = 4 * max_regular_;
  per_client_ = std::max(limits.max_connections_per_client, 1);
  unlimited_ = limits.unlimited_clients;
}

bool ConnectionBudget::capped(const std::string& client) const {
  if (std::find(unlimited_.begin(), unlimited_.end(), client) != unlimited_.end()) return false;
  const auto it = by_client_.find(client);
  return it != by_client_.end() && it->second >= per_client_;
}

Admission ConnectionBudget::admit(const std::string& client) {
  if (regular_ < max_regular_ && !capped(client)) {
    ++regular_;
    ++by_client_[client];
    return Admission::kRegular;
  }
  if (triage_ < max_triage_) {
    ++triage_;
    return Admission::kTriage;
  }
  return Admission::kRefused;
}

void ConnectionBudget::release(const std::string& client, Admission admission) {
  if (admission == Admission::kTriage) --triage_;
  if (admission != Admission::kRegular) return;
  --regular_;
  const auto it = by_client_.find(client);
  if (it != by_client_.end() && --it->second <= 0) by_client_.erase(it);
}

}  // namespace pw
