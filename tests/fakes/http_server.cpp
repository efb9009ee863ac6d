#include "tests/fakes/http_server.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>
#include <stdexcept>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace pw::test {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

void send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const auto n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

// Reads from `fd` into `buffer` until it holds a request head and the
// body its Content-Length announces; returns the request's length in
// `buffer`, or 0 on EOF, error or 5 s of silence.
std::size_t read_request(int fd, std::string& buffer) {
  char buf[4096];
  for (;;) {
    const auto end = buffer.find("\r\n\r\n");
    if (end != std::string::npos) {
      std::size_t want = 0;
      const auto at = lower(buffer.substr(0, end)).find("\r\ncontent-length:");
      if (at != std::string::npos) want = std::stoul(buffer.substr(at + 17, 20));
      if (buffer.size() >= end + 4 + want) return end + 4 + want;
    }
    if (buffer.size() > (64u << 20)) return 0;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0) return 0;
    const auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return 0;
    buffer.append(buf, static_cast<std::size_t>(n));
  }
}

HttpRequestSeen parse_head(const std::string& head) {
  HttpRequestSeen r;
  std::istringstream in(head);
  std::string line;
  std::getline(in, line);
  std::istringstream first(line);
  first >> r.method >> r.target;
  while (std::getline(in, line) && line != "\r") {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    auto value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    if (!value.empty() && value.back() == '\r') value.pop_back();
    r.headers[lower(line.substr(0, colon))] = value;
  }
  return r;
}

std::string render_head(const HttpReply& reply) {
  std::string out =
      "HTTP/1.1 " + std::to_string(reply.status) + " " + reason_phrase(reply.status) + "\r\n";
  for (const auto& [name, value] : reply.headers) out += name + ": " + value + "\r\n";
  out += "Content-Length: " + std::to_string(reply.body.size()) + "\r\n";
  out += reply.truncate ? "Connection: close\r\n\r\n" : "\r\n";
  return out;
}

}  // namespace

const char* reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 304:
      return "Not Modified";
    case 404:
      return "Not Found";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

HttpServer::HttpServer(Handler handler)
    : handler_(std::move(handler)), listener_([this](int fd, int) { serve(fd); }) {}

std::string HttpServer::origin() const {
  return "http://127.0.0.1:" + std::to_string(listener_.port());
}

std::vector<HttpRequestSeen> HttpServer::requests() const {
  const std::lock_guard lock(mutex_);
  return requests_;
}

void HttpServer::serve(int fd) {
  std::string buffer;
  while (!listener_.stopping()) {
    const std::size_t size = read_request(fd, buffer);
    if (size == 0) break;
    const std::string raw = buffer.substr(0, size);
    buffer.erase(0, size);
    auto request = parse_head(raw);
    request.body = raw.substr(raw.find("\r\n\r\n") + 4);
    {
      const std::lock_guard lock(mutex_);
      requests_.push_back(request);
    }
    const HttpReply reply = handler_(request);
    auto waited = std::chrono::milliseconds(0);
    while (waited < reply.stall && !listener_.stopping()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      waited += std::chrono::milliseconds(20);
    }
    if (reply.hang_up) break;
    std::string out = render_head(reply);
    const bool head_only = request.method == "HEAD" || reply.status == 304;
    if (!head_only) {
      out += reply.truncate ? std::string_view(reply.body).substr(0, reply.body.size() / 2)
                            : std::string_view(reply.body);
    }
    send_all(fd, out);
    if (reply.truncate) break;
  }
  ::shutdown(fd, SHUT_RDWR);
  ::close(fd);
}

}  // namespace pw::test
