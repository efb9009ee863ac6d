#include "daemon/logging.hpp"

#include <gtest/gtest.h>

namespace pw {
namespace {

TEST(Redact, MasksSecretsInLogLines) {
  EXPECT_EQ(redact("secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw issued"),
            "secret whsec_[redacted] issued");
  EXPECT_EQ(redact("connecting to smtps://alerts:hunter2@smtp.example.org:465"),
            "connecting to smtps://alerts:[redacted]@smtp.example.org:465");
  EXPECT_EQ(redact("GET /unsubscribe?u=7&t=qmffwL2Bd2DqwCq0iuXEJg HTTP/1.1"),
            "GET /unsubscribe?u=7&t=[redacted] HTTP/1.1");
  EXPECT_EQ(redact("password=abc token=def"), "password=[redacted] token=[redacted]");
  EXPECT_EQ(redact("source twfy: https://www.theyworkforyou.com/pwdata/: HTTP 500"),
            "source twfy: https://www.theyworkforyou.com/pwdata/: HTTP 500");
}

}  // namespace
}  // namespace pw
