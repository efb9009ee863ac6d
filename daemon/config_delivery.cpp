#include <cstdio>

#include "daemon/config_reader.hpp"
#include "deliver/address_policy.hpp"
#include "sources/url.hpp"

namespace pw::config_detail {
namespace {

void boolean(Reader& r, const toml::table& t, std::string_view key, bool& out) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return;
  if (const auto* v = n->as_boolean()) {
    out = v->get();
  } else {
    r.error(*n, fmt::format("'{}' must be true or false", key));
  }
}

void read_email(Reader& r, const toml::table& t, DeliveryConfig& d) {
  r.check_keys(t, "[email]",
               {"from", "public_url", "digest_time", "token_secret_file", "smtp_url", "username",
                "password_file", "starttls", "smtputf8"});
  r.string(t, "token_secret_file", d.token_secret_file);
  std::string digest_time;
  r.string(t, "digest_time", digest_time);
  if (!digest_time.empty()) {
    unsigned h = 99;
    unsigned m = 99;
    char tail = 0;
    if (digest_time.size() != 5 ||
        std::sscanf(digest_time.c_str(), "%2u:%2u%c", &h, &m, &tail) != 2 || h > 23 || m > 59) {
      r.error(at(t, "digest_time"), "'digest_time' must look like \"07:00\"");
    } else {
      d.digest_minute = static_cast<int>(h * 60 + m);
    }
  }
  r.string(t, "from", d.from);
  r.string(t, "public_url", d.public_url);
  if (!d.public_url.empty()) {
    const auto url = sources::parse_url(d.public_url);
    if (!url || !sources::check_fetch_url(*url)) {
      r.error(at(t, "public_url"), "'public_url' must be an https:// URL (http only for loopback)");
    }
  }
  r.string(t, "smtp_url", d.smtp_url);
  r.string(t, "username", d.smtp_username);
  r.string(t, "password_file", d.smtp_password_file);
  boolean(r, t, "starttls", d.smtp_starttls);
  boolean(r, t, "smtputf8", d.smtputf8);
  if (d.from.find_first_of("\r\n") != std::string::npos || d.from.find('@') == std::string::npos) {
    r.error(at(t, "from"), "'from' must be one address, e.g. \"parlwatch <alerts@example.org>\"");
  }
  if (d.smtp_url.empty()) return;
  const bool smtps = d.smtp_url.rfind("smtps://", 0) == 0;
  if (!smtps && d.smtp_url.rfind("smtp://", 0) != 0) {
    return r.error(at(t, "smtp_url"), "'smtp_url' must start with smtps:// or smtp://");
  }
  const auto host = sources::parse_url("http://" + d.smtp_url.substr(smtps ? 8 : 7));
  if (!host) return r.error(at(t, "smtp_url"), "'smtp_url' is not a valid URL");
  if (!smtps && !d.smtp_starttls && !sources::is_loopback_host(host->host)) {
    r.error(at(t, "starttls"), "'starttls = false' is allowed only for a loopback server");
  }
}

void read_webhooks(Reader& r, const toml::table& t, DeliveryConfig& d) {
  r.check_keys(t, "[webhooks]", {"allow_http", "allow_networks", "timeout_seconds"});
  boolean(r, t, "allow_http", d.webhook_allow_http);
  r.strings(t, "allow_networks", d.webhook_allow_networks);
  r.integer(t, "timeout_seconds", d.webhook_timeout, 1, 30);
  for (const auto& n : d.webhook_allow_networks) {
    if (auto ok = deliver::parse_network(n); !ok)
      r.error(at(t, "allow_networks"), ok.error().message);
  }
}

}  // namespace

void read_delivery(Reader& r, const toml::table& root, DeliveryConfig& d) {
  if (const auto* t = table(r, root, "delivery")) {
    r.check_keys(*t, "[delivery]", {"mode"});
    std::string mode = "local";
    r.string(*t, "mode", mode);
    if (mode == "network") {
      d.mode = DeliveryConfig::Mode::kNetwork;
    } else if (mode != "local") {
      r.error(at(*t, "mode"), "'mode' must be \"local\" or \"network\"");
    }
  }
  if (const auto* t = table(r, root, "email")) read_email(r, *t, d);
  if (const auto* t = table(r, root, "webhooks")) read_webhooks(r, *t, d);
  if (d.mode == DeliveryConfig::Mode::kNetwork && d.smtp_url.empty()) {
    r.error_in(root, "[delivery] mode = \"network\" needs [email] smtp_url");
  }
}

}  // namespace pw::config_detail
