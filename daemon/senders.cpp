#include "daemon/senders.hpp"

#include "deliver/mime.hpp"
#include "deliver/smtp_sender.hpp"
#include "deliver/webhook_sender.hpp"
#include "ingest/file_io.hpp"
#include "sources/curl_library.hpp"

namespace pw {
namespace {

constexpr std::size_t kMaxSecretBytes = 4096;

Result<deliver::WebhookSettings> webhook_settings(const DeliveryConfig& d) {
  deliver::WebhookSettings w;
  w.allow_http = d.webhook_allow_http;
  w.timeout = d.webhook_timeout;
  std::vector<deliver::Network> allowed;
  for (const auto& n : d.webhook_allow_networks) {
    PW_TRY_ASSIGN(auto parsed, deliver::parse_network(n));
    allowed.push_back(parsed);
  }
  w.addresses = deliver::AddressPolicy(std::move(allowed));
  return w;
}

Result<deliver::SmtpSettings> smtp_settings(const DeliveryConfig& d) {
  deliver::SmtpSettings s;
  s.url = d.smtp_url;
  s.username = d.smtp_username;
  s.require_tls = d.smtp_starttls;
  s.envelope_from = deliver::bare_address(d.from);
  if (!d.smtp_password_file.empty()) {
    PW_TRY_ASSIGN(auto password, read_file(d.smtp_password_file, kMaxSecretBytes));
    while (!password.empty() && (password.back() == '\n' || password.back() == '\r')) {
      password.pop_back();
    }
    s.password = std::move(password);
  }
  return s;
}

}  // namespace

Result<Senders> make_senders(const Config& config) {
  Senders s;
  if (config.delivery.mode == DeliveryConfig::Mode::kLocal) {
    s.sink = std::make_unique<deliver::LocalSink>(config.outbox_dir);
    s.email = std::make_unique<deliver::LocalSinkSender>(*s.sink);
    s.webhook = std::make_unique<deliver::LocalSinkSender>(*s.sink);
    return s;
  }
  PW_TRY(sources::load_curl());  // refused at start, not at the first message
  PW_TRY_ASSIGN(auto smtp, smtp_settings(config.delivery));
  PW_TRY_ASSIGN(auto hooks, webhook_settings(config.delivery));
  s.email = std::make_unique<deliver::SmtpSender>(std::move(smtp));
  s.webhook = std::make_unique<deliver::WebhookSender>(std::move(hooks));
  return s;
}

}  // namespace pw
