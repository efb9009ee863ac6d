#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "deliver/address_policy.hpp"
#include "deliver/sender.hpp"

namespace pw::deliver {

struct WebhookSettings {
  std::string user_agent = "parlwatch-webhooks";
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds timeout{15000};
  bool allow_http = false;  // plain http endpoints (tests, a trusted local network)
  AddressPolicy addresses;  // which connected addresses are acceptable
  // Fixed answers for names ("host:port:addr[,addr...]", libcurl's
  // CURLOPT_RESOLVE): still checked against `addresses` before connecting.
  std::vector<std::string> resolve;
};

// POSTs each row's stored JSON body to the user's endpoint as a Standard
// Webhooks v1 message: webhook-id "outbox-<row id>" (the same on every
// retry), webhook-timestamp (this attempt), webhook-signature (HMAC-SHA256
// with the user's whsec_ secret). 2xx is sent; 410 is gone; 408, 429 and
// 5xx retry (Retry-After honoured); 3xx is retried and never followed;
// other 4xx are permanent. Every address libcurl is about to connect to is
// checked against `addresses` first, so a refused address is never
// contacted, whatever the URL's spelling or DNS says; when a name has
// refused and allowed addresses, libcurl goes on to the allowed ones and
// the outcome is what that connection brought (refused only when no
// address was allowed). Proxies from the environment are ignored. Reuses one connection where it
// can. One instance per thread.
class WebhookSender final : public Sender {
 public:
  explicit WebhookSender(WebhookSettings settings);
  ~WebhookSender() override;
  WebhookSender(const WebhookSender&) = delete;
  WebhookSender& operator=(const WebhookSender&) = delete;

  SendResult send(const storage::OutboxRecord& row, const storage::UserRecord& user,
                  std::int64_t now) override;

  // Sockets opened so far (refused addresses never get one).
  int connections_opened() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pw::deliver
