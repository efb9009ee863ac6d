#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace pw {

// Where the HTTP server listens: an IP literal and a port.
struct ListenAddress {
  std::string host;        // "127.0.0.1", "::1", "0.0.0.0" (no brackets)
  std::uint16_t port = 0;  // 0: any free port (tests)
};

// Parses "IPv4:PORT" or "[IPv6]:PORT". Host names are refused (the
// address must not depend on DNS at startup). invalid_input with a reason.
Result<ListenAddress> parse_listen_address(std::string_view text);

}  // namespace pw
