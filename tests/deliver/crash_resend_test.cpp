// A crash between the peer's OK and our commit: the row is sent again once
// its lease expires, with the same identity, so the receiver can drop it.
#include <gtest/gtest.h>

#include "deliver/delivery_worker.hpp"
#include "deliver/smtp_sender.hpp"
#include "deliver/webhook_sender.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/user_repository.hpp"
#include "tests/fakes/fake_clock.hpp"
#include "tests/fakes/http_server.hpp"
#include "tests/fakes/smtp_sink.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw::deliver {
namespace {

TEST(CrashResend, TheResendCarriesTheSameWebhookIdAndMessageId) {
  test::TempDir dir;
  auto db = *storage::Database::open((dir / "pw.db").string());
  test::FakeClock clock;
  test::HttpServer receiver([](const test::HttpRequestSeen&) { return test::HttpReply{}; });
  test::SmtpSink sink;
  storage::UserRepository users(db);
  const auto group = *users.add_user("group@example.org", receiver.origin() + "/in", 1);
  ASSERT_TRUE(users.set_webhook_secret(group, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
  const auto reader = *users.add_user("reader@example.org", "", 1);
  storage::OutboxRepository outbox(db);
  const auto now = unix_seconds(clock.now());
  const auto hook =
      *outbox.reserve(group, storage::Channel::kWebhook, receiver.origin() + "/in", 0, now);
  ASSERT_TRUE(outbox.set_message(hook, "s", R"({"alerts":[]})"));
  const auto mail = *outbox.reserve(reader, storage::Channel::kEmail, "reader@example.org", 0, now);
  ASSERT_TRUE(outbox.set_message(mail, "s", "Message-ID: <outbox-2@parlwatch.test>\r\n\r\nhi\r\n"));

  WebhookSettings ws;
  ws.allow_http = true;
  ws.addresses = AddressPolicy({*parse_network("127.0.0.0/8")});
  WebhookSender webhooks(ws);
  SmtpSettings ss;
  ss.url = sink.url();
  ss.envelope_from = "alerts@parlwatch.test";
  ss.require_tls = false;
  SmtpSender email(ss);

  auto claimed = claim_due(db, now, 10);
  ASSERT_TRUE(claimed);
  const auto attempts = send_claimed(std::move(*claimed), email, webhooks, clock);
  ASSERT_EQ(attempts.size(), 2u);
  for (const auto& a : attempts) EXPECT_EQ(a.result.outcome, SendOutcome::kSent) << a.result.detail;
  // ... and the process dies before record_attempts().

  EXPECT_TRUE(claim_due(db, now, 10)->empty());  // leased: nobody else takes them meanwhile
  clock.advance(std::chrono::seconds(kLeaseSeconds));
  std::mt19937_64 rng(1);
  auto report = deliver_due(db, email, webhooks, clock, EmailSettings{}, rng);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->sent, 2u);

  const auto posts = receiver.requests();
  ASSERT_EQ(posts.size(), 2u);
  EXPECT_EQ(posts[0].headers.at("webhook-id"), "outbox-1");
  EXPECT_EQ(posts[1].headers.at("webhook-id"), posts[0].headers.at("webhook-id"));
  EXPECT_EQ(posts[1].body, posts[0].body);
  const auto mails = sink.messages();
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_EQ(mails[1].data, mails[0].data);
  EXPECT_NE(mails[0].data.find("Message-ID: <outbox-2@parlwatch.test>"), std::string::npos);
  EXPECT_EQ((*outbox.find(hook))->state, storage::OutboxState::kSent);
  EXPECT_EQ((*outbox.find(mail))->attempts, 2);
}

}  // namespace
}  // namespace pw::deliver
