#include "deliver/webhook_signature.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace pw::deliver {
namespace {

constexpr std::string_view kPrefix = "whsec_";
constexpr std::size_t kMinKeyBytes = 24;

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string base64url_encode(std::string_view bytes) {
  auto text = base64_encode(bytes);
  std::replace(text.begin(), text.end(), '+', '-');
  std::replace(text.begin(), text.end(), '/', '_');
  text.erase(std::remove(text.begin(), text.end(), '='), text.end());
  return text;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out(3 * text.size() / 4 + 1, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  std::size_t size = static_cast<std::size_t>(n);
  for (auto it = text.rbegin(); it != text.rend() && *it == '='; ++it) --size;  // padding
  out.resize(size);
  return out;
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
  std::string key(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), static_cast<int>(bytes)) != 1) {
    return fail(Error::transient("no randomness available"));
  }
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
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(content.data()), content.size(), mac.data(), &len);
  return "v1," + base64_encode(std::string_view(reinterpret_cast<const char*>(mac.data()), len));
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
