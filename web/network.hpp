#pragma once

#include <string>

namespace pw::web {

// The network a client address belongs to, so that many addresses of one
// network count as one: IPv4 by /24 ("198.51.100.0/24"), IPv6 by /48
// ("2001:db8:1::/48"), an IPv4-mapped IPv6 address as IPv4. Anything that is
// not an address is returned unchanged.
std::string client_network(const std::string& address);

}  // namespace pw::web
