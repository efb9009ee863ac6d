#include "web/counters.hpp"

namespace pw::web {

void Counters::add(const std::string& name, const Labels& labels, std::uint64_t n) {
  const std::lock_guard<std::mutex> lock(mu_);
  values_[{name, labels}] += n;
}

std::map<std::pair<std::string, Labels>, std::uint64_t> Counters::snapshot() const {
  const std::lock_guard<std::mutex> lock(mu_);
  return values_;
}

}  // namespace pw::web
