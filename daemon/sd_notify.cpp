#include "daemon/sd_notify.hpp"

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include <fmt/format.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace pw {
namespace {

long long env_number(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr) return -1;
  long long n = -1;
  const auto [end, ec] = std::from_chars(v, v + std::strlen(v), n);
  return ec == std::errc() && *end == '\0' ? n : -1;
}

// A single-line STATUS value: no newlines may break the message format.
std::string one_line(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

}  // namespace

Notifier Notifier::from_environment() {
  const char* socket = std::getenv("NOTIFY_SOCKET");
  if (socket == nullptr || (socket[0] != '/' && socket[0] != '@')) return Notifier();
  const long long usec = env_number("WATCHDOG_USEC");
  const long long pid = env_number("WATCHDOG_PID");
  const bool for_us = pid < 0 || pid == static_cast<long long>(::getpid());
  return Notifier(socket, std::chrono::microseconds(usec > 0 && for_us ? usec : 0));
}

std::optional<std::chrono::microseconds> Notifier::watchdog_interval() const {
  if (!enabled() || watchdog_.count() <= 0) return std::nullopt;
  return watchdog_ / 2;
}

void Notifier::send(std::string_view message) const {
  if (path_.empty()) return;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path_.size() >= sizeof addr.sun_path) return;
  std::memcpy(addr.sun_path, path_.data(), path_.size());
  if (addr.sun_path[0] == '@') addr.sun_path[0] = '\0';
  const auto len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path_.size());
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  (void)::sendto(fd, message.data(), message.size(), MSG_NOSIGNAL,
                 reinterpret_cast<const sockaddr*>(&addr), len);
  ::close(fd);
}

void Notifier::ready(std::string_view status) const {
  send("READY=1\nSTATUS=" + one_line(status));
}

void Notifier::status(std::string_view status) const {
  send("STATUS=" + one_line(status));
}

void Notifier::watchdog() const {
  send("WATCHDOG=1");
}

void Notifier::reloading() const {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  const long long usec = static_cast<long long>(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1000;
  send(fmt::format("RELOADING=1\nMONOTONIC_USEC={}", usec));
}

void Notifier::stopping() const {
  send("STOPPING=1");
}

void Notifier::extend_timeout(std::chrono::microseconds by) const {
  send(fmt::format("EXTEND_TIMEOUT_USEC={}", by.count()));
}

}  // namespace pw
