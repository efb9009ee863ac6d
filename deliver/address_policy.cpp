#include "deliver/address_policy.hpp"
#include <utility>

#include <charconv>
#include <cstring>

#include <arpa/inet.h>
#include <fmt/format.h>

namespace pw::deliver {
namespace {

using Bytes = std::array<std::uint8_t, 16>;

Bytes mapped(const in_addr& a) {
  Bytes b{};
  b[10] = 0xff;
  b[11] = 0xff;
  std::memcpy(&b[12], &a, 4);
  return b;
}

Network net(const char* text) {
  auto n = parse_network(text);
  return n ? *n : Network{};
}

// Refused ranges, most specific reasons first.
const std::vector<std::pair<Network, const char*>>& refused_ranges() {
  static const std::vector<std::pair<Network, const char*>> ranges = {
      {net("127.0.0.0/8"), "loopback"},      {net("::1/128"), "loopback"},
      {net("0.0.0.0/8"), "unspecified"},     {net("::/128"), "unspecified"},
      {net("10.0.0.0/8"), "private"},        {net("172.16.0.0/12"), "private"},
      {net("192.168.0.0/16"), "private"},    {net("fc00::/7"), "private"},
      {net("169.254.0.0/16"), "link-local"}, {net("fe80::/10"), "link-local"},
      {net("100.64.0.0/10"), "CGNAT"},       {net("224.0.0.0/4"), "multicast"},
      {net("ff00::/8"), "multicast"},        {net("240.0.0.0/4"), "reserved"},
      {net("192.0.0.0/24"), "reserved"},     {net("192.0.2.0/24"), "reserved"},
      {net("198.18.0.0/15"), "reserved"},    {net("198.51.100.0/24"), "reserved"},
      {net("203.0.113.0/24"), "reserved"},   {net("2001:db8::/32"), "reserved"},
      {net("64:ff9b::/96"), "NAT64"},        {net("64:ff9b:1::/48"), "NAT64"},
      {net("::/96"), "IPv4-compatible"},     {net("fec0::/10"), "site-local"},
      {net("2001::/32"), "Teredo"},
  };
  return ranges;
}

}  // namespace

bool Network::contains(const Bytes& a) const {
  const int full = prefix / 8;
  if (std::memcmp(a.data(), address.data(), static_cast<std::size_t>(full)) != 0) return false;
  const int rest = prefix % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  const auto i = static_cast<std::size_t>(full);
  return (a[i] & mask) == (address[i] & mask);
}

Result<Network> parse_network(std::string_view text) {
  const auto slash = text.find('/');
  const std::string host(text.substr(0, slash));
  Network n;
  in_addr v4{};
  in6_addr v6{};
  int max = 128;
  int base = 0;
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) {
    n.address = mapped(v4);
    max = 32;
    base = 96;
  } else if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
    std::memcpy(n.address.data(), &v6, 16);
  } else {
    return fail(Error::invalid(fmt::format("'{}' is not an IP network", text)));
  }
  int bits = max;
  if (slash != std::string_view::npos) {
    const auto p = text.substr(slash + 1);
    const auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), bits);
    if (ec != std::errc() || end != p.data() + p.size() || bits < 0 || bits > max) {
      return fail(Error::invalid(fmt::format("'{}': bad prefix length", text)));
    }
  }
  n.prefix = base + bits;
  return n;
}

std::string AddressPolicy::refusal(const Bytes& a) const {
  for (const auto& allowed : allowed_) {
    if (allowed.contains(a)) return "";
  }
  for (const auto& [range, why] : refused_ranges()) {
    if (range.contains(a)) return why;
  }
  static const Network six_to_four = net("2002::/16");
  if (six_to_four.contains(a)) {
    in_addr v4{};
    std::memcpy(&v4, &a[2], 4);
    if (auto why = refusal(mapped(v4)); !why.empty()) return "6to4 of " + why;
  }
  return "";
}

std::string AddressPolicy::refusal(const sockaddr* address) const {
  if (address->sa_family == AF_INET) {
    return refusal(mapped(reinterpret_cast<const sockaddr_in*>(address)->sin_addr));
  }
  if (address->sa_family == AF_INET6) {
    Bytes b{};
    std::memcpy(b.data(), &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, 16);
    std::string why = refusal(b);
    static const Network v4_mapped = net("::ffff:0.0.0.0/96");
    if (why.empty() && v4_mapped.contains(b)) {
      bool allowed = false;
      for (const auto& n : allowed_) allowed = allowed || n.contains(b);
      if (!allowed) return "IPv4-mapped";
    }
    return why;
  }
  return "not an IP address";
}

std::string address_text(const sockaddr* address) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (address->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, buf, sizeof buf);
  } else if (address->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, buf,
              sizeof buf);
  }
  return buf;
}

}  // namespace pw::deliver
