#include "web/form_guard.hpp"

#include <gtest/gtest.h>

namespace pw::web {
namespace {

constexpr std::string_view kSecret = "a test secret of some length";
constexpr std::string_view kCookie = "0123456789abcdef0123456789abcdef";

Request with_headers(std::vector<std::pair<std::string, std::string>> headers) {
  Request r;
  r.method = "POST";
  r.target = "/alert";
  r.headers = std::move(headers);
  return r;
}

TEST(FormToken, IsAcceptedForItsCookieWithinADay) {
  const auto token = make_form_token(kSecret, kCookie, 1000);
  EXPECT_TRUE(check_form_token(kSecret, kCookie, token, 1000));
  EXPECT_TRUE(check_form_token(kSecret, kCookie, token, 1000 + kFormTokenSeconds));
  EXPECT_FALSE(check_form_token(kSecret, kCookie, token, 1001 + kFormTokenSeconds));
  EXPECT_FALSE(check_form_token(kSecret, kCookie, token, 999)) << "issued in the future";
}

TEST(FormToken, IsRefusedForAnotherCookieSecretOrAnyChange) {
  const auto token = make_form_token(kSecret, kCookie, 1000);
  EXPECT_FALSE(check_form_token(kSecret, "ffffffffffffffffffffffffffffffff", token, 1000));
  EXPECT_FALSE(check_form_token("another secret", kCookie, token, 1000));
  EXPECT_FALSE(check_form_token(kSecret, "", token, 1000));
  auto later = token;
  later[3] = '1';  // "1010.<mac of 1000>": a changed time
  EXPECT_FALSE(check_form_token(kSecret, kCookie, later, 1020));
  const std::vector<std::string> bad_tokens{"",     ".",         "1000.",        "x.abc",
                                            "1000", token + "A", token.substr(1)};
  for (const auto& bad : bad_tokens) {
    EXPECT_FALSE(check_form_token(kSecret, kCookie, bad, 1000)) << bad;
  }
}

TEST(FormCookie, IsRandomHostOnlyAndNotReadableByScripts) {
  const auto a = new_form_cookie();
  const auto b = new_form_cookie();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->size(), 32u);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(form_cookie_header("abc", "http://127.0.0.1:8080"),
            "pw_form=abc; Path=/; HttpOnly; SameSite=Strict");
  EXPECT_EQ(form_cookie_header("abc", "https://alerts.example.net"),
            "pw_form=abc; Path=/; HttpOnly; SameSite=Strict; Secure");
}

TEST(FormCookie, IsReadFromAnyCookieHeader) {
  const auto r = with_headers({{"cookie", "a=1; pw_form=xyz ;b=2"}});
  EXPECT_EQ(cookie_value(r, "pw_form"), "xyz");
  EXPECT_EQ(cookie_value(r, "b"), "2");
  EXPECT_FALSE(cookie_value(r, "pw"));
  EXPECT_FALSE(cookie_value(with_headers({}), "pw_form"));
}

TEST(Origin, IsSchemeHostAndPortWithoutTheDefaultPort) {
  EXPECT_EQ(origin_of("https://Alerts.Example.net/path?q"), "https://alerts.example.net");
  EXPECT_EQ(origin_of("https://alerts.example.net:443"), "https://alerts.example.net");
  EXPECT_EQ(origin_of("http://127.0.0.1:8080/x"), "http://127.0.0.1:8080");
  EXPECT_EQ(origin_of("http://[::1]:80"), "http://[::1]");
  EXPECT_EQ(origin_of("null"), "");
  EXPECT_EQ(origin_of("ftp://example.net"), "");
  EXPECT_EQ(origin_of("https://user@example.net"), "");
}

TEST(Origin, AFormFromAnotherSiteIsRefusedAndOneWithoutOriginPasses) {
  const std::string ours = "https://alerts.example.net";
  EXPECT_TRUE(same_origin(with_headers({{"origin", "https://alerts.example.net"}}), ours));
  EXPECT_TRUE(same_origin(with_headers({}), ours));
  EXPECT_FALSE(same_origin(with_headers({{"origin", "https://evil.example"}}), ours));
  EXPECT_FALSE(same_origin(with_headers({{"origin", "http://alerts.example.net"}}), ours));
  EXPECT_FALSE(same_origin(with_headers({{"origin", "null"}}), ours));
  EXPECT_FALSE(same_origin(with_headers({{"origin", "https://alerts.example.net"}}), ""));
}

}  // namespace
}  // namespace pw::web
