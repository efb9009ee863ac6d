#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <netinet/in.h>
#include <sys/socket.h>

#include "core/result.hpp"

namespace pw::deliver {

// An IPv4 or IPv6 network, e.g. 10.0.0.0/8 or fd00::/8. IPv4 networks are
// held as IPv4-mapped IPv6 (::ffff:a.b.c.d/96+n).
struct Network {
  std::array<std::uint8_t, 16> address{};
  int prefix = 0;  // bits, 0-128

  bool contains(const std::array<std::uint8_t, 16>& a) const;
};

// Parses "a.b.c.d/n" or "v6/n" (a bare address is a /32 or /128).
Result<Network> parse_network(std::string_view text);

// Decides which addresses webhook requests may connect to: public unicast
// only, unless the operator allow-lists a range. Refused by default:
// loopback, private (RFC 1918, fc00::/7), link-local, CGNAT (100.64/10),
// multicast, unspecified, broadcast, documentation and benchmark ranges,
// other reserved space, site-local fec0::/10, Teredo 2001::/32, 6to4
// (2002::/16) whose embedded IPv4 address is refused, and every
// IPv4-mapped, IPv4-compatible or NAT64 IPv6 address. Checked on the address actually connected to,
// so DNS rebinding and odd spellings (0x7f000001, 2130706433) cannot get round it.
class AddressPolicy {
 public:
  AddressPolicy() = default;
  explicit AddressPolicy(std::vector<Network> allowed) : allowed_(std::move(allowed)) {}

  // Returns "" if allowed, else why not ("loopback", "private" ...).
  std::string refusal(const sockaddr* address) const;
  std::string refusal(const std::array<std::uint8_t, 16>& v6_or_mapped) const;

 private:
  std::vector<Network> allowed_;
};

// Formats the address for messages.
std::string address_text(const sockaddr* address);

}  // namespace pw::deliver
