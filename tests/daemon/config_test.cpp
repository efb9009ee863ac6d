#include "daemon/config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/fakes/temp_dir.hpp"

namespace pw {
namespace {

using ::testing::HasSubstr;

constexpr const char* kMinimal = R"toml(
[http]
user_agent = "parlwatch test (ops@example.org)"

[[source]]
name = "twfy"
kind = "parlparse-http"
)toml";

std::string error_of(const std::string& text) {
  auto c = parse_config(text, "test.toml");
  return c ? "ok" : c.error().message;
}

TEST(Config, TheShippedExampleIsValidAndDocumentsTheDefaults) {
  auto c = load_config(std::string(PW_TEST_DATA) + "/../../etc/parlwatch.toml");
  ASSERT_TRUE(c) << c.error().message;
  const Config defaults;
  EXPECT_EQ(c->database, defaults.database);
  EXPECT_EQ(c->outbox_dir, defaults.outbox_dir);
  EXPECT_EQ(c->http.timeout, defaults.http.timeout);
  EXPECT_EQ(c->http.max_body_bytes, defaults.http.max_body_bytes);
  EXPECT_EQ(c->schedule.poll_interval, defaults.schedule.poll_interval);
  ASSERT_EQ(c->sources.size(), 1u);
  EXPECT_EQ(c->sources[0].base_url, "https://www.theyworkforyou.com/pwdata/scrapedxml/");
  EXPECT_EQ(c->sources[0].sections, default_sections());
}

TEST(Config, ReadsEveryKey) {
  auto c = parse_config(R"toml(
[storage]
database = "/tmp/pw.db"
outbox_dir = "/tmp/out"
[log]
level = "debug"
[people]
files = ["people.xml", "all-members.xml"]
[http]
user_agent = "parlwatch (https://example.org/contact)"
connect_timeout_seconds = 5
timeout_seconds = 30
max_body_bytes = 2048
delay_between_requests_ms = 0
[schedule]
poll_interval_minutes = 5
quiet_hours = "01:00-06:30"
start_date = "2009-10-26"
[[source]]
name = "local"
kind = "parlparse-dir"
path = "/srv/scrapedxml"
sections = ["wms", "wrans"]
[[source]]
name = "test"
kind = "parlparse-http"
base_url = "http://127.0.0.1:8080/scrapedxml"
)toml",
                        "t.toml");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->database, "/tmp/pw.db");
  EXPECT_EQ(c->log_level, "debug");
  EXPECT_EQ(c->people_files.size(), 2u);
  EXPECT_EQ(c->http.connect_timeout, std::chrono::seconds(5));
  EXPECT_EQ(c->http.max_body_bytes, 2048u);
  EXPECT_EQ(c->schedule.poll_interval, std::chrono::minutes(5));
  EXPECT_EQ(c->schedule.quiet_from_minute, 60);
  EXPECT_EQ(c->schedule.quiet_to_minute, 390);
  EXPECT_EQ(c->schedule.start_date, "2009-10-26");
  ASSERT_EQ(c->sources.size(), 2u);
  EXPECT_EQ(c->sources[0].kind, SourceConfig::Kind::kDirectory);
  EXPECT_EQ(c->sources[0].sections, (std::vector<std::string>{"wms", "wrans"}));
  EXPECT_EQ(c->sources[1].base_url, "http://127.0.0.1:8080/scrapedxml/");
}

TEST(Config, UnknownKeysAndTablesAreErrorsWithTheirLine) {
  const std::string e = error_of(std::string(kMinimal) + "timeout = 3\n[http2]\nx = 1\n");
  EXPECT_EQ(e,
            "test.toml:8: unknown key 'timeout' in [[source]]\n"
            "test.toml:9: unknown key 'http2' in the file");  // every problem, in line order
  EXPECT_THAT(error_of("[log]\nlevel = \"info\"\nverbose = true\n"),
              HasSubstr("test.toml:3: unknown key 'verbose' in [log]"));
}

TEST(Config, BadValuesAreErrorsWithTheirLineAndAllAreReported) {
  const std::string e = error_of(R"toml([http]
user_agent = "parlwatch"
timeout_seconds = "sixty"
connect_timeout_seconds = 0
[schedule]
quiet_hours = "late"
start_date = "2009-02-30"
[log]
level = "loud"
[[source]]
name = "twfy"
kind = "parlparse-http"
base_url = "http://www.theyworkforyou.com/pwdata/"
sections = ["debates", "hansard"]
[[source]]
name = "twfy"
kind = "ftp"
)toml");
  EXPECT_THAT(e, HasSubstr("test.toml:2: 'user_agent' must name a contact"));
  EXPECT_THAT(e, HasSubstr("test.toml:3: 'timeout_seconds' must be a whole number"));
  EXPECT_THAT(e, HasSubstr("test.toml:4: 'connect_timeout_seconds' must be from 1 to 600"));
  EXPECT_THAT(e, HasSubstr("test.toml:6: 'quiet_hours' must look like"));
  EXPECT_THAT(e, HasSubstr("test.toml:7: 'start_date' must be a date"));
  EXPECT_THAT(e, HasSubstr("test.toml:9: 'level' must be"));
  EXPECT_THAT(e, HasSubstr("test.toml:13: 'base_url' must be https://"));
  EXPECT_THAT(e, HasSubstr("test.toml:14: unknown section 'hansard'"));
  EXPECT_THAT(e, HasSubstr("test.toml:17: 'kind' must be"));
  EXPECT_THAT(e, HasSubstr("two sources are named 'twfy'"));
}

TEST(Config, SyntaxErrorsGiveLineAndColumn) {
  EXPECT_THAT(error_of("[http\nuser_agent = 1\n"), HasSubstr("test.toml:1:"));
}

TEST(Config, NeedsASourceAndAUserAgentForHttp) {
  EXPECT_THAT(error_of("[log]\nlevel = \"info\"\n"), HasSubstr("no [[source]]"));
  EXPECT_THAT(error_of("[[source]]\nname = \"t\"\nkind = \"parlparse-http\"\n"),
              HasSubstr("user_agent is required"));
  EXPECT_EQ(error_of("[[source]]\nname = \"d\"\nkind = \"parlparse-dir\"\npath = \"/x\"\n"), "ok");
  EXPECT_THAT(error_of("[[source]]\nname = \"d\"\nkind = \"parlparse-dir\"\n"),
              HasSubstr("needs a 'path'"));
}

TEST(Config, MissingOrHugeFilesAreErrors) {
  test::TempDir dir;
  EXPECT_FALSE(load_config((dir / "missing.toml").string()));
  test::write_file(dir / "big.toml", std::string(2u << 20, '#'));
  EXPECT_THAT(load_config((dir / "big.toml").string()).error().message, HasSubstr("limit"));
}

TEST(Config, DeliveryOverTheNetwork) {
  auto c = parse_config(std::string(kMinimal) + R"toml(
[delivery]
mode = "network"
[email]
from = "parlwatch <alerts@example.org>"
smtp_url = "smtps://smtp.example.org:465"
username = "parlwatch"
password_file = "/run/credentials/parlwatch.service/smtp-password"
digest_time = "06:45"
[webhooks]
allow_networks = ["10.1.0.0/16", "fd00::/8"]
timeout_seconds = 20
)toml",
                        "test.toml");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->delivery.mode, DeliveryConfig::Mode::kNetwork);
  EXPECT_EQ(c->delivery.smtp_url, "smtps://smtp.example.org:465");
  EXPECT_EQ(c->delivery.webhook_allow_networks.size(), 2u);
  EXPECT_EQ(c->delivery.webhook_timeout, std::chrono::seconds(20));
  EXPECT_EQ(c->delivery.digest_minute, 6 * 60 + 45);
  EXPECT_THAT(error_of(std::string(kMinimal) + "[email]\ndigest_time = \"25:00\"\n"),
              HasSubstr("'digest_time' must look like"));
  EXPECT_EQ(parse_config(kMinimal, "t")->delivery.mode, DeliveryConfig::Mode::kLocal);
}

TEST(Config, BadDeliverySettingsAreReportedWithTheirLines) {
  const auto e = error_of(std::string(kMinimal) + R"toml(
[delivery]
mode = "carrier-pigeon"
[email]
from = "nobody"
smtp_url = "smtp://mail.example.org:25"
starttls = false
[webhooks]
allow_networks = ["10.0.0.0/33"]
timeout_seconds = 90
)toml");
  EXPECT_THAT(e, HasSubstr("test.toml:10: 'mode' must be"));
  EXPECT_THAT(e, HasSubstr("test.toml:12: 'from' must be one address"));
  EXPECT_THAT(e, HasSubstr("test.toml:14: 'starttls = false' is allowed only for a loopback"));
  EXPECT_THAT(e, HasSubstr("test.toml:16: '10.0.0.0/33': bad prefix length"));
  EXPECT_THAT(e, HasSubstr("test.toml:17: 'timeout_seconds' must be from 1 to 30"));
  EXPECT_THAT(error_of(std::string(kMinimal) + "[delivery]\nmode = \"network\"\n"),
              HasSubstr("needs [email] smtp_url"));
}

TEST(Config, ServerAndSubscriptionLimits) {
  auto c = parse_config(std::string(kMinimal) + R"toml(
[server]
listen = "[::1]:9000"
admin_token_file = "/run/credentials/parlwatch.service/admin-token"
trusted_proxies = ["127.0.0.1", "::1"]
max_body_bytes = 4096
[subscriptions]
confirm_days = 3
max_per_email = 7
)toml",
                        "test.toml");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server.listen, "[::1]:9000");
  EXPECT_EQ(c->server.trusted_proxies.size(), 2u);
  EXPECT_EQ(c->server.max_body_bytes, 4096u);
  EXPECT_EQ(c->subscriptions.confirm_days, 3);
  EXPECT_EQ(c->subscriptions.max_per_email, 7);
  EXPECT_EQ(c->subscriptions.signups_per_address_per_hour, 20);
  EXPECT_EQ(c->subscriptions.signups_per_network_per_hour, 200);
  EXPECT_EQ(parse_config(kMinimal, "t")->server.listen, "127.0.0.1:8026");
  const auto e = error_of(std::string(kMinimal) + R"toml(
[server]
listen = "localhost:8026"
trusted_proxies = ["proxy.example.org"]
max_connections = 0
port = 80
[subscriptions]
confirm_days = 400
)toml");
  EXPECT_THAT(e, HasSubstr("test.toml:10: 'listen' = \"localhost:8026\": not an IPv4 address"));
  EXPECT_THAT(e, HasSubstr("test.toml:11: 'trusted_proxies' must list IP addresses"));
  EXPECT_THAT(e, HasSubstr("test.toml:12: 'max_connections' must be from 1 to 10000"));
  EXPECT_THAT(e, HasSubstr("test.toml:13: unknown key 'port' in [server]"));
  EXPECT_THAT(e, HasSubstr("test.toml:15: 'confirm_days' must be from 1 to 90"));
  EXPECT_THAT(error_of(std::string(kMinimal) + "[server]\nlisten = \"127.0.0.1:70000\"\n"),
              HasSubstr("the port must be a number"));
  EXPECT_THAT(error_of(std::string(kMinimal) + "[server]\nlisten = \"127.0.0.1\"\n"),
              HasSubstr("no port"));
}

}  // namespace
}  // namespace pw
