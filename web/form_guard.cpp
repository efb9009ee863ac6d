#include "web/form_guard.hpp"

#include <charconv>

#include <fmt/format.h>

#include "core/crypto.hpp"
#include "deliver/webhook_signature.hpp"

namespace pw::web {
namespace {

constexpr std::size_t kMacBytes = 16;
constexpr std::size_t kCookieBytes = 16;

std::string form_mac(std::string_view secret, std::string_view cookie, std::int64_t issued) {
  const auto message = fmt::format("form:{}:{}", cookie, issued);
  const auto mac = hmac_sha256(secret, message);
  return deliver::base64url_encode(digest_bytes(mac).substr(0, kMacBytes));
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

std::optional<std::string> cookie_value(const Request& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k != "cookie") continue;
    std::string_view rest = v;
    while (!rest.empty()) {
      const auto semi = rest.find(';');
      const auto pair = trimmed(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      const auto eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
        return std::string(pair.substr(eq + 1));
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> new_form_cookie() {
  const auto bytes = random_bytes(kCookieBytes);
  if (!bytes) return std::nullopt;
  return hex_of(*bytes);
}

std::string form_cookie_header(std::string_view value, std::string_view public_url) {
  const bool secure = public_url.substr(0, 8) == "https://";
  return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict{}", kFormCookie, value,
                     secure ? "; Secure" : "");
}

std::string make_form_token(std::string_view secret, std::string_view cookie, std::int64_t now) {
  return fmt::format("{}.{}", now, form_mac(secret, cookie, now));
}

bool check_form_token(std::string_view secret, std::string_view cookie, std::string_view token,
                      std::int64_t now) {
  if (cookie.empty()) return false;
  const auto dot = token.find('.');
  if (dot == std::string_view::npos || dot == 0) return false;
  std::int64_t issued = 0;
  const auto [end, ec] = std::from_chars(token.data(), token.data() + dot, issued);
  if (ec != std::errc() || end != token.data() + dot) return false;
  if (issued > now || now - issued > kFormTokenSeconds) return false;
  const auto expected = form_mac(secret, cookie, issued);
  const auto mac = token.substr(dot + 1);
  return constant_time_equal(expected, mac);
}

std::string origin_of(std::string_view url) {
  std::string scheme;
  if (url.substr(0, 7) == "http://") {
    scheme = "http";
  } else if (url.substr(0, 8) == "https://") {
    scheme = "https";
  } else {
    return "";
  }
  auto rest = url.substr(scheme.size() + 3);
  auto host = rest.substr(0, rest.find_first_of("/?#"));
  if (host.empty() || host.find('@') != std::string_view::npos) return "";
  std::string out = scheme + "://";
  for (const char c : host) out += lower(c);
  const std::string default_port = scheme == "http" ? ":80" : ":443";
  if (out.size() > default_port.size() &&
      out.compare(out.size() - default_port.size(), default_port.size(), default_port) == 0) {
    out.erase(out.size() - default_port.size());
  }
  return out;
}

bool same_origin(const Request& r, std::string_view public_url) {
  const auto origin = r.header("origin");
  if (origin.empty()) return true;
  const auto ours = origin_of(public_url);
  return !ours.empty() && origin_of(origin) == ours;
}

}  // namespace pw::web
