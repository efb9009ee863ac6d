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
