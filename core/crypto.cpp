#include "core/crypto.hpp"

#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "core/shared_library.hpp"

namespace pw {
namespace {

constexpr const char* kLibrary = "libcrypto.so.3";

// The functions used, typed by OpenSSL's own declarations.
struct CryptoLibrary {
  decltype(&::EVP_sha256) evp_sha256 = nullptr;
  decltype(&::EVP_Digest) evp_digest = nullptr;
  decltype(&::HMAC) hmac = nullptr;
  decltype(&::RAND_bytes) rand_bytes = nullptr;
  decltype(&::CRYPTO_memcmp) memcmp = nullptr;
  decltype(&::EVP_EncodeBlock) encode_block = nullptr;
  decltype(&::EVP_DecodeBlock) decode_block = nullptr;
  decltype(&::EVP_MAC_CTX_new) mac_ctx_new = nullptr;
  decltype(&::EVP_MAC_CTX_free) mac_ctx_free = nullptr;
  decltype(&::EVP_MAC_init) mac_init = nullptr;
  decltype(&::EVP_MAC_update) mac_update = nullptr;
  decltype(&::EVP_MAC_final) mac_final = nullptr;
  decltype(&::OSSL_PARAM_construct_utf8_string) param_utf8 = nullptr;
  decltype(&::OSSL_PARAM_construct_end) param_end = nullptr;
  EVP_MAC* hmac_sha256 = nullptr;  // fetched once: a fetch per MAC was most of its cost
};

Result<CryptoLibrary> open_crypto() {
  PW_TRY_ASSIGN(void* handle, open_library(kLibrary, "libssl3"));
  CryptoLibrary c;
  const bool all = find_function(handle, "EVP_sha256", c.evp_sha256) &&
                   find_function(handle, "EVP_Digest", c.evp_digest) &&
                   find_function(handle, "HMAC", c.hmac) &&
                   find_function(handle, "RAND_bytes", c.rand_bytes) &&
                   find_function(handle, "CRYPTO_memcmp", c.memcmp) &&
                   find_function(handle, "EVP_EncodeBlock", c.encode_block) &&
                   find_function(handle, "EVP_DecodeBlock", c.decode_block) &&
                   find_function(handle, "EVP_MAC_CTX_new", c.mac_ctx_new) &&
                   find_function(handle, "EVP_MAC_CTX_free", c.mac_ctx_free) &&
                   find_function(handle, "EVP_MAC_init", c.mac_init) &&
                   find_function(handle, "EVP_MAC_update", c.mac_update) &&
                   find_function(handle, "EVP_MAC_final", c.mac_final) &&
                   find_function(handle, "OSSL_PARAM_construct_utf8_string", c.param_utf8) &&
                   find_function(handle, "OSSL_PARAM_construct_end", c.param_end);
  decltype(&::EVP_MAC_fetch) mac_fetch = nullptr;
  if (!all || !find_function(handle, "EVP_MAC_fetch", mac_fetch)) {
    return fail(Error::permanent(fmt::format("{} lacks a libcrypto function", kLibrary)));
  }
  c.hmac_sha256 = mac_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr);
  if (c.hmac_sha256 == nullptr) {
    return fail(Error::permanent(fmt::format("{} offers no HMAC", kLibrary)));
  }
  return c;
}

const Result<CryptoLibrary>& loaded() {
  static const Result<CryptoLibrary> library = open_crypto();  // thread-safe, once
  return library;
}

const CryptoLibrary& crypto() {
  const auto& library = loaded();
  if (!library) {
    std::fprintf(stderr, "parlwatch: %s\n", library.error().message.c_str());
    std::abort();
  }
  return *library;
}

const unsigned char* bytes_of(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// The HMAC-SHA-256 context of the key this thread signed with last: many
// MACs under one key (every link token of a run, one subscriber's
// webhooks) set the key up once and then only start again from it.
class KeyedMac {
 public:
  KeyedMac() = default;
  KeyedMac(const KeyedMac&) = delete;
  KeyedMac& operator=(const KeyedMac&) = delete;
  ~KeyedMac() {
    if (ctx_ != nullptr) crypto().mac_ctx_free(ctx_);
  }

  // The MAC of `data` under `key`; nullopt if libcrypto failed.
  std::optional<Sha256Digest> sign(std::string_view key, std::string_view data) {
    const auto& c = crypto();
    if (ctx_ == nullptr) ctx_ = c.mac_ctx_new(c.hmac_sha256);
    if (ctx_ == nullptr || !start(c, key)) return std::nullopt;
    Sha256Digest out{};
    std::size_t size = 0;
    if (c.mac_update(ctx_, bytes_of(data), data.size()) != 1 ||
        c.mac_final(ctx_, out.data(), &size, out.size()) != 1 || size != out.size()) {
      keyed_ = false;
      return std::nullopt;
    }
    return out;
  }

 private:
  // Starts a MAC under `key`: again from the key set last, or with a new one.
  bool start(const CryptoLibrary& c, std::string_view key) {
    if (keyed_ && key == key_) return c.mac_init(ctx_, nullptr, 0, nullptr) == 1;
    static constexpr unsigned char kNoKey = 0;  // a null key would mean "the last one"
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {c.param_utf8(OSSL_MAC_PARAM_DIGEST, digest, 0), c.param_end()};
    keyed_ = c.mac_init(ctx_, key.empty() ? &kNoKey : bytes_of(key), key.size(), params) == 1;
    key_.assign(key);
    return keyed_;
  }

  EVP_MAC_CTX* ctx_ = nullptr;
  std::string key_;
  bool keyed_ = false;
};

}  // namespace

Status load_crypto() {
  if (const auto& library = loaded(); !library) return fail(library.error());
  return {};
}

Sha256Digest sha256(std::string_view data) {
  const auto& c = crypto();
  Sha256Digest out{};
  unsigned int size = 0;
  c.evp_digest(data.data(), data.size(), out.data(), &size, c.evp_sha256(), nullptr);
  return out;
}

Sha256Digest hmac_sha256(std::string_view key, std::string_view data) {
  thread_local KeyedMac last_key;
  if (auto mac = last_key.sign(key, data)) return *mac;
  const auto& c = crypto();
  Sha256Digest out{};
  unsigned int size = 0;
  c.hmac(c.evp_sha256(), key.data(), static_cast<int>(key.size()), bytes_of(data), data.size(),
         out.data(), &size);
  return out;
}

Result<std::string> random_bytes(std::size_t size) {
  std::string out(size, '\0');
  if (crypto().rand_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(size)) !=
      1) {
    return fail(Error::transient("no randomness available"));
  }
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && crypto().memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string hex_of(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char ch : bytes) {
    const auto b = static_cast<unsigned char>(ch);
    out += kDigits[b >> 4];
    out += kDigits[b & 0xf];
  }
  return out;
}

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = crypto().encode_block(reinterpret_cast<unsigned char*>(out.data()), bytes_of(bytes),
                                      static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out(3 * text.size() / 4 + 1, '\0');
  const int n = crypto().decode_block(reinterpret_cast<unsigned char*>(out.data()), bytes_of(text),
                                      static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  std::size_t size = static_cast<std::size_t>(n);
  for (auto it = text.rbegin(); it != text.rend() && *it == '='; ++it) --size;  // padding
  out.resize(size);
  return out;
}

}  // namespace pw
