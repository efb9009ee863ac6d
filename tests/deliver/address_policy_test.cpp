#include "deliver/address_policy.hpp"

#include <cstring>

#include <arpa/inet.h>
#include <gtest/gtest.h>

namespace pw::deliver {
namespace {

std::string why(const AddressPolicy& p, const char* text) {
  sockaddr_storage s{};
  if (inet_pton(AF_INET, text, &reinterpret_cast<sockaddr_in*>(&s)->sin_addr) == 1) {
    s.ss_family = AF_INET;
  } else if (inet_pton(AF_INET6, text, &reinterpret_cast<sockaddr_in6*>(&s)->sin6_addr) == 1) {
    s.ss_family = AF_INET6;
  } else {
    ADD_FAILURE() << text;
  }
  return p.refusal(reinterpret_cast<const sockaddr*>(&s));
}

TEST(AddressPolicy, RefusesEverythingButPublicUnicastByDefault) {
  const AddressPolicy p;
  const std::pair<const char*, const char*> refused[] = {{"127.0.0.1", "loopback"},
                                                         {"127.255.0.9", "loopback"},
                                                         {"::1", "loopback"},
                                                         {"10.0.0.1", "private"},
                                                         {"172.16.5.4", "private"},
                                                         {"172.31.255.255", "private"},
                                                         {"192.168.1.1", "private"},
                                                         {"fd12:3456::1", "private"},
                                                         {"169.254.169.254", "link-local"},
                                                         {"fe80::1", "link-local"},
                                                         {"100.64.0.1", "CGNAT"},
                                                         {"224.0.0.251", "multicast"},
                                                         {"ff02::1", "multicast"},
                                                         {"0.0.0.0", "unspecified"},
                                                         {"::", "unspecified"},
                                                         {"255.255.255.255", "reserved"},
                                                         {"192.0.2.10", "reserved"},
                                                         {"2001:db8::1", "reserved"},
                                                         {"::ffff:127.0.0.1", "loopback"},
                                                         {"::ffff:10.1.2.3", "private"},
                                                         {"::ffff:93.184.216.34", "IPv4-mapped"},
                                                         {"64:ff9b::7f00:1", "NAT64"},
                                                         {"::127.0.0.1", "IPv4-compatible"}};
  for (const auto& [address, reason] : refused) EXPECT_EQ(why(p, address), reason) << address;
  for (const char* ok :
       {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::6810:85e5"}) {
    EXPECT_EQ(why(p, ok), "") << ok;
  }
}

TEST(AddressPolicy, TunnelAndSiteLocalSpellingsAreRefused) {
  const AddressPolicy p;
  EXPECT_EQ(why(p, "2002:7f00:1::1"), "6to4 of loopback");         // 127.0.0.1
  EXPECT_EQ(why(p, "2002:a9fe:a9fe::"), "6to4 of link-local");     // 169.254.169.254
  EXPECT_EQ(why(p, "2002:0a00:0001:ffff::1"), "6to4 of private");  // 10.0.0.1
  EXPECT_EQ(why(p, "2002:5db8:d822::1"), "");                      // 93.184.216.34
  EXPECT_EQ(why(p, "2001:0:4136:e378:8000:63bf:3fff:fdd2"), "Teredo");
  EXPECT_EQ(why(p, "2001::1"), "Teredo");
  EXPECT_EQ(why(p, "fec0::1"), "site-local");
  EXPECT_EQ(why(p, "feff::1"), "site-local");
  EXPECT_EQ(why(p, "2001:4860::8888"), "");  // not Teredo: 2001:4860::/32
}

TEST(AddressPolicy, AnAllowListedRangeIsReachable) {
  const AddressPolicy p({*parse_network("127.0.0.0/8"), *parse_network("fd00::/8")});
  EXPECT_EQ(why(p, "127.0.0.1"), "");
  EXPECT_EQ(why(p, "::ffff:127.0.0.1"), "");
  EXPECT_EQ(why(p, "fd00::5"), "");
  EXPECT_EQ(why(p, "10.0.0.1"), "private");
  EXPECT_EQ(why(p, "::1"), "loopback");
}

TEST(AddressPolicy, ParsesNetworks) {
  EXPECT_TRUE(parse_network("10.0.0.0/8"));
  EXPECT_TRUE(parse_network("192.168.1.7"));
  EXPECT_TRUE(parse_network("fd00::/8"));
  for (const char* bad : {"10.0.0.0/33", "fd00::/129", "example.org", "10.0.0/8", "1.2.3.4/x"}) {
    EXPECT_FALSE(parse_network(bad)) << bad;
  }
}

}  // namespace
}  // namespace pw::deliver
