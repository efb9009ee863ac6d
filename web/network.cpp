#include "web/network.hpp"

#include <array>
#include <cstring>

#include <arpa/inet.h>

namespace pw::web {
namespace {

std::string ipv4_network(in_addr a) {
  a.s_addr &= htonl(0xFFFFFF00U);
  std::array<char, INET_ADDRSTRLEN> text{};
  if (inet_ntop(AF_INET, &a, text.data(), text.size()) == nullptr) return {};
  return std::string(text.data()) + "/24";
}

std::string ipv6_network(in6_addr a) {
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  if (std::memcmp(a.s6_addr, kMapped, sizeof kMapped) == 0) {
    in_addr v4{};
    std::memcpy(&v4.s_addr, a.s6_addr + 12, 4);
    return ipv4_network(v4);
  }
  std::memset(a.s6_addr + 6, 0, 10);
  std::array<char, INET6_ADDRSTRLEN> text{};
  if (inet_ntop(AF_INET6, &a, text.data(), text.size()) == nullptr) return {};
  return std::string(text.data()) + "/48";
}

}  // namespace

std::string client_network(const std::string& address) {
  in_addr v4{};
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) return ipv4_network(v4);
  in6_addr v6{};
  if (inet_pton(AF_INET6, address.c_str(), &v6) == 1) return ipv6_network(v6);
  return address;
}

}  // namespace pw::web
