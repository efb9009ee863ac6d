#include "deliver/webhook_sender.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/crypto.hpp"
#include "deliver/webhook_signature.hpp"
#include "tests/fakes/http_server.hpp"

namespace pw::deliver {
namespace {

using test::HttpReply;
using test::HttpRequestSeen;
using test::HttpServer;
using ::testing::HasSubstr;

constexpr const char* kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

WebhookSettings loopback_allowed() {
  WebhookSettings s;
  s.allow_http = true;
  s.timeout = std::chrono::milliseconds(1000);
  s.addresses = AddressPolicy({*parse_network("127.0.0.0/8")});
  return s;
}

storage::OutboxRecord row_to(const std::string& url) {
  storage::OutboxRecord r;
  r.id = 42;
  r.channel = storage::Channel::kWebhook;
  r.destination = url;
  r.body = R"({"type":"parlwatch.alert","alerts":[]})";
  return r;
}

storage::UserRecord owner() {
  storage::UserRecord u;
  u.id = 1;
  u.email = "group@example.org";
  u.webhook_secret = kSecret;
  return u;
}

TEST(WebhookSender, PostsASignedMessageTheReceiverCanVerify) {
  HttpServer receiver(
      [](const HttpRequestSeen&) { return HttpReply{204, {}, "", {}, false, false}; });
  WebhookSender sender(loopback_allowed());
  const auto r = sender.send(row_to(receiver.origin() + "/hook"), owner(), 1614265330);
  EXPECT_EQ(r.outcome, SendOutcome::kSent) << r.detail;
  const auto seen = receiver.requests();
  ASSERT_EQ(seen.size(), 1u);
  const auto& req = seen[0];
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.target, "/hook");
  EXPECT_EQ(req.headers.at("content-type"), "application/json");
  EXPECT_EQ(req.headers.at("webhook-id"), "outbox-42");
  EXPECT_EQ(req.headers.at("webhook-timestamp"), "1614265330");
  EXPECT_EQ(req.body, row_to("").body);
  const auto key = *decode_webhook_secret(kSecret);
  EXPECT_EQ(req.headers.at("webhook-signature"),
            sign_webhook(key, "outbox-42", 1614265330, req.body));
}

// Standard Webhooks: during a rotation's overlap the header carries one
// signature per secret, space-separated; after it, only the new one.
TEST(WebhookSender, SignsWithTheOldSecretTooUntilTheOverlapEnds) {
  HttpServer receiver(
      [](const HttpRequestSeen&) { return HttpReply{204, {}, "", {}, false, false}; });
  WebhookSender sender(loopback_allowed());
  auto user = owner();
  user.webhook_secret = "whsec_" + base64_encode(std::string(32, 'n'));
  user.previous_webhook_secret = kSecret;
  user.previous_secret_until = 2000;
  ASSERT_EQ(sender.send(row_to(receiver.origin() + "/hook"), user, 1999).outcome,
            SendOutcome::kSent);
  ASSERT_EQ(sender.send(row_to(receiver.origin() + "/hook"), user, 2000).outcome,
            SendOutcome::kSent);
  const auto seen = receiver.requests();
  ASSERT_EQ(seen.size(), 2u);
  const auto fresh = std::string(32, 'n');
  const auto old = *decode_webhook_secret(kSecret);
  EXPECT_EQ(seen[0].headers.at("webhook-signature"),
            sign_webhook(fresh, "outbox-42", 1999, seen[0].body) + " " +
                sign_webhook(old, "outbox-42", 1999, seen[0].body));
  EXPECT_EQ(seen[1].headers.at("webhook-signature"),
            sign_webhook(fresh, "outbox-42", 2000, seen[1].body));
}

TEST(WebhookSender, ClassifiesTheReceiversAnswers) {
  HttpServer receiver([](const HttpRequestSeen& r) {
    HttpReply reply;
    if (r.target == "/500") reply.status = 500;
    if (r.target == "/410") reply.status = 410;
    if (r.target == "/404") reply.status = 404;
    if (r.target == "/429") {
      reply.status = 429;
      reply.headers = {{"Retry-After", "120"}};
    }
    if (r.target == "/301") {
      reply.status = 301;
      reply.headers = {{"Location", "/elsewhere"}};
    }
    if (r.target == "/slow") reply.stall = std::chrono::milliseconds(3000);
    return reply;
  });
  WebhookSender sender(loopback_allowed());
  const auto send = [&](const std::string& path) {
    return sender.send(row_to(receiver.origin() + path), owner(), 1);
  };
  EXPECT_EQ(send("/500").outcome, SendOutcome::kRetry);
  EXPECT_EQ(send("/410").outcome, SendOutcome::kGone);
  EXPECT_EQ(send("/404").outcome, SendOutcome::kFailed);
  const auto throttled = send("/429");
  EXPECT_EQ(throttled.outcome, SendOutcome::kRetry);
  EXPECT_EQ(throttled.retry_after, std::chrono::seconds(120));
  const auto moved = send("/301");
  EXPECT_EQ(moved.outcome, SendOutcome::kRetry);
  EXPECT_THAT(moved.detail, HasSubstr("not followed"));
  EXPECT_EQ(send("/slow").outcome, SendOutcome::kRetry);
  for (const auto& r : receiver.requests()) EXPECT_NE(r.target, "/elsewhere");
}

TEST(WebhookSender, RefusesInternalAddressesBeforeConnecting) {
  HttpServer receiver([](const HttpRequestSeen&) { return HttpReply{}; });
  WebhookSettings defaults;
  defaults.allow_http = true;  // to show the address check, not the scheme check, refuses
  WebhookSender sender(defaults);
  const auto port = std::to_string(receiver.port());
  for (const std::string& url :
       {"http://127.0.0.1:" + port + "/", "http://localhost:" + port + "/",
        "http://[::1]:" + port + "/", "http://[::ffff:127.0.0.1]:" + port + "/",
        "http://0x7f000001:" + port + "/", "http://2130706433:" + port + "/",
        std::string("http://10.0.0.1/"), std::string("http://169.254.169.254/latest/meta-data/")}) {
    const auto r = sender.send(row_to(url), owner(), 1);
    EXPECT_EQ(r.outcome, SendOutcome::kFailed) << url << ": " << r.detail;
    EXPECT_THAT(r.detail, HasSubstr("refused to connect")) << url;
  }
  EXPECT_EQ(sender.connections_opened(), 0);
  EXPECT_TRUE(receiver.requests().empty());
}

// A name with one refused and one allowed address: the refused one is never
// connected to, the message goes to the allowed one, and the outcome says so.
TEST(WebhookSender, ANameWithARefusedAndAnAllowedAddressRecordsWhatHappened) {
  HttpServer receiver([](const HttpRequestSeen&) { return HttpReply{}; });
  const auto port = std::to_string(receiver.port());
  WebhookSettings s;
  s.allow_http = true;
  s.timeout = std::chrono::milliseconds(2000);
  s.addresses = AddressPolicy({*parse_network("127.0.0.1/32")});
  s.resolve = {"hooks.test:" + port + ":127.0.0.2,127.0.0.1"};
  WebhookSender sender(s);
  const auto r = sender.send(row_to("http://hooks.test:" + port + "/in"), owner(), 1);
  EXPECT_EQ(r.outcome, SendOutcome::kSent) << r.detail;
  EXPECT_EQ(receiver.requests().size(), 1u);
  EXPECT_EQ(sender.connections_opened(), 1);  // 127.0.0.2 was never tried
  s.resolve = {"only-bad.test:" + port + ":127.0.0.2"};
  WebhookSender refusing(s);
  const auto refused = refusing.send(row_to("http://only-bad.test:" + port + "/in"), owner(), 1);
  EXPECT_EQ(refused.outcome, SendOutcome::kFailed);
  EXPECT_THAT(refused.detail, HasSubstr("refused to connect to 127.0.0.2 (loopback)"));
  EXPECT_EQ(refusing.connections_opened(), 0);
}

TEST(WebhookSender, HttpsOnlyByDefaultAndASecretIsNeeded) {
  WebhookSender sender{WebhookSettings{}};
  const auto plain = sender.send(row_to("http://hooks.example.org/in"), owner(), 1);
  EXPECT_EQ(plain.outcome, SendOutcome::kFailed);
  EXPECT_THAT(plain.detail, HasSubstr("https"));
  auto no_secret = owner();
  no_secret.webhook_secret.clear();
  const auto unsigned_ = sender.send(row_to("https://hooks.example.org/in"), no_secret, 1);
  EXPECT_EQ(unsigned_.outcome, SendOutcome::kFailed);
  EXPECT_THAT(unsigned_.detail, HasSubstr("whsec_"));
  EXPECT_EQ(sender.connections_opened(), 0);
}

}  // namespace
}  // namespace pw::deliver
