#pragma once

#include <chrono>
#include <cstdint>

namespace pw {

// Port for the wall clock, so that time is an input: parse and match never
// read it; storage stamps rows with what the caller passes.
class Clock {
 public:
  virtual ~Clock() = default;
  // Returns the current time. Thread-safe for the system clock.
  virtual std::chrono::system_clock::time_point now() const = 0;
};

// The real clock.
class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::now();
  }
};

// Seconds since the Unix epoch, as stored in the database.
inline std::int64_t unix_seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace pw
