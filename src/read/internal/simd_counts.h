// Counting bytes by class sixteen at a time (SSE2), for the loops that go over every byte of
// a file's head or decoded text: the code-point count and the binary test of detection.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>

namespace mamori::read::internal {

// What a classifier gives a 16-byte block: per class, 0xFF in each byte that belongs to it.
template <size_t N>
struct BlockMasks {
  __m128i mask[N];
};

// For each of the N classes `classify` tells apart in a block (returning BlockMasks<N>),
// counts the matching bytes of p[i, n) in whole blocks, and advances `i` past them; the
// caller counts the tail. Each lane counts up to 255 matches before the lanes are summed:
// the portable build has no POPCNT, and the library call it falls back to costs more.
template <size_t N, typename Classify>
std::array<uint64_t, N> CountBlocks(const char* p, size_t n, size_t& i, Classify classify) {
  const __m128i zero = _mm_setzero_si128();
  __m128i sums[N];
  for (__m128i& sum : sums) sum = zero;
  while (i + 16 <= n) {
    __m128i lanes[N];
    for (__m128i& lane : lanes) lane = zero;
    for (int round = 0; round < 255 && i + 16 <= n; ++round, i += 16) {
      const BlockMasks<N> masks =
          classify(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)));
      for (size_t k = 0; k < N; ++k) lanes[k] = _mm_sub_epi8(lanes[k], masks.mask[k]);
    }
    for (size_t k = 0; k < N; ++k) sums[k] = _mm_add_epi64(sums[k], _mm_sad_epu8(lanes[k], zero));
  }
  std::array<uint64_t, N> totals;
  for (size_t k = 0; k < N; ++k) {
    totals[k] = static_cast<uint64_t>(_mm_cvtsi128_si64(sums[k])) +
                static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums[k], sums[k])));
  }
  return totals;
}

}  // namespace mamori::read::internal

#endif
