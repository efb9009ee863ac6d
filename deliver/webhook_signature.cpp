#include "deliver/webhook_signature.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "core/crypto.hpp"

namespace pw::deliver {
namespace {

constexpr std::string_view kPrefix = "whsec_";
constexpr std::size_t kMinKeyBytes = 24;

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  auto text = base64_encode(bytes);
  std::replace(text.begin(), text.end(), '+', '-');
  std::replace(text.begin(), text.end(), '/', '_');
  text.erase(std::remove(text.begin(), text.end(), '='), text.end());
  return text;
}

Result<std::string> decode_webhook_secret(std::string_view secret) {
  if (!secret.starts_with(kPrefix)) {
    return fail(Error::invalid("webhook secret must start with \"whsec_\""));
  }
  auto key = base64_decode(secret.substr(kPrefix.size()));
  if (!key) return fail(Error::invalid("webhook secret is not valid base64 after \"whsec_\""));
  if (key->size() < kMinKeyBytes) {
    return fail(Error::invalid("webhook secret is too short (at least 24 bytes of key)"));
  }
  return *key;
}

Result<std::string> random_base64(std::size_t bytes) {
  PW_TRY_ASSIGN(auto key, random_bytes(bytes));
  return base64_encode(key);
}

Result<std::string> generate_webhook_secret() {
  PW_TRY_ASSIGN(auto key, random_base64(32));
  return std::string(kPrefix) + key;
}

std::string sign_webhook(std::string_view key, std::string_view id, std::int64_t timestamp,
                         std::string_view body) {
  std::string content;
  content.reserve(id.size() + body.size() + 24);
  content.append(id).append(".").append(std::to_string(timestamp)).append(".").append(body);
  return "v1," + base64_encode(digest_bytes(hmac_sha256(key, content)));
}

std::string webhook_signature_header(const std::vector<std::string>& keys, std::string_view id,
                                     std::int64_t timestamp, std::string_view body) {
  std::string out;
  for (const auto& k : keys) {
    if (!out.empty()) out.push_back(' ');
    out += sign_webhook(k, id, timestamp, body);
  }
  return out;
}

}  // namespace pw::deliver
