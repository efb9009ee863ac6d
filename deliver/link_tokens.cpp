#include "deliver/link_tokens.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include "core/crypto.hpp"
#include "deliver/webhook_signature.hpp"

namespace pw::deliver {
namespace {

constexpr std::size_t kMacBytes = 16;
constexpr std::size_t kMacChars = 22;  // base64url of 16 bytes, unpadded

const char* purpose_name(LinkPurpose p) {
  switch (p) {
    case LinkPurpose::kConfirm:
      return "confirm";
    case LinkPurpose::kManage:
      return "manage";
    case LinkPurpose::kUnsubscribe:
      return "unsubscribe";
  }
  return "";
}

const char* route_of(LinkPurpose p) {
  switch (p) {
    case LinkPurpose::kConfirm:
      return "c";
    case LinkPurpose::kManage:
      return "m";
    case LinkPurpose::kUnsubscribe:
      return "u";
  }
  return "";
}

std::string subject_text(const LinkSubject& s) {
  return (s.kind == LinkSubject::Kind::kUser ? 'u' : 's') + std::to_string(s.id);
}

std::string mac_of(std::string_view secret, LinkPurpose purpose, const LinkSubject& subject) {
  std::string message = purpose_name(purpose);
  message.append(":").append(subject_text(subject));
  if (!subject.key.empty()) message.append(":").append(subject.key);
  return base64url_encode(digest_bytes(hmac_sha256(secret, message)).substr(0, kMacBytes));
}

std::optional<LinkSubject> parse_subject(std::string_view text) {
  if (text.size() < 2 || text.size() > 20) return std::nullopt;
  LinkSubject s;
  if (text[0] == 'u') {
    s.kind = LinkSubject::Kind::kUser;
  } else if (text[0] == 's') {
    s.kind = LinkSubject::Kind::kSubscription;
  } else {
    return std::nullopt;
  }
  const auto digits = text.substr(1);
  if (digits[0] == '0') return std::nullopt;  // one spelling per id
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), s.id);
  if (ec != std::errc() || end != digits.data() + digits.size() || s.id <= 0) return std::nullopt;
  return s;
}

}  // namespace

std::string make_link_token(std::string_view secret, LinkPurpose purpose,
                            const LinkSubject& subject) {
  return subject_text(subject) + "." + mac_of(secret, purpose, subject);
}

std::optional<LinkSubject> link_token_subject(std::string_view token) {
  const auto dot = token.find('.');
  if (dot == std::string_view::npos || token.size() - dot - 1 != kMacChars) return std::nullopt;
  return parse_subject(token.substr(0, dot));
}

bool check_link_token(std::string_view secret, LinkPurpose purpose, const LinkSubject& subject,
                      std::string_view token) {
  const auto named = link_token_subject(token);
  if (!named || named->kind != subject.kind || named->id != subject.id) return false;
  const auto expected = mac_of(secret, purpose, subject);
  return constant_time_equal(expected, token.substr(token.find('.') + 1));
}

std::string link_url(std::string_view public_url, std::string_view secret, LinkPurpose purpose,
                     const LinkSubject& subject) {
  if (public_url.empty()) return "";
  return link_url(public_url, purpose, make_link_token(secret, purpose, subject));
}

std::string link_url(std::string_view public_url, LinkPurpose purpose, std::string_view token) {
  if (public_url.empty()) return "";
  std::string url;
  url.reserve(public_url.size() + token.size() + 3);
  return url.append(public_url).append("/").append(route_of(purpose)).append("/").append(token);
}

}  // namespace pw::deliver
