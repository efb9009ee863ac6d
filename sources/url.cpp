#include "sources/url.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

namespace pw::sources {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool has_bad_character(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c <= 0x20 || c == 0x7f; });
}

Error bad(std::string_view text, std::string_view why) {
  return Error::invalid(fmt::format("bad URL '{}': {}", text, why));
}

// Splits "host[:port]" or "[v6][:port]"; port 0 when absent.
Status split_authority(std::string_view text, std::string_view authority, Url& url) {
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return fail(bad(text, "unclosed '['"));
    host = authority.substr(1, close - 1);
    const auto rest = authority.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) return fail(bad(text, "junk after ']'"));
    if (!rest.empty()) port = rest.substr(1);
  } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return fail(bad(text, "no host"));
  url.host = lower(host);
  if (port.empty()) return {};
  int value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || end != port.data() + port.size() || value < 1 || value > 65535) {
    return fail(bad(text, "bad port"));
  }
  url.port = value;
  return {};
}

bool is_loopback_v4(std::string_view host) {
  if (!host.starts_with("127.")) return false;
  int parts = 0;
  std::size_t start = 0;
  while (start <= host.size()) {
    const auto dot = std::min(host.find('.', start), host.size());
    const auto part = host.substr(start, dot - start);
    int value = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || part.size() > 3 || ec != std::errc() || end != part.data() + part.size() ||
        value > 255) {
      return false;
    }
    ++parts;
    start = dot + 1;
  }
  return parts == 4;
}

}  // namespace

std::string Url::str() const {
  const bool v6 = host.find(':') != std::string::npos;
  const bool default_port = (scheme == "https" && port == 443) || (scheme == "http" && port == 80);
  std::string out = scheme + "://" + (v6 ? "[" + host + "]" : host);
  if (!default_port) out += fmt::format(":{}", port);
  return out + target;
}

Result<Url> parse_url(std::string_view text) {
  if (has_bad_character(text)) return fail(bad(text, "spaces or control characters"));
  const auto sep = text.find("://");
  if (sep == std::string_view::npos) return fail(bad(text, "not absolute"));
  Url url;
  url.scheme = lower(text.substr(0, sep));
  if (url.scheme != "http" && url.scheme != "https") {
    return fail(bad(text, "only http and https are fetched"));
  }
  const auto rest = text.substr(sep + 3);
  const auto slash = std::min(rest.find_first_of("/?#"), rest.size());
  const auto authority = rest.substr(0, slash);
  if (authority.find('@') != std::string_view::npos) return fail(bad(text, "user info"));
  PW_TRY(split_authority(text, authority, url));
  if (url.port == 0) url.port = url.scheme == "https" ? 443 : 80;
  url.target = std::string(rest.substr(slash));
  if (url.target.find('#') != std::string::npos) return fail(bad(text, "fragment"));
  if (url.target.empty() || url.target.front() != '/') url.target.insert(0, "/");
  return url;
}

bool is_loopback_host(std::string_view host) {
  if (host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1") return true;
  if (host.starts_with("::ffff:")) return is_loopback_v4(host.substr(7));
  return is_loopback_v4(host);
}

Status check_fetch_url(const Url& url) {
  if (url.scheme == "https") return {};
  if (url.scheme == "http" && is_loopback_host(url.host)) return {};
  return fail(Error::permanent(
      fmt::format("refusing {}: https is required (plain http only for loopback)", url.str())));
}

Result<Url> resolve_location(const Url& base, std::string_view location) {
  if (location.find("://") != std::string_view::npos) return parse_url(location);
  if (location.starts_with("//")) return parse_url(base.scheme + ":" + std::string(location));
  if (has_bad_character(location)) return fail(bad(location, "spaces or control characters"));
  Url url = base;
  if (location.starts_with('/')) {
    url.target = std::string(location);
  } else {
    const auto query = base.target.find('?');
    const auto dir = base.target.substr(0, query).rfind('/');
    url.target = base.target.substr(0, dir + 1) + std::string(location);
  }
  if (url.target.find('#') != std::string::npos) url.target.erase(url.target.find('#'));
  return url;
}

bool same_origin(const Url& a, const Url& b) {
  return a.scheme == b.scheme && a.host == b.host && a.port == b.port;
}

}  // namespace pw::sources
