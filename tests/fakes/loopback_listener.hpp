#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace pw::test {

// A TCP listener on 127.0.0.1 (a free port) for the tests' fake servers:
// each accepted connection is handed to `serve(fd, n)` on its own thread,
// n counting from 1; `serve` owns the socket and closes it. Destruction
// stops accepting and joins every thread, so declare it after whatever
// `serve` uses.
class LoopbackListener {
 public:
  explicit LoopbackListener(std::function<void(int fd, int n)> serve);
  ~LoopbackListener();
  LoopbackListener(const LoopbackListener&) = delete;
  LoopbackListener& operator=(const LoopbackListener&) = delete;

  int port() const { return port_; }
  int connections() const { return connections_; }
  // True once destruction began: long-running `serve` calls should end.
  bool stopping() const { return stopping_; }

 private:
  void accept_loop();

  std::function<void(int, int)> serve_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::mutex mutex_;
  std::vector<std::thread> workers_;
  std::thread acceptor_;
};

}  // namespace pw::test
