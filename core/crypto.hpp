#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace pw {

// SHA-256, HMAC-SHA-256, random bytes, constant-time comparison and
// base64, all from OpenSSL's libcrypto.so.3, which is opened the first time
// one of them is needed rather than linked: commands that sign and hash
// nothing (parse, --version, help) start without relocating libcrypto's
// tables and running its initialisers, about 1 ms of every process.

// Opens libcrypto once per process (thread-safe; later calls return the
// first answer). A permanent error naming the library and its Debian
// package if it cannot be opened or lacks a function. Commands that need
// it call this first, so a missing library is a clear error before any
// work; the functions below end the process with that error (as the
// dynamic linker would have at start) if called when it cannot be opened.
Status load_crypto();

using Sha256Digest = std::array<unsigned char, 32>;

Sha256Digest sha256(std::string_view data);
Sha256Digest hmac_sha256(std::string_view key, std::string_view data);

// `size` bytes from OpenSSL's generator; a transient error if it fails.
Result<std::string> random_bytes(std::size_t size);

// True when `a` and `b` are equal, in a time that depends only on their
// sizes (use for secrets and MACs).
bool constant_time_equal(std::string_view a, std::string_view b);

// Standard base64 (RFC 4648 section 4) with padding.
std::string base64_encode(std::string_view bytes);
// Decodes padded standard base64; nullopt if it is not (including a size
// that is not a multiple of four).
std::optional<std::string> base64_decode(std::string_view text);

// `bytes` as lower-case hexadecimal, two digits a byte.
std::string hex_of(std::string_view bytes);

// The digest as bytes in a string.
inline std::string_view digest_bytes(const Sha256Digest& d) {
  return {reinterpret_cast<const char*>(d.data()), d.size()};
}

}  // namespace pw
