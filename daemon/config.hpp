#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace pw {

// Where transcripts come from.
struct SourceConfig {
  enum class Kind { kHttp, kDirectory };
  std::string name;
  Kind kind = Kind::kHttp;
  std::string base_url;               // kHttp: ends with '/'
  std::string path;                   // kDirectory
  std::vector<std::string> sections;  // scrapedxml folder names: debates, westminhall, ...
};

struct HttpConfig {
  std::string user_agent;  // must name a contact (an email address or URL)
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds timeout{60};
  std::uint64_t max_body_bytes = 64u << 20;
  std::chrono::milliseconds delay_between_requests{1000};
  int retries = 3;  // further attempts after a transient failure, 5xx or 429
  std::chrono::milliseconds retry_delay{2000};  // first backoff; doubles, with jitter
};

struct ScheduleConfig {
  std::chrono::minutes poll_interval{15};
  // Local (Europe/London) minutes after midnight; equal means no quiet hours.
  int quiet_from_minute = 0;
  int quiet_to_minute = 0;
  std::string start_date;  // YYYY-MM-DD; "" means the day of the first poll
  // Files already fetched are asked for again (conditionally) when their
  // sitting is this recent, unless changedates.txt says they did not change.
  int recheck_days = 14;
  // A fetched file whose ingest ended the process this many times (a crash,
  // the watchdog, the OOM killer) is quarantined: reported, not retried.
  int quarantine_after_crashes = 2;
};

// How alerts leave: written to the local outbox folder, or sent.
struct DeliveryConfig {
  enum class Mode { kLocal, kNetwork };
  Mode mode = Mode::kLocal;
  std::string from = "parlwatch <parlwatch@localhost>";  // From: of every email
  std::string public_url;         // https://... of parlwatch's web pages; "" for none
  std::string token_secret_file;  // signs manage/unsubscribe links; "" = generated, in the database
  int digest_minute = 7 * 60;     // London time of the daily digests, minutes after midnight
  std::string smtp_url;           // smtps://host:465 or smtp://host:587 (STARTTLS)
  std::string smtp_username;
  std::string smtp_password_file;  // e.g. a systemd credential; never the password itself
  bool smtp_starttls = true;       // false only for a loopback server
  bool smtputf8 = false;           // the relay takes non-ASCII addresses (RFC 6531)
  bool webhook_allow_http = false;
  std::vector<std::string> webhook_allow_networks;  // CIDR ranges exempt from the SSRF guard
  std::chrono::seconds webhook_timeout{15};
};

// The daemon's HTTP face (sign-up, confirm, manage, unsubscribe, health,
// metrics, admin API).
struct ServerConfig {
  std::string listen = "127.0.0.1:8026";     // IP:PORT ([v6]:PORT); "" serves nothing
  std::string admin_token_file;              // bearer token of the admin API; "" turns it off
  std::vector<std::string> trusted_proxies;  // IPs whose X-Forwarded-For is believed
  int max_connections = 256;
  int max_connections_per_client = 16;       // trusted proxies have no cap
  std::chrono::seconds request_timeout{10};  // to read one request, and to write its answer
  std::size_t max_header_bytes = std::size_t{8} * 1024;
  std::size_t max_body_bytes = std::size_t{16} * 1024;
};

// Limits on sign-up, so it cannot be used to mail-bomb an address.
struct SubscriptionsConfig {
  int confirm_days = 7;  // unconfirmed subscriptions are removed after this
  int signups_per_address_per_hour = 20;
  int signups_per_network_per_hour = 200;
  int confirmations_per_email_per_day = 5;
  int max_per_email = 100;
  int max_unconfirmed_per_email = 10;
};

// The whole configuration of the daemon, as read from one TOML file.
struct Config {
  std::string database = "/var/lib/parlwatch/parlwatch.db";
  std::string outbox_dir = "/var/lib/parlwatch/outbox";
  std::string log_level = "info";
  std::vector<std::string> people_files;  // people.xml, all-members.xml or people.json
  // ParlParse's people.json, fetched (conditional GET) at start and daily
  // into people_copy(); "" for none.
  std::string people_url;

  // Where the fetched members file is kept: people.json beside the database.
  std::string people_copy() const;
  HttpConfig http;
  ScheduleConfig schedule;
  std::vector<SourceConfig> sources;
  DeliveryConfig delivery;
  ServerConfig server;
  SubscriptionsConfig subscriptions;
};

// Reads and validates a configuration file. Every problem is reported as
// "FILE:LINE: what", all of them, one per line, in an invalid_input error:
// TOML syntax errors, unknown tables and keys, values of the wrong type or
// out of range, unknown sections, source URLs that are not https (plain
// http is allowed only for loopback addresses), a user agent without a
// contact, duplicate source names.
Result<Config> load_config(const std::string& path);

// The same, from text already read; `name` is used in messages.
Result<Config> parse_config(std::string_view text, const std::string& name);

// The scrapedxml folders watched when a source names none.
const std::vector<std::string>& default_sections();

}  // namespace pw
