#include "web/validate.hpp"

#include <gtest/gtest.h>

namespace pw {
namespace {

TEST(ValidateEmail, AcceptsOrdinaryAddresses) {
  EXPECT_TRUE(validate_email("alice@example.org"));
  EXPECT_TRUE(validate_email("first.last+tag@mail.example.co.uk"));
}

TEST(ValidateEmail, RefusesAnythingThatCouldBreakAHeader) {
  for (const char* bad :
       {"", "alice", "@example.org", "alice@", "alice@example", "a@b@c.org", "alice @example.org",
        "alice@example.org\r\nBcc: x@y.org", "<alice@example.org>", "alice@example.org."}) {
    EXPECT_FALSE(validate_email(bad)) << bad;
  }
  EXPECT_FALSE(validate_email(std::string(250, 'a') + "@b.org"));
}

TEST(ValidateEmail, RefusesEmptyLabelsAndDotsAtTheEnds) {
  for (const char* bad : {"a@example..org", "a@.example.org", ".a@example.org", "a.@example.org",
                          "a..b@example.org"}) {
    EXPECT_FALSE(validate_email(bad)) << bad;
  }
  EXPECT_TRUE(validate_email("a.b@example.org"));
}

TEST(ValidateEmail, NonAsciiOnlyWhereTheRelayOffersSmtputf8) {
  const std::string jose = "jos\xc3\xa9@example.org";
  const auto refused = validate_email(jose);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("outside ASCII"), std::string::npos);
  EXPECT_TRUE(validate_email(jose, true));
  for (const std::string& bad :
       {std::string("a\xe2\x80\xa8@example.org"),
        std::string("a\xe2\x80\xa9"
                    "b@example.org"),
        std::string("a\xc2\x85@example.org"), std::string("a\xc3@example.org"),
        std::string("a\xc0\xaf@example.org"), std::string("a\xed\xa0\x80@example.org")}) {
    EXPECT_FALSE(validate_email(bad, true)) << bad;
  }
}

TEST(ValidateWebhookUrl, NeedsHttpOrHttpsAndAHost) {
  EXPECT_TRUE(validate_webhook_url("https://hooks.example.org/parlwatch"));
  EXPECT_TRUE(validate_webhook_url("http://127.0.0.1:8080/hook"));
  EXPECT_FALSE(validate_webhook_url("ftp://example.org/"));
  EXPECT_FALSE(validate_webhook_url("https:///path"));
  EXPECT_FALSE(validate_webhook_url("https://exa mple.org/"));
  EXPECT_FALSE(validate_webhook_url("javascript:alert(1)"));
}

}  // namespace
}  // namespace pw
