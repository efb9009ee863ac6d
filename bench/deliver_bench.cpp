// Measures delivery throughput on loopback: emails per second through the
// SMTP sender (one connection reused) into the tests' SMTP sink, and
// webhooks per second through the webhook sender (signed POSTs) into the
// tests' HTTP receiver. Prints figures; never fails on timing.
// Usage: deliver_bench [EMAILS] [WEBHOOKS]
#include <chrono>
#include <cstdio>
#include <string>

#include "deliver/render.hpp"
#include "deliver/smtp_sender.hpp"
#include "deliver/webhook_sender.hpp"
#include "tests/fakes/http_server.hpp"
#include "tests/fakes/smtp_sink.hpp"

namespace pw::bench {
namespace {

using Clock = std::chrono::steady_clock;

deliver::AlertBatch sample_batch(std::int64_t id) {
  deliver::AlertBatch b;
  b.outbox_id = id;
  b.user_id = 1;
  b.recipient = "reader@example.org";
  b.file_name = "debates2009-10-27d.xml";
  b.date = "2009-10-27";
  b.created_at = 1256650000;
  for (int i = 0; i < 5; ++i) {
    deliver::AlertItem a;
    a.rule_id = 1 + i % 2;
    a.query = i % 2 ? "trafficking" : "speaker:10121";
    a.highlight = {"trafficking"};
    a.date = b.date;
    a.gid = "uk.org.publicwhip/debate/2009-10-27d.1." + std::to_string(i);
    a.headings = {"Home Department", "People Trafficking"};
    a.speaker_name = "Vernon Coaker";
    a.speaker_party = "Lab";
    a.speaker_constituency = "Gedling";
    a.text = std::string(400, 'x') + " human trafficking " + std::string(400, 'y');
    b.alerts.push_back(a);
  }
  return b;
}

double per_second(std::size_t n, Clock::time_point start) {
  return static_cast<double>(n) / std::chrono::duration<double>(Clock::now() - start).count();
}

double emails(std::size_t n) {
  test::SmtpSink sink;
  deliver::SmtpSettings s;
  s.url = sink.url();
  s.envelope_from = "alerts@parlwatch.test";
  s.require_tls = false;
  deliver::SmtpSender sender(s);
  const deliver::EmailSettings es{"parlwatch <alerts@parlwatch.test>", "https://a.test", "k"};
  storage::OutboxRecord row;
  row.destination = "reader@example.org";
  row.body = deliver::render_email(sample_batch(1), es)->body;
  const auto start = Clock::now();
  std::size_t sent = 0;
  for (std::size_t i = 0; i < n; ++i) {
    row.id = static_cast<std::int64_t>(i);
    sent += sender.send(row, storage::UserRecord{}, 0).outcome == deliver::SendOutcome::kSent;
  }
  const double rate = per_second(sent, start);
  std::printf("emails: %zu of %zu sent over %d connection(s), %zu bytes each: %.0f/s\n", sent, n,
              sink.connections(), row.body.size(), rate);
  return rate;
}

double webhooks(std::size_t n) {
  test::HttpServer receiver([](const test::HttpRequestSeen&) { return test::HttpReply{}; });
  deliver::WebhookSettings s;
  s.allow_http = true;
  s.addresses = deliver::AddressPolicy({*deliver::parse_network("127.0.0.0/8")});
  deliver::WebhookSender sender(s);
  storage::UserRecord user;
  user.webhook_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  storage::OutboxRecord row;
  row.destination = receiver.origin() + "/in";
  row.body = deliver::render_webhook(sample_batch(1)).body;
  const auto start = Clock::now();
  std::size_t sent = 0;
  for (std::size_t i = 0; i < n; ++i) {
    row.id = static_cast<std::int64_t>(i);
    sent += sender.send(row, user, 1256650000).outcome == deliver::SendOutcome::kSent;
  }
  const double rate = per_second(sent, start);
  std::printf("webhooks: %zu of %zu sent over kept-alive connections, %zu bytes each: %.0f/s\n",
              sent, n, row.body.size(), rate);
  return rate;
}

}  // namespace
}  // namespace pw::bench

int main(int argc, char** argv) {
  const std::size_t n_email = argc > 1 ? std::stoul(argv[1]) : 2000;
  const std::size_t n_hooks = argc > 2 ? std::stoul(argv[2]) : 5000;
  const double e = pw::bench::emails(n_email);
  const double w = pw::bench::webhooks(n_hooks);
  std::printf("emails_per_second: %.0f\nwebhooks_per_second: %.0f\n", e, w);
  return 0;
}
