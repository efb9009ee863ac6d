#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pw::deliver {

// What a link in an email lets its holder do.
enum class LinkPurpose { kConfirm, kManage, kUnsubscribe };

// Whom a link is about: one subscription, or every subscription of a user.
struct LinkSubject {
  enum class Kind { kSubscription, kUser };
  Kind kind = Kind::kUser;
  std::int64_t id = 0;

  bool operator==(const LinkSubject&) const = default;
};

// Returns the token for a link: "s42." or "u7." followed by base64url of
// the first 16 bytes of HMAC-SHA256(secret, "<purpose>:<s|u><id>"), so a
// token is bound to one purpose and one subject and cannot be guessed
// without the secret.
std::string make_link_token(std::string_view secret, LinkPurpose purpose, LinkSubject subject);

// Returns the subject a token was made for, or nothing if it was not made
// with this secret for this purpose (compared in constant time) or is
// malformed.
std::optional<LinkSubject> check_link_token(std::string_view secret, LinkPurpose purpose,
                                            std::string_view token);

// Returns "/c/TOKEN", "/m/TOKEN" or "/u/TOKEN" appended to `public_url`
// (no trailing slash), or "" when public_url is "".
std::string link_url(std::string_view public_url, std::string_view secret, LinkPurpose purpose,
                     LinkSubject subject);

}  // namespace pw::deliver
