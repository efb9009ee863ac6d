#pragma once

// Byte scans for the analyzer's fast path over plain ASCII words, sixteen
// bytes at a time where SSE2 is available.

#include <array>
#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace pw::rules::ascii {

// What a byte is to the word splitter.
enum ByteClass : std::uint8_t { kSeparator, kLower, kUpper, kJoiner, kHigh };

constexpr std::array<std::uint8_t, 256> make_byte_classes() {
  std::array<std::uint8_t, 256> t{};
  for (std::size_t c = 0; c < t.size(); ++c) {
    if (c >= 0x80) {
      t[c] = kHigh;
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      t[c] = kLower;
    } else if (c >= 'A' && c <= 'Z') {
      t[c] = kUpper;
    } else if (c == '\'' || c == '-') {
      t[c] = kJoiner;
    } else {
      t[c] = kSeparator;
    }
  }
  return t;
}

inline constexpr std::array<std::uint8_t, 256> kByteClass = make_byte_classes();

inline std::uint8_t byte_class(char c) {
  return kByteClass[static_cast<unsigned char>(c)];
}

// The classes of 64 bytes as bit masks: bit k stands for byte k.
struct Block {
  std::uint64_t alnum = 0;      // ASCII letters and digits
  std::uint64_t separator = 0;  // kSeparator bytes
};

#if defined(__SSE2__)
// Returns the classes of the 16 bytes at p, as bits 0-15.
inline Block classify16(const char* p) {
  const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i folded = _mm_or_si128(c, _mm_set1_epi8(0x20));
  const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(c, _mm_set1_epi8('0' - 1)),
                                      _mm_cmplt_epi8(c, _mm_set1_epi8('9' + 1)));
  const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(folded, _mm_set1_epi8('a' - 1)),
                                       _mm_cmplt_epi8(folded, _mm_set1_epi8('z' + 1)));
  const __m128i alnum = _mm_or_si128(digit, letter);
  const __m128i joiner =
      _mm_or_si128(_mm_cmpeq_epi8(c, _mm_set1_epi8('\'')), _mm_cmpeq_epi8(c, _mm_set1_epi8('-')));
  // A set high bit is a byte that is not ASCII.
  const __m128i other = _mm_or_si128(_mm_or_si128(alnum, joiner), c);
  return Block{static_cast<std::uint16_t>(_mm_movemask_epi8(alnum)),
               static_cast<std::uint16_t>(~_mm_movemask_epi8(other))};
}
#endif

// Returns the classes of the 64 bytes at p.
inline Block classify64(const char* p) {
  Block b;
#if defined(__SSE2__)
  for (unsigned k = 0; k < 64; k += 16) {
    const Block part = classify16(p + k);
    b.alnum |= part.alnum << k;
    b.separator |= part.separator << k;
  }
#else
  for (unsigned k = 0; k < 64; ++k) {
    const std::uint8_t c = byte_class(p[k]);
    b.alnum |= std::uint64_t{c == kLower || c == kUpper} << k;
    b.separator |= std::uint64_t{c == kSeparator} << k;
  }
#endif
  return b;
}

// Copies the `len` ASCII letters and digits at p to out, lower-cased (by
// setting bit 5, which digits already have). `room` is how many bytes may
// be read from p; out must have room for len rounded up to 16.
inline void lower_alnum(const char* p, std::size_t len, std::size_t room, char* out) {
  std::size_t k = 0;
#if defined(__SSE2__)
  for (; k < len && k + 16 <= room; k += 16) {
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + k), _mm_or_si128(c, _mm_set1_epi8(0x20)));
  }
#endif
  for (; k < len; ++k) out[k] = static_cast<char>(p[k] | 0x20);
}

}  // namespace pw::rules::ascii
