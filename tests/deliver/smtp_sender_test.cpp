#include "deliver/smtp_sender.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/fakes/smtp_sink.hpp"

namespace pw::deliver {
namespace {

using ::testing::HasSubstr;

SmtpSettings plain_to(const test::SmtpSink& sink) {
  SmtpSettings s;
  s.url = sink.url();
  s.envelope_from = "alerts@parlwatch.test";
  s.require_tls = false;
  s.timeout = std::chrono::milliseconds(2000);
  return s;
}

storage::OutboxRecord message(std::int64_t id, const std::string& to = "reader@example.org") {
  storage::OutboxRecord r;
  r.id = id;
  r.destination = to;
  r.body = "From: parlwatch <alerts@parlwatch.test>\r\nTo: " + to +
           "\r\nSubject: test\r\nMessage-ID: <outbox-" + std::to_string(id) +
           "@parlwatch.test>\r\n\r\nHello.\r\n.leading dot\r\n.\r\nbye\r\n";
  return r;
}

TEST(SmtpSender, DeliversTheStoredBytesOverOneConnection) {
  test::SmtpSink sink;
  auto settings = plain_to(sink);
  settings.username = "parlwatch";
  settings.password = "s3cret";
  SmtpSender sender(settings);
  for (int id = 1; id <= 3; ++id) {
    const auto r = sender.send(message(id), storage::UserRecord{}, 0);
    EXPECT_EQ(r.outcome, SendOutcome::kSent) << r.detail;
  }
  const auto got = sink.messages();
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].from, "alerts@parlwatch.test");
  EXPECT_EQ(got[0].to, std::vector<std::string>{"reader@example.org"});
  EXPECT_EQ(got[1].data, message(2).body);  // dot-stuffing done by libcurl, undone by the sink
  EXPECT_EQ(sink.connections(), 1);
  EXPECT_EQ(got[2].connection, 1);
  EXPECT_EQ(sink.last_auth(), "parlwatch:s3cret");
}

TEST(SmtpSender, TemporaryRepliesRetryPermanentOnesFail) {
  test::SmtpSink sink;
  SmtpSender sender(plain_to(sink));
  const auto send = [&] { return sender.send(message(1), storage::UserRecord{}, 0); };
  sink.fail_at("MAIL", 421);
  EXPECT_EQ(send().outcome, SendOutcome::kRetry);
  sink.fail_at("RCPT", 450);
  const auto busy = send();
  EXPECT_EQ(busy.outcome, SendOutcome::kRetry);
  EXPECT_THAT(busy.detail, HasSubstr("450"));
  sink.fail_at("RCPT", 550);
  const auto unknown = send();
  EXPECT_EQ(unknown.outcome, SendOutcome::kFailed);
  EXPECT_THAT(unknown.detail, HasSubstr("550"));
  sink.fail_at("END", 554);
  EXPECT_EQ(send().outcome, SendOutcome::kFailed);
  sink.fail_at("END", 0);  // the connection drops after the data
  EXPECT_EQ(send().outcome, SendOutcome::kRetry);
  EXPECT_TRUE(sink.messages().empty());
  EXPECT_EQ(send().outcome, SendOutcome::kSent);  // and the next attempt gets through
  EXPECT_EQ(sink.messages().size(), 1u);
}

TEST(SmtpSender, ASlowServerTimesOutAndIsRetried) {
  test::SmtpSink sink;
  auto settings = plain_to(sink);
  settings.timeout = std::chrono::milliseconds(300);
  SmtpSender sender(settings);
  sink.stall_before_reply(std::chrono::milliseconds(1500));
  EXPECT_EQ(sender.send(message(1), storage::UserRecord{}, 0).outcome, SendOutcome::kRetry);
}

TEST(SmtpSender, StartTlsIsRequiredByDefault) {
  test::SmtpSink sink;  // offers no STARTTLS
  auto settings = plain_to(sink);
  settings.require_tls = true;
  SmtpSender sender(settings);
  const auto r = sender.send(message(1), storage::UserRecord{}, 0);
  EXPECT_EQ(r.outcome, SendOutcome::kRetry);
  EXPECT_TRUE(sink.messages().empty());
}

TEST(SmtpSender, RefusesInjectionAndPlainTextToOtherHostsBeforeConnecting) {
  test::SmtpSink sink;
  SmtpSender sender(plain_to(sink));
  const std::vector<std::string> bad_addresses = {"a@example.org\r\nRCPT TO:<b@example.org>",
                                                  std::string("a@example.org\0x", 15), "no-at-sign",
                                                  "a@example.org>"};
  for (const auto& bad : bad_addresses) {
    EXPECT_EQ(sender.send(message(1, bad), storage::UserRecord{}, 0).outcome, SendOutcome::kFailed)
        << bad;
  }
  EXPECT_EQ(sink.connections(), 0);

  SmtpSettings remote;
  remote.url = "smtp://mail.example.org:25";
  remote.envelope_from = "alerts@parlwatch.test";
  remote.require_tls = false;
  const auto r = SmtpSender(remote).send(message(1), storage::UserRecord{}, 0);
  EXPECT_EQ(r.outcome, SendOutcome::kRetry);
  EXPECT_THAT(r.detail, HasSubstr("only to a loopback server"));
  EXPECT_TRUE(has_line_break("a\nb"));
  EXPECT_FALSE(has_line_break("a b"));
}

}  // namespace
}  // namespace pw::deliver
