#pragma once

#include "core/clock.hpp"

namespace pw::test {

// A clock that stands still until the test moves it.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(std::int64_t unix_seconds = 1'256'650'000)
      : now_(std::chrono::seconds(unix_seconds)) {}
  std::chrono::system_clock::time_point now() const override { return now_; }
  void advance(std::chrono::seconds by) { now_ += by; }

 private:
  std::chrono::system_clock::time_point now_;
};

}  // namespace pw::test
