#include <charconv>

#include "daemon/config_reader.hpp"
#include "daemon/listen_address.hpp"

namespace pw::config_detail {
namespace {

void read_server_table(Reader& r, const toml::table& t, ServerConfig& s) {
  r.check_keys(t, "[server]",
               {"listen", "admin_token_file", "trusted_proxies", "max_connections",
                "max_connections_per_client", "request_timeout_seconds", "max_header_bytes",
                "max_body_bytes"});
  r.string(t, "listen", s.listen);
  if (!s.listen.empty()) {
    if (auto ok = parse_listen_address(s.listen); !ok) r.error(at(t, "listen"), ok.error().message);
  }
  r.string(t, "admin_token_file", s.admin_token_file);
  r.strings(t, "trusted_proxies", s.trusted_proxies);
  for (const auto& ip : s.trusted_proxies) {
    if (!parse_listen_address((ip.find(':') == std::string::npos ? ip : "[" + ip + "]") + ":0")) {
      r.error(at(t, "trusted_proxies"), "'trusted_proxies' must list IP addresses: " + ip);
    }
  }
  r.integer(t, "max_connections", s.max_connections, 1, 10'000);
  r.integer(t, "max_connections_per_client", s.max_connections_per_client, 1, 10'000);
  r.integer(t, "request_timeout_seconds", s.request_timeout, 1, 300);
  r.integer(t, "max_header_bytes", s.max_header_bytes, 1024, std::int64_t{64} * 1024);
  r.integer(t, "max_body_bytes", s.max_body_bytes, 1024, std::int64_t{1024} * 1024);
}

void read_subscriptions(Reader& r, const toml::table& t, SubscriptionsConfig& s) {
  r.check_keys(t, "[subscriptions]",
               {"confirm_days", "signups_per_address_per_hour", "signups_per_network_per_hour",
                "confirmations_per_email_per_day", "max_per_email", "max_unconfirmed_per_email"});
  r.integer(t, "confirm_days", s.confirm_days, 1, 90);
  r.integer(t, "signups_per_address_per_hour", s.signups_per_address_per_hour, 1, 100'000);
  r.integer(t, "signups_per_network_per_hour", s.signups_per_network_per_hour, 1, 1'000'000);
  r.integer(t, "confirmations_per_email_per_day", s.confirmations_per_email_per_day, 1, 100);
  r.integer(t, "max_per_email", s.max_per_email, 1, 10'000);
  r.integer(t, "max_unconfirmed_per_email", s.max_unconfirmed_per_email, 1, 1000);
}

}  // namespace

void read_server(Reader& r, const toml::table& root, ServerConfig& server,
                 SubscriptionsConfig& subscriptions) {
  if (const auto* t = table(r, root, "server")) read_server_table(r, *t, server);
  if (const auto* t = table(r, root, "subscriptions")) read_subscriptions(r, *t, subscriptions);
}

}  // namespace pw::config_detail
