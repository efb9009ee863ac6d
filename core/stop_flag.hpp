#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace pw {

// A one-way "stop now" signal shared between the loop and its workers:
// raised once (SIGTERM), checked between units of work, and able to cut a
// wait short. Thread-safe.
class StopFlag {
 public:
  void raise() {
    {
      const std::lock_guard lock(mutex_);
      raised_ = true;
    }
    cv_.notify_all();
  }

  bool raised() const {
    const std::lock_guard lock(mutex_);
    return raised_;
  }

  // Waits up to `d`; returns false if the flag was (or got) raised.
  template <typename Rep, typename Period>
  bool wait_for(std::chrono::duration<Rep, Period> d) {
    std::unique_lock lock(mutex_);
    return !cv_.wait_for(lock, d, [this] { return raised_; });
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool raised_ = false;
};

}  // namespace pw
