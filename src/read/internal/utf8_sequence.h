// UTF-8 sequence classification shared by encoding detection and the streaming decoder.
// Internal to the read module.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "read/internal/simd_counts.h"

namespace mamori::read::internal {

enum class Utf8Kind : uint8_t {
  kValid,      // `length` bytes form one well-formed sequence
  kInvalid,    // ill-formed; `length` bytes (the maximal subpart, >= 1) become one U+FFFD
  kTruncated,  // well-formed so far, but the bytes end before the sequence does
};

struct Utf8Sequence {
  Utf8Kind kind;
  size_t length;
};

// The code point of the three-byte UTF-8 sequence at p (lead byte E0..EF, two continuation
// bytes; the caller has checked them).
inline char32_t ThreeByteCodePoint(const uint8_t* p) {
  return static_cast<char32_t>(p[0] & 0x0F) << 12 | static_cast<char32_t>(p[1] & 0x3F) << 6 |
         static_cast<char32_t>(p[2] & 0x3F);
}

// Classifies the sequence starting at p[0], with `left` >= 1 bytes available. Follows the
// Unicode "maximal subpart" practice for ill-formed input (one U+FFFD per broken sequence),
// and rejects overlongs, surrogates and code points above U+10FFFF.
inline Utf8Sequence ClassifyUtf8(const uint8_t* p, size_t left) {
  const uint8_t b0 = p[0];
  if (b0 < 0x80) return {Utf8Kind::kValid, 1};
  size_t need = 0;
  uint8_t low = 0x80;  // bounds of the second byte, narrowed for overlongs and surrogates
  uint8_t high = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 3;
    if (b0 == 0xE0) low = 0xA0;
    if (b0 == 0xED) high = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 4;
    if (b0 == 0xF0) low = 0x90;
    if (b0 == 0xF4) high = 0x8F;
  } else {
    return {Utf8Kind::kInvalid, 1};
  }
  for (size_t i = 1; i < need; ++i) {
    if (i >= left) return {Utf8Kind::kTruncated, i};
    const uint8_t b = p[i];
    const bool ok = (i == 1) ? (b >= low && b <= high) : ((b & 0xC0) == 0x80);
    if (!ok) return {Utf8Kind::kInvalid, i};
  }
  return {Utf8Kind::kValid, need};
}

// The end of the run of ASCII bytes at p[i], eight at a time.
inline size_t AsciiRunEnd(const uint8_t* p, size_t n, size_t i) {
  for (; i + 8 <= n; i += 8) {
    uint64_t word;
    std::memcpy(&word, p + i, sizeof(word));
    const uint64_t high = word & 0x8080808080808080ULL;
    if (high != 0) return i + static_cast<size_t>(std::countr_zero(high)) / 8;
  }
  while (i < n && p[i] < 0x80) ++i;
  return i;
}

// Number of code points in well-formed UTF-8: bytes that do not continue a sequence,
// counted sixteen at a time with SSE2, else eight at a time (a continuation byte has bit 7 set and
// bit 6 clear). The eight flags are summed by one multiply into the top byte: the portable build
// has no POPCNT instruction, and the library call it falls back to cost 3% of a scan.
inline uint64_t CountCodePoints(const char* p, size_t n) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  uint64_t continuations = 0;
  size_t i = 0;
#if defined(__SSE2__)
  // Continuation bytes (0x80..0xBF) are the signed bytes below -64.
  const __m128i below = _mm_set1_epi8(-64);
  continuations = CountBlocks<1>(
      p, n, i, [&](__m128i bytes) { return BlockMasks<1>{{_mm_cmplt_epi8(bytes, below)}}; })[0];
#endif
  for (; i + 8 <= n; i += 8) {
    uint64_t word;
    std::memcpy(&word, p + i, sizeof(word));
    const uint64_t flags = (word & ~(word << 1) & (kOnes * 0x80)) >> 7;
    continuations += (flags * kOnes) >> 56;
  }
  for (; i < n; ++i) continuations += (static_cast<uint8_t>(p[i]) & 0xC0) == 0x80 ? 1U : 0U;
  return n - continuations;
}

}  // namespace mamori::read::internal
