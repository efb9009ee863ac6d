// libFuzzer target for what parlwatch's clients read from peers: a
// loopback server answers one connection with the fuzzed bytes and closes,
// and the first byte chooses who reads them: the transcript fetcher
// (CurlHttpClient: status line, headers such as ETag and Location, body
// cap), the webhook sender (status classes, Retry-After) or the SMTP sender
// (greeting and replies). Every outcome must be a result or an error with a
// message, never a crash, leak or hang.
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <string>
#include <thread>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/stop_flag.hpp"
#include "deliver/address_policy.hpp"
#include "deliver/smtp_sender.hpp"
#include "deliver/webhook_sender.hpp"
#include "sources/curl_http_client.hpp"

namespace {

constexpr int kWaitMs = 300;

// Listens on 127.0.0.1 on a port of the kernel's choosing.
int listen_loopback(std::uint16_t& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::listen(fd, 4) != 0 || ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    std::abort();
  }
  port = ntohs(a.sin_port);
  return fd;
}

// Reads what is there within a short wait (the request, or SMTP commands).
void drain(int fd, bool until_headers_end) {
  std::string got;
  char buf[4096];
  while (true) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, kWaitMs) <= 0) return;
    const auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return;
    got.append(buf, static_cast<std::size_t>(n));
    if (until_headers_end && got.find("\r\n\r\n") != std::string::npos) return;
  }
}

// Answers every connection with `reply` and closes it, until the client
// is done (a redirect to the same host opens another connection).
void serve(int listener, const std::string& reply, bool smtp, const std::atomic<bool>& done) {
  while (!done) {
    pollfd p{listener, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    const int fd = ::accept(listener, nullptr, nullptr);
    if (fd < 0) continue;
    if (!smtp) drain(fd, true);
    (void)!::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL);
    ::shutdown(fd, SHUT_WR);
    drain(fd, false);
    ::close(fd);
  }
}

std::string url(const char* scheme, std::uint16_t port, const char* path) {
  return std::string(scheme) + "://127.0.0.1:" + std::to_string(port) + path;
}

void fetch(std::uint16_t port) {
  static pw::StopFlag stop;
  pw::sources::CurlSettings s;
  s.connect_timeout = std::chrono::milliseconds(1000);
  s.timeout = std::chrono::milliseconds(2000);
  s.max_body_bytes = 64 * 1024;
  pw::sources::CurlHttpClient client(s, stop);
  auto r = client.get(pw::sources::HttpRequest{url("http", port, "/scrapedxml/wms/"), "", ""});
  if (!r && r.error().message.empty()) std::abort();
  if (r && r->body.size() > s.max_body_bytes) std::abort();
}

pw::storage::UserRecord owner() {
  pw::storage::UserRecord u;
  u.id = 1;
  u.email = "group@example.org";
  u.webhook_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  return u;
}

void post_webhook(std::uint16_t port) {
  pw::deliver::WebhookSettings s;
  s.allow_http = true;
  s.timeout = std::chrono::milliseconds(2000);
  s.addresses = pw::deliver::AddressPolicy({*pw::deliver::parse_network("127.0.0.0/8")});
  pw::deliver::WebhookSender sender(s);
  pw::storage::OutboxRecord row;
  row.id = 7;
  row.channel = pw::storage::Channel::kWebhook;
  row.destination = url("http", port, "/hook");
  row.body = R"({"type":"parlwatch.alert"})";
  const auto r = sender.send(row, owner(), 1'256'650'000);
  if (r.outcome != pw::deliver::SendOutcome::kSent && r.detail.empty()) std::abort();
}

void send_mail(std::uint16_t port) {
  pw::deliver::SmtpSettings s;
  s.url = url("smtp", port, "");
  s.envelope_from = "alerts@example.org";
  s.require_tls = false;
  s.connect_timeout = std::chrono::milliseconds(1000);
  s.timeout = std::chrono::milliseconds(2000);
  pw::deliver::SmtpSender sender(s);
  pw::storage::OutboxRecord row;
  row.id = 8;
  row.destination = "reader@example.org";
  row.body = "From: a@example.org\r\nTo: reader@example.org\r\nSubject: x\r\n\r\nhello\r\n";
  const auto r = sender.send(row, owner(), 1'256'650'000);
  if (r.outcome != pw::deliver::SendOutcome::kSent && r.detail.empty()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static std::uint16_t port = 0;
  static const int listener = listen_loopback(port);
  if (size == 0) return 0;
  const int who = data[0] % 3;
  const std::string reply(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::atomic<bool> done{false};
  std::thread server(serve, listener, std::cref(reply), who == 2, std::cref(done));
  if (who == 0) {
    fetch(port);
  } else if (who == 1) {
    post_webhook(port);
  } else {
    send_mail(port);
  }
  done = true;
  server.join();
  return 0;
}
