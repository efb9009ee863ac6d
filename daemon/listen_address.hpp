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

// Ok if a listener could bind `text` now (it binds a socket with
// SO_REUSEADDR, as the server does, and closes it); invalid_input saying
// why not (in use, not an address of this machine) otherwise.
Status listen_address_free(std::string_view text);

}  // namespace pw
