#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace pw {

// systemd's service notification protocol, spoken directly (no
// libsystemd): datagrams "KEY=VALUE\n..." to the socket in $NOTIFY_SOCKET
// (a leading '@' means the abstract namespace). Every call is a no-op
// when NOTIFY_SOCKET is unset; failures to send are ignored, as systemd's
// own sd_notify does. Thread-safe.
class Notifier {
 public:
  // Reads NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID from the
  // environment.
  static Notifier from_environment();
  Notifier() = default;
  Notifier(std::string socket_path, std::chrono::microseconds watchdog)
      : path_(std::move(socket_path)), watchdog_(watchdog) {}

  bool enabled() const { return !path_.empty(); }
  // How often to send WATCHDOG=1 (half of WATCHDOG_USEC), if systemd
  // asked this process for it.
  std::optional<std::chrono::microseconds> watchdog_interval() const;

  void ready(std::string_view status) const;
  void status(std::string_view status) const;
  void watchdog() const;
  // RELOADING=1 with MONOTONIC_USEC=now, as systemd 253+ expects; harmless
  // for 252's Type=notify.
  void reloading() const;
  void stopping() const;
  void extend_timeout(std::chrono::microseconds by) const;

  // Sends one message as it is.
  void send(std::string_view message) const;

 private:
  std::string path_;
  std::chrono::microseconds watchdog_{0};
};

}  // namespace pw
