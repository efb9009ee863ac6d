#include "daemon/web_face.hpp"

#include "ingest/file_io.hpp"

namespace pw {

Result<web::SiteOptions> site_options(const Config& config, const deliver::EmailSettings& email) {
  web::SiteOptions o;
  o.email = email;
  o.email.smtputf8 = config.delivery.smtputf8;
  const auto& s = config.subscriptions;
  o.limits.confirm_within_seconds = std::int64_t{s.confirm_days} * 24 * 3600;
  o.limits.signups_per_address_per_hour = s.signups_per_address_per_hour;
  o.limits.signups_per_network_per_hour = s.signups_per_network_per_hour;
  o.limits.confirmations_per_email_per_day = s.confirmations_per_email_per_day;
  o.limits.max_subscriptions_per_email = s.max_per_email;
  o.limits.max_unconfirmed_per_email = s.max_unconfirmed_per_email;
  o.trusted_proxies = config.server.trusted_proxies;
  const auto& file = config.server.admin_token_file;
  if (file.empty()) return o;
  PW_TRY_ASSIGN(auto token, read_file(file, 4096));
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  if (token.size() < 16 || token.find_first_of(" \t\r\n") != std::string::npos) {
    return fail(Error::invalid(file + ": the admin token needs at least 16 characters, no spaces"));
  }
  o.admin_token = std::move(token);
  return o;
}

HttpServerLimits server_limits(const ServerConfig& server) {
  HttpServerLimits l;
  l.max_connections = server.max_connections;
  l.max_connections_per_client = server.max_connections_per_client;
  l.unlimited_clients = server.trusted_proxies;
  l.reserved_paths = {"/healthz", "/readyz", "/metrics"};
  l.request_timeout = server.request_timeout;
  l.max_header_bytes = server.max_header_bytes;
  l.max_body_bytes = server.max_body_bytes;
  return l;
}

}  // namespace pw
