#pragma once

#include <utility>

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace pw::web {

// Label name and value pairs, in the order they are printed.
using Labels = std::vector<std::pair<std::string, std::string>>;

// Counters of what this process has done since it started (requests
// served, files fetched, fetch errors, delivery outcomes), for /metrics.
// Thread-safe.
class Counters {
 public:
  void add(const std::string& name, const Labels& labels, std::uint64_t n = 1);

  // Every counter as (name, labels) -> value, sorted.
  std::map<std::pair<std::string, Labels>, std::uint64_t> snapshot() const;

 private:
  mutable std::mutex mu_;
  std::map<std::pair<std::string, Labels>, std::uint64_t> values_;
};

}  // namespace pw::web
