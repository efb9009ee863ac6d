#include "web/validate.hpp"

#include <fmt/format.h>

namespace pw {
namespace {

constexpr std::size_t kMaxEmailBytes = 254;  // RFC 5321 path limit
constexpr std::size_t kMaxUrlBytes = 2048;

bool has_bad_char(std::string_view s, std::string_view extra) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || extra.find(c) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

Status validate_email(std::string_view email) {
  const auto bad = [&](std::string_view why) {
    return fail(Error::invalid(fmt::format("bad email address '{}': {}", email, why)));
  };
  if (email.size() > kMaxEmailBytes) return bad("too long");
  if (has_bad_char(email, "<>,;\"()[]\\")) return bad("contains spaces or special characters");
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 ||
      email.find('@', at + 1) != std::string_view::npos) {
    return bad("needs exactly one @ with a name before it");
  }
  const std::string_view domain = email.substr(at + 1);
  const auto dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') {
    return bad("the domain needs a dot, e.g. example.org");
  }
  return {};
}

Status validate_webhook_url(std::string_view url) {
  const auto bad = [&](std::string_view why) {
    return fail(Error::invalid(fmt::format("bad webhook URL '{}': {}", url, why)));
  };
  if (url.size() > kMaxUrlBytes) return bad("too long");
  if (has_bad_char(url, "")) return bad("contains spaces or control characters");
  const bool http = url.rfind("http://", 0) == 0;
  const bool https = url.rfind("https://", 0) == 0;
  if (!http && !https) return bad("must start with https:// or http://");
  const std::string_view rest = url.substr(https ? 8 : 7);
  if (rest.empty() || rest.front() == '/') return bad("no host");
  return {};
}

}  // namespace pw
