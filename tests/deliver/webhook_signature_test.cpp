#include "deliver/webhook_signature.hpp"

#include <gtest/gtest.h>

#include "core/crypto.hpp"

namespace pw::deliver {
namespace {

TEST(WebhookSignature, ReproducesTheStandardWebhooksTestVector) {
  auto key = decode_webhook_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(
      sign_webhook(*key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, R"({"test": 2432232314})"),
      "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(WebhookSignature, SeveralKeysDuringRotation) {
  const auto a = *decode_webhook_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  const auto b = *decode_webhook_secret(*generate_webhook_secret());
  const auto header = webhook_signature_header({a, b}, "id", 1, "{}");
  EXPECT_EQ(header, sign_webhook(a, "id", 1, "{}") + " " + sign_webhook(b, "id", 1, "{}"));
  EXPECT_NE(sign_webhook(a, "id", 1, "{}"), sign_webhook(a, "id", 2, "{}"));
}

TEST(WebhookSignature, BadSecretsAreRefused) {
  for (const char* bad : {"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_", "whsec_!!!!",
                          "whsec_c2hvcnQ=" /* "short" */}) {
    auto r = decode_webhook_secret(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  }
  const auto fresh = *generate_webhook_secret();
  EXPECT_EQ(fresh.rfind("whsec_", 0), 0u);
  EXPECT_EQ(decode_webhook_secret(fresh)->size(), 32u);
  EXPECT_NE(fresh, *generate_webhook_secret());
}

TEST(Base64, UrlFormUsesDashAndUnderscoreWithoutPadding) {
  EXPECT_EQ(base64_encode("\xfb\xff\xbf"), "+/+/");
  EXPECT_EQ(base64url_encode("\xfb\xff\xbf"), "-_-_");
  EXPECT_EQ(base64url_encode("f"), "Zg");
  EXPECT_EQ(base64url_encode(""), "");
}

}  // namespace
}  // namespace pw::deliver
