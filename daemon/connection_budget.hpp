#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "daemon/http_request.hpp"

namespace pw {

// Where a new connection goes: a regular slot; triage (it may only ask for
// a reserved path, within a second); or a 503 at once.
enum class Admission { kRegular, kTriage, kRefused };

// Counts the server's connections, overall and per client address, against
// HttpServerLimits. Every admit() is matched by one release() with its
// answer. Not thread-safe.
class ConnectionBudget {
 public:
  explicit ConnectionBudget(const HttpServerLimits& limits);

  // New caps; the connections counted stay counted.
  void set_limits(const HttpServerLimits& limits);

  Admission admit(const std::string& client);
  void release(const std::string& client, Admission admission);

  int regular() const { return regular_; }
  int triage() const { return triage_; }

 private:
  bool capped(const std::string& client) const;

  int max_regular_;
  int max_triage_;
  int per_client_;
  std::vector<std::string> unlimited_;
  int regular_ = 0;
  int triage_ = 0;
  std::unordered_map<std::string, int> by_client_;  // regular connections per client
};

}  // namespace pw
