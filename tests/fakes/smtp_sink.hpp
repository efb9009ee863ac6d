#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "tests/fakes/loopback_listener.hpp"

namespace pw::test {

// One message the sink accepted.
struct SmtpMessage {
  std::string from;             // MAIL FROM argument, without <>
  std::vector<std::string> to;  // RCPT TO arguments, without <>
  std::string data;             // as received, dot-stuffing undone, CRLF kept
  int connection = 0;           // which connection carried it (1, 2, ...)
};

// A loopback SMTP server for tests (127.0.0.1, free port). Speaks enough
// ESMTP for libcurl (EHLO, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT)
// and injects faults: a reply code to give instead of the normal one at a
// stage ("MAIL", "RCPT", "DATA", "END" for the end of data), "DROP" at a
// stage to close the connection, or a stall before the end-of-data reply.
// Each fault applies to the next `times` messages. Stops when destroyed.
class SmtpSink {
 public:
  SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  int port() const { return listener_.port(); }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port()); }

  // Replies `code` (e.g. 450) at `stage`, or closes the connection if code
  // is 0, for the next `times` times that stage is reached.
  void fail_at(const std::string& stage, int code, int times = 1);
  void stall_before_reply(std::chrono::milliseconds d) { stall_ms_ = d.count(); }

  std::vector<SmtpMessage> messages() const;
  int connections() const { return listener_.connections(); }
  std::string last_auth() const;  // decoded "user:password" of the last AUTH PLAIN

 private:
  void serve(int fd, int connection);
  // Returns the injected code for `stage` (0: drop), or -1 for none.
  int fault(const std::string& stage);

  std::atomic<long long> stall_ms_{0};
  mutable std::mutex mutex_;
  std::vector<SmtpMessage> messages_;
  std::map<std::string, std::pair<int, int>> faults_;  // stage -> (code, times)
  std::string auth_;
  LoopbackListener listener_;  // last: its threads use the members above
};

}  // namespace pw::test
