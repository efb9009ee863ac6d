#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

namespace pw::storage {

// First come, first served turns at one database file's write lock for the
// connections of this process. SQLite's own busy handler polls with growing
// sleeps, so a connection that commits and begins again at once keeps
// winning and another waits for seconds; writers that queue here first get
// the lock in the order they asked. Other processes still meet SQLite's
// busy timeout. Thread-safe.
class WriteGate {
 public:
  // The gate shared by every connection of this process to `file` (an
  // absolute path, as SQLite reports it). An empty name (an in-memory
  // database) gets a gate of its own.
  static std::shared_ptr<WriteGate> for_file(const std::string& file);

  // Waits until every writer that asked earlier has had its turn and the
  // gate is free, then takes it. False when `wait` passed first; the place
  // in the queue is given up.
  bool acquire(std::chrono::milliseconds wait);
  // Gives the gate to the next writer in the queue. Only after acquire()
  // returned true.
  void release();
  // How many writers are queued for the gate now.
  std::size_t waiting() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable turn_;
  std::deque<std::uint64_t> queue_;  // tickets of the writers waiting, oldest first
  std::uint64_t next_ticket_ = 0;
  bool held_ = false;
};

}  // namespace pw::storage
