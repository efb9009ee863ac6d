#include "tests/fakes/smtp_sink.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace pw::test {
namespace {

// Reads lines from a socket.
class LineReader {
 public:
  explicit LineReader(int fd) : fd_(fd) {}
  // Returns false on EOF, error or 10 s of silence.
  bool line(std::string& out) {
    for (;;) {
      const auto eol = buffer_.find("\r\n");
      if (eol != std::string::npos) {
        out = buffer_.substr(0, eol);
        buffer_.erase(0, eol + 2);
        return true;
      }
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 10000) <= 0) return false;
      char buf[4096];
      const auto n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return false;
      buffer_.append(buf, static_cast<std::size_t>(n));
    }
  }

 private:
  int fd_;
  std::string buffer_;
};

void say(int fd, const std::string& line) {
  const std::string out = line + "\r\n";
  ::send(fd, out.data(), out.size(), MSG_NOSIGNAL);
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

// "MAIL FROM:<a@b> SIZE=12" -> "a@b"
std::string address_of(const std::string& line) {
  const auto open = line.find('<');
  const auto close = line.find('>', open);
  if (open == std::string::npos || close == std::string::npos) return "";
  return line.substr(open + 1, close - open - 1);
}

std::string decode_plain(const std::string& b64) {
  std::string out(b64.size(), '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(b64.data()),
                                static_cast<int>(b64.size()));
  out.resize(static_cast<std::size_t>(std::max(n, 0)));
  while (!out.empty() && out.back() == '\0') out.pop_back();
  // "\0user\0password" -> "user:password"
  if (!out.empty() && out[0] == '\0') out.erase(0, 1);
  std::replace(out.begin(), out.end(), '\0', ':');
  return out;
}

}  // namespace

SmtpSink::SmtpSink() : listener_([this](int fd, int n) { serve(fd, n); }) {}

void SmtpSink::fail_at(const std::string& stage, int code, int times) {
  const std::lock_guard lock(mutex_);
  faults_[stage] = {code, times};
}

int SmtpSink::fault(const std::string& stage) {
  const std::lock_guard lock(mutex_);
  auto it = faults_.find(stage);
  if (it == faults_.end() || it->second.second == 0) return -1;
  --it->second.second;
  return it->second.first;
}

std::vector<SmtpMessage> SmtpSink::messages() const {
  const std::lock_guard lock(mutex_);
  return messages_;
}

std::string SmtpSink::last_auth() const {
  const std::lock_guard lock(mutex_);
  return auth_;
}

void SmtpSink::serve(int fd, int connection) {
  LineReader in(fd);
  say(fd, "220 sink.test ESMTP");
  SmtpMessage msg;
  msg.connection = connection;
  std::string line;
  const auto reply = [&](const std::string& stage, const std::string& normal) {
    const int code = fault(stage);
    if (code == 0) return false;
    say(fd, code > 0 ? std::to_string(code) + " injected fault" : normal);
    return true;
  };
  while (!listener_.stopping() && in.line(line)) {
    const std::string verb = upper(line.substr(0, 4));
    if (verb == "EHLO" || verb == "HELO") {
      say(fd, "250-sink.test\r\n250-AUTH PLAIN\r\n250 8BITMIME");
    } else if (verb == "AUTH") {
      std::string credentials = line.substr(line.rfind(' ') + 1);
      if (upper(credentials) == "PLAIN") {  // no initial response: ask for it
        say(fd, "334 ");
        if (!in.line(credentials)) break;
      }
      {
        const std::lock_guard lock(mutex_);
        auth_ = decode_plain(credentials);
      }
      say(fd, "235 ok");
    } else if (verb == "MAIL") {
      msg = SmtpMessage{address_of(line), {}, "", connection};
      if (!reply("MAIL", "250 ok")) break;
    } else if (verb == "RCPT") {
      msg.to.push_back(address_of(line));
      if (!reply("RCPT", "250 ok")) break;
    } else if (verb == "DATA") {
      if (!reply("DATA", "354 go ahead")) break;
      bool complete = false;
      while (in.line(line)) {
        if (line == ".") {
          complete = true;
          break;
        }
        msg.data += (line.rfind("..", 0) == 0 ? line.substr(1) : line) + "\r\n";
      }
      if (!complete) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(stall_ms_.load()));
      const int code = fault("END");
      if (code == 0) break;
      if (code > 0) {
        say(fd, std::to_string(code) + " injected fault");
        continue;
      }
      {
        const std::lock_guard lock(mutex_);
        messages_.push_back(msg);
      }
      say(fd, "250 queued");
    } else if (verb == "RSET" || verb == "NOOP") {
      say(fd, "250 ok");
    } else if (verb == "QUIT") {
      say(fd, "221 bye");
      break;
    } else {
      say(fd, "502 unknown command");
    }
  }
  ::shutdown(fd, SHUT_RDWR);
  ::close(fd);
}

}  // namespace pw::test
