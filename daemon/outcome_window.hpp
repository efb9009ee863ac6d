#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace pw {

// Bounds how many messages a delivery worker may have sent whose outcomes
// the loop has not yet committed, so a crash re-sends at most that many
// (plus the one being sent). Thread-safe: the worker calls sent(), the
// loop recorded().
class OutcomeWindow {
 public:
  explicit OutcomeWindow(std::size_t limit) : limit_(limit) {}

  // Worker: one more message sent; blocks while `limit` are unrecorded.
  void sent() {
    std::unique_lock lock(mutex_);
    ++unrecorded_;
    room_.wait(lock, [this] { return unrecorded_ < limit_; });
  }

  // Loop: `n` outcomes committed.
  void recorded(std::size_t n) {
    {
      const std::lock_guard lock(mutex_);
      unrecorded_ -= n < unrecorded_ ? n : unrecorded_;
    }
    room_.notify_all();
  }

 private:
  std::size_t limit_;
  std::mutex mutex_;
  std::condition_variable room_;
  std::size_t unrecorded_ = 0;
};

}  // namespace pw
