#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace pw::deliver {

// A Standard Webhooks signing secret: "whsec_" followed by base64 of the
// key bytes (at least 24 bytes of key). Returns the key, or invalid_input.
Result<std::string> decode_webhook_secret(std::string_view secret);

// Returns a new secret: "whsec_" + base64 of 32 random bytes (OpenSSL's
// RAND_bytes). Fails only if the random generator does.
Result<std::string> generate_webhook_secret();

// Returns base64 of `bytes` random bytes (OpenSSL's RAND_bytes).
Result<std::string> random_base64(std::size_t bytes);

// The Standard Webhooks v1 signature of one attempt: "v1," + base64 of
// HMAC-SHA256(key, id + "." + timestamp + "." + body).
std::string sign_webhook(std::string_view key, std::string_view id, std::int64_t timestamp,
                         std::string_view body);

// The webhook-signature header value: one signature per key (several while
// a secret is being rotated), space-separated.
std::string webhook_signature_header(const std::vector<std::string>& keys, std::string_view id,
                                     std::int64_t timestamp, std::string_view body);

// Base64url (RFC 4648 section 5), without padding: for tokens in URLs and
// forms. (Standard base64 is in core/crypto.)
std::string base64url_encode(std::string_view bytes);

}  // namespace pw::deliver
