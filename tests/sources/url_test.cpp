#include "sources/url.hpp"

#include <gtest/gtest.h>

namespace pw::sources {
namespace {

TEST(Url, ParsesSchemeHostPortAndTarget) {
  auto u = parse_url("HTTPS://WWW.TheyWorkForYou.com/pwdata/scrapedxml/");
  ASSERT_TRUE(u) << u.error().message;
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->host, "www.theyworkforyou.com");
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->target, "/pwdata/scrapedxml/");
  EXPECT_EQ(u->str(), "https://www.theyworkforyou.com/pwdata/scrapedxml/");

  auto v6 = parse_url("http://[::1]:8080?x=1");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 8080);
  EXPECT_EQ(v6->target, "/?x=1");
  EXPECT_EQ(v6->str(), "http://[::1]:8080/?x=1");
}

TEST(Url, RejectsWhatIsNotAPlainHttpUrl) {
  for (const char* bad : {"ftp://host/x", "file:///etc/passwd", "https://user@host/",
                          "https://host:0/", "https://host:99999/", "https://host/a b",
                          "https://host/x#frag", "//host/x", "https://[::1/x", "https:///x"}) {
    auto u = parse_url(bad);
    ASSERT_FALSE(u) << bad;
    EXPECT_EQ(u.error().kind, ErrorKind::kInvalidInput) << bad;
  }
}

TEST(Url, LoopbackHosts) {
  for (const char* h : {"localhost", "127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"}) {
    EXPECT_TRUE(is_loopback_host(h)) << h;
  }
  for (const char* h : {"10.0.0.1", "127.0.0.256", "127.0.0", "128.0.0.1", "::ffff:10.0.0.1",
                        "localhost.example.com", "169.254.169.254"}) {
    EXPECT_FALSE(is_loopback_host(h)) << h;
  }
}

TEST(Url, HttpsRequiredExceptLoopback) {
  EXPECT_TRUE(check_fetch_url(*parse_url("https://example.org/")));
  EXPECT_TRUE(check_fetch_url(*parse_url("http://127.0.0.1:8080/")));
  EXPECT_TRUE(check_fetch_url(*parse_url("http://[::1]/")));
  auto refused = check_fetch_url(*parse_url("http://example.org/"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kPermanent);
  EXPECT_NE(refused.error().message.find("https is required"), std::string::npos);
}

TEST(Url, ResolvesLocations) {
  const auto base = *parse_url("https://h.example/pwdata/scrapedxml/debates/x.xml?q=1");
  EXPECT_EQ(resolve_location(base, "y.xml")->str(),
            "https://h.example/pwdata/scrapedxml/debates/y.xml");
  EXPECT_EQ(resolve_location(base, "/other/")->str(), "https://h.example/other/");
  EXPECT_EQ(resolve_location(base, "//evil.example/x")->str(), "https://evil.example/x");
  EXPECT_EQ(resolve_location(base, "http://h.example:81/z")->str(), "http://h.example:81/z");
  EXPECT_TRUE(same_origin(base, *resolve_location(base, "/a")));
  EXPECT_FALSE(same_origin(base, *resolve_location(base, "//evil.example/x")));
  EXPECT_FALSE(same_origin(base, *resolve_location(base, "http://h.example/x")));
}

}  // namespace
}  // namespace pw::sources
