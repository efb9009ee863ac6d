#include "daemon/listen_address.hpp"

#include <charconv>

#include <arpa/inet.h>
#include <fmt/format.h>

namespace pw {
namespace {

bool is_ip(const std::string& host, bool v6) {
  unsigned char buf[16];
  return inet_pton(v6 ? AF_INET6 : AF_INET, host.c_str(), buf) == 1;
}

}  // namespace

Result<ListenAddress> parse_listen_address(std::string_view text) {
  const auto bad = [&](std::string_view why) {
    return fail(Error::invalid(fmt::format(
        "'listen' = \"{}\": {} (write e.g. \"127.0.0.1:8026\" or \"[::1]:8026\")", text, why)));
  };
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return bad("no port");
  ListenAddress out;
  std::string_view host = text.substr(0, colon);
  const bool v6 = host.size() >= 2 && host.front() == '[' && host.back() == ']';
  if (v6) host = host.substr(1, host.size() - 2);
  out.host = std::string(host);
  if (!is_ip(out.host, v6)) return bad(v6 ? "not an IPv6 address" : "not an IPv4 address");
  const auto port = text.substr(colon + 1);
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value > 65535) {
    return bad("the port must be a number from 0 to 65535");
  }
  out.port = static_cast<std::uint16_t>(value);
  return out;
}

}  // namespace pw
