#include "deliver/webhook_sender.hpp"

#include <fmt/format.h>

#include "deliver/webhook_signature.hpp"
#include "sources/curl_handle.hpp"
#include "sources/retry.hpp"
#include "sources/url.hpp"

namespace pw::deliver {
namespace {

constexpr std::size_t kMaxReplyBytes = 512;  // kept for the log; the rest is discarded

// What one POST collects through libcurl's callbacks.
struct Exchange {
  const AddressPolicy* policy = nullptr;
  int* sockets = nullptr;
  int opened = 0;       // sockets this exchange opened
  std::string refused;  // "127.0.0.1 (loopback)" if a connect was refused
  std::string reply;
  std::string retry_after;
};

extern "C" curl_socket_t webhook_open_socket(void* user, curlsocktype, curl_sockaddr* a) {
  auto& x = *static_cast<Exchange*>(user);
  const auto* address = reinterpret_cast<const sockaddr*>(&a->addr);
  if (const auto why = x.policy->refusal(address); !why.empty()) {
    x.refused = fmt::format("{} ({})", address_text(address), why);
    return CURL_SOCKET_BAD;
  }
  ++*x.sockets;
  ++x.opened;
  return socket(a->family, a->socktype, a->protocol);
}

extern "C" size_t webhook_reply(char* data, size_t size, size_t n, void* user) {
  auto& x = *static_cast<Exchange*>(user);
  const std::size_t room = kMaxReplyBytes - std::min(kMaxReplyBytes, x.reply.size());
  x.reply.append(data, std::min(room, size * n));
  return size * n;
}

extern "C" size_t webhook_header(char* data, size_t size, size_t n, void* user) {
  if (auto v = sources::header_value(std::string_view(data, size * n), "retry-after")) {
    static_cast<Exchange*>(user)->retry_after = *v;
  }
  return size * n;
}

SendResult classify(long status, const Exchange& x) {
  const auto detail = fmt::format("HTTP {}", status);
  if (status >= 200 && status < 300) return {SendOutcome::kSent, detail, std::nullopt};
  if (status == 410) return {SendOutcome::kGone, detail, std::nullopt};
  if (status >= 300 && status < 400) {
    return {SendOutcome::kRetry, detail + " (redirects are not followed)", std::nullopt};
  }
  if (status == 408 || status == 429 || status >= 500) {
    return {SendOutcome::kRetry, detail,
            sources::parse_retry_after(x.retry_after, std::chrono::system_clock::now())};
  }
  return {SendOutcome::kFailed, detail, std::nullopt};
}

}  // namespace

struct WebhookSender::Impl {
  WebhookSettings settings;
  sources::CurlEasy easy;
  std::string no_easy;         // why `easy` is null
  sources::CurlSlist resolve;  // settings.resolve for libcurl
  int sockets = 0;

  void set_options(Exchange& x, char* error_buffer, const std::string& url) {
    CURL* c = easy.get();
    sources::reset_common_options(c, settings.allow_http ? "http,https" : "https",
                                  settings.user_agent, settings.connect_timeout, settings.timeout,
                                  error_buffer);
    sources::curl().easy_setopt(c, CURLOPT_URL, url.c_str());
    sources::curl().easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, webhook_open_socket);
    sources::curl().easy_setopt(c, CURLOPT_OPENSOCKETDATA, &x);
    sources::curl().easy_setopt(c, CURLOPT_WRITEFUNCTION, webhook_reply);
    sources::curl().easy_setopt(c, CURLOPT_WRITEDATA, &x);
    sources::curl().easy_setopt(c, CURLOPT_HEADERFUNCTION, webhook_header);
    sources::curl().easy_setopt(c, CURLOPT_HEADERDATA, &x);
    sources::curl().easy_setopt(c, CURLOPT_RESOLVE, resolve.get());
  }

  Result<sources::CurlSlist> headers(const storage::OutboxRecord& row,
                                     const storage::UserRecord& user, std::int64_t now) {
    auto key = decode_webhook_secret(user.webhook_secret);
    if (!key) return fail(key.error().with_context(user.email));
    std::vector<std::string> keys{*key};
    if (!user.previous_webhook_secret.empty() && now < user.previous_secret_until) {
      if (auto old = decode_webhook_secret(user.previous_webhook_secret)) keys.push_back(*old);
    }
    const auto id = fmt::format("outbox-{}", row.id);
    sources::CurlSlist list;
    sources::append_header(list, "Content-Type: application/json");
    sources::append_header(list, "webhook-id: " + id);
    sources::append_header(list, fmt::format("webhook-timestamp: {}", now));
    sources::append_header(
        list, "webhook-signature: " + webhook_signature_header(keys, id, now, row.body));
    sources::append_header(list, "Expect:");
    return list;
  }
};

WebhookSender::WebhookSender(WebhookSettings settings) : impl_(std::make_unique<Impl>()) {
  impl_->settings = std::move(settings);
  impl_->easy = sources::new_easy_handle(impl_->no_easy);
  if (!impl_->easy) return;
  for (const auto& entry : impl_->settings.resolve) sources::append_header(impl_->resolve, entry);
}

WebhookSender::~WebhookSender() = default;

int WebhookSender::connections_opened() const {
  return impl_->sockets;
}

SendResult WebhookSender::send(const storage::OutboxRecord& row, const storage::UserRecord& user,
                               std::int64_t now) {
  const auto url = sources::parse_url(row.destination);
  if (!url) return {SendOutcome::kFailed, url.error().message, std::nullopt};
  if (url->scheme != "https" && !impl_->settings.allow_http) {
    return {SendOutcome::kFailed, "webhook URL must be https", std::nullopt};
  }
  if (!impl_->easy) return {SendOutcome::kRetry, impl_->no_easy, std::nullopt};
  auto headers = impl_->headers(row, user, now);  // libcurl's lists: only once it is open
  if (!headers) return {SendOutcome::kFailed, headers.error().message, std::nullopt};
  Exchange x;
  x.policy = &impl_->settings.addresses;
  x.sockets = &impl_->sockets;
  char error_buffer[CURL_ERROR_SIZE] = {};
  const std::string target = url->str();
  impl_->set_options(x, error_buffer, target);
  CURL* c = impl_->easy.get();
  sources::curl().easy_setopt(c, CURLOPT_HTTPHEADER, headers->get());
  sources::curl().easy_setopt(c, CURLOPT_POSTFIELDS, row.body.data());
  sources::curl().easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
                              static_cast<curl_off_t>(row.body.size()));
  const CURLcode code = sources::curl().easy_perform(c);
  if (code != CURLE_OK && !x.refused.empty() && x.opened == 0) {
    return {SendOutcome::kFailed, "refused to connect to " + x.refused, std::nullopt};
  }
  if (code != CURLE_OK) {
    std::string what = error_buffer[0] != '\0' ? error_buffer : sources::curl().easy_strerror(code);
    if (!x.refused.empty()) what += "; refused to connect to " + x.refused;
    return {SendOutcome::kRetry, what, std::nullopt, code == CURLE_OPERATION_TIMEDOUT};
  }
  long status = 0;
  sources::curl().easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  return classify(status, x);
}

}  // namespace pw::deliver
