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

bool is_ascii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// The length of the UTF-8 sequence `lead` starts, or 0 if it starts none.
std::size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead < 0xe0) return 2;
  if (lead >= 0xe0 && lead < 0xf0) return 3;
  if (lead >= 0xf0 && lead < 0xf5) return 4;
  return 0;
}

// Valid UTF-8 without C1 controls, U+2028 or U+2029.
bool clean_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t n = sequence_length(b);
    if (n == 0 || i + n > s.size()) return false;
    char32_t cp = static_cast<char32_t>(b) & (n == 1 ? 0x7fU : 0x7fU >> n);
    for (std::size_t k = 1; k < n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (static_cast<char32_t>(c) & 0x3fU);
    }
    const char32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < least[n] || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) return false;
    if ((cp >= 0x80 && cp < 0xa0) || cp == 0x2028 || cp == 0x2029) return false;
    i += n;
  }
  return true;
}

// Dot-separated names, none empty.
bool dotted(std::string_view s) {
  return !s.empty() && s.front() != '.' && s.back() != '.' &&
         s.find("..") == std::string_view::npos;
}

// The text with control characters shown as '?', for an error message.
std::string printable(std::string_view s) {
  std::string out(s.substr(0, kMaxEmailBytes + 2));
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) c = '?';
  }
  return out;
}

}  // namespace

Status validate_email(std::string_view email, bool utf8) {
  const auto bad = [&](std::string_view why) {
    return fail(Error::invalid(fmt::format("bad email address '{}': {}", printable(email), why)));
  };
  if (email.size() > kMaxEmailBytes) return bad("too long");
  if (has_bad_char(email, "<>,;\"()[]\\")) return bad("contains spaces or special characters");
  if (!is_ascii(email)) {
    if (!utf8) {
      return bad("addresses outside ASCII cannot be delivered by this server's mail relay");
    }
    if (!clean_utf8(email)) return bad("not valid UTF-8, or contains control characters");
  }
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 ||
      email.find('@', at + 1) != std::string_view::npos) {
    return bad("needs exactly one @ with a name before it");
  }
  const std::string_view local = email.substr(0, at);
  const std::string_view domain = email.substr(at + 1);
  if (!dotted(local)) return bad("the name before @ cannot start or end with a dot, or have two");
  if (domain.find('.') == std::string_view::npos || !dotted(domain)) {
    return bad("the domain needs dots between non-empty names, e.g. example.org");
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
