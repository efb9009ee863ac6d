#include "parse/normalise.hpp"

#include <array>
#include <charconv>

#include <fmt/format.h>

namespace pw::parse {
namespace {

bool read_number(std::string_view s, int& out) {
  if (s.empty()) return false;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

std::string normalise_time(std::string_view raw) {
  std::array<int, 3> parts{0, 0, 0};
  std::size_t n = 0;
  while (n < parts.size()) {
    const std::size_t colon = raw.find(':');
    if (!read_number(raw.substr(0, colon), parts.at(n))) return {};
    ++n;
    if (colon == std::string_view::npos) break;
    raw.remove_prefix(colon + 1);
    if (n == parts.size()) return {};
  }
  if (n < 2) return {};
  const auto [h, m, s] = parts;
  if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59) return {};
  return fmt::format("{:02}:{:02}:{:02}", h, m, s);
}

int normalise_column(std::string_view raw) {
  long value = 0;
  bool any = false;
  for (char c : raw) {
    if (c < '0' || c > '9') continue;
    value = value * 10 + (c - '0');
    any = true;
    if (value > 1'000'000) return 0;
  }
  return any ? static_cast<int>(value) : 0;
}

}  // namespace pw::parse
