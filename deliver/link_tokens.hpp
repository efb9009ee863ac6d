#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pw::deliver {

// What a link in an email lets its holder do.
enum class LinkPurpose { kConfirm, kManage, kUnsubscribe };

// Whom a link is about: one subscription, or every subscription of a user,
// with the random key stored in that row. The key dies with the row, so a
// link stops working for ever when what it names is removed, whatever id
// is handed out later. Rows made before keys existed have key "".
struct LinkSubject {
  enum class Kind { kSubscription, kUser };
  Kind kind = Kind::kUser;
  std::int64_t id = 0;
  std::string key;

  bool operator==(const LinkSubject&) const = default;
};

// Returns the token for a link: "s42." or "u7." followed by base64url of
// the first 16 bytes of HMAC-SHA256(secret, "<purpose>:<s|u><id>:<key>")
// (without ":<key>" for key ""), so a token is bound to one purpose and
// one row and cannot be guessed without the secret.
std::string make_link_token(std::string_view secret, LinkPurpose purpose,
                            const LinkSubject& subject);

// Returns the kind and id a token names (key ""), or nothing if it is
// malformed. Says nothing about whether the token is genuine: look the
// row's key up and ask check_link_token.
std::optional<LinkSubject> link_token_subject(std::string_view token);

// True if `token` was made with this secret for this purpose and subject,
// key included (compared in constant time).
bool check_link_token(std::string_view secret, LinkPurpose purpose, const LinkSubject& subject,
                      std::string_view token);

// Returns "/c/TOKEN", "/m/TOKEN" or "/u/TOKEN" appended to `public_url`
// (no trailing slash), or "" when public_url is "".
std::string link_url(std::string_view public_url, std::string_view secret, LinkPurpose purpose,
                     const LinkSubject& subject);
// The same with `token` made already (make_link_token()).
std::string link_url(std::string_view public_url, LinkPurpose purpose, std::string_view token);

}  // namespace pw::deliver
