#include "base/internal/sha256_ni.h"

#include <cpuid.h>
#include <immintrin.h>

namespace mamori::internal {
namespace {

// _mm_set_epi64x takes signed halves; the constants are bit patterns.
__attribute__((target("sse2"))) __m128i Pair(uint64_t high, uint64_t low) {
  long long h = 0;
  long long l = 0;
  __builtin_memcpy(&h, &high, sizeof(h));
  __builtin_memcpy(&l, &low, sizeof(l));
  return _mm_set_epi64x(h, l);
}

}  // namespace

bool HasShaExtensions() {
  unsigned eax = 0;
  unsigned ebx = 0;
  unsigned ecx = 0;
  unsigned edx = 0;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return false;
  const bool ssse3 = (ecx & (1u << 9)) != 0;
  const bool sse41 = (ecx & (1u << 19)) != 0;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return false;
  const bool sha = (ebx & (1u << 29)) != 0;
  return ssse3 && sse41 && sha;
}

// Intel's SHA extensions schedule: four rounds per group, the message schedule carried in
// four registers (sha256msg1/msg2), the state as ABEF/CDGH halves.
__attribute__((target("sha,sse4.1,ssse3"))) void Sha256Blocks(uint32_t state[8],
                                                              const uint8_t* data, size_t blocks) {
  const __m128i kRounds[16] = {
      Pair(0xE9B5DBA5B5C0FBCFULL, 0x71374491428A2F98ULL),
      Pair(0xAB1C5ED5923F82A4ULL, 0x59F111F13956C25BULL),
      Pair(0x550C7DC3243185BEULL, 0x12835B01D807AA98ULL),
      Pair(0xC19BF1749BDC06A7ULL, 0x80DEB1FE72BE5D74ULL),
      Pair(0x240CA1CC0FC19DC6ULL, 0xEFBE4786E49B69C1ULL),
      Pair(0x76F988DA5CB0A9DCULL, 0x4A7484AA2DE92C6FULL),
      Pair(0xBF597FC7B00327C8ULL, 0xA831C66D983E5152ULL),
      Pair(0x1429296706CA6351ULL, 0xD5A79147C6E00BF3ULL),
      Pair(0x53380D134D2C6DFCULL, 0x2E1B213827B70A85ULL),
      Pair(0x92722C8581C2C92EULL, 0x766A0ABB650A7354ULL),
      Pair(0xC76C51A3C24B8B70ULL, 0xA81A664BA2BFE8A1ULL),
      Pair(0x106AA070F40E3585ULL, 0xD6990624D192E819ULL),
      Pair(0x34B0BCB52748774CULL, 0x1E376C0819A4C116ULL),
      Pair(0x682E6FF35B9CCA4FULL, 0x4ED8AA4A391C0CB3ULL),
      Pair(0x8CC7020884C87814ULL, 0x78A5636F748F82EEULL),
      Pair(0xC67178F2BEF9A3F7ULL, 0xA4506CEB90BEFFFAULL),
  };
  const __m128i byte_swap = Pair(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);

  __m128i tmp = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&state[0]));
  __m128i state1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&state[4]));
  tmp = _mm_shuffle_epi32(tmp, 0xB1);                // CDAB
  state1 = _mm_shuffle_epi32(state1, 0x1B);          // EFGH
  __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);  // ABEF
  state1 = _mm_blend_epi16(state1, tmp, 0xF0);       // CDGH

  for (size_t block = 0; block < blocks; ++block, data += 64) {
    const __m128i abef_save = state0;
    const __m128i cdgh_save = state1;
    __m128i w[4];
    // Unrolled so every index is a constant and the schedule stays in registers.
#pragma GCC unroll 16
    for (int g = 0; g < 16; ++g) {
      __m128i& current = w[g % 4];
      if (g < 4) {
        current = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16 * g)),
                                   byte_swap);
      }
      __m128i message = _mm_add_epi32(current, kRounds[g]);
      state1 = _mm_sha256rnds2_epu32(state1, state0, message);
      if (g >= 3 && g <= 14) {
        __m128i& next = w[(g + 1) % 4];
        next = _mm_add_epi32(next, _mm_alignr_epi8(current, w[(g + 3) % 4], 4));
        next = _mm_sha256msg2_epu32(next, current);
      }
      message = _mm_shuffle_epi32(message, 0x0E);
      state0 = _mm_sha256rnds2_epu32(state0, state1, message);
      if (g >= 1 && g <= 12) {
        __m128i& previous = w[(g + 3) % 4];
        previous = _mm_sha256msg1_epu32(previous, current);
      }
    }
    state0 = _mm_add_epi32(state0, abef_save);
    state1 = _mm_add_epi32(state1, cdgh_save);
  }

  tmp = _mm_shuffle_epi32(state0, 0x1B);        // FEBA
  state1 = _mm_shuffle_epi32(state1, 0xB1);     // DCHG
  state0 = _mm_blend_epi16(tmp, state1, 0xF0);  // DCBA
  state1 = _mm_alignr_epi8(state1, tmp, 8);     // ABEF
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&state[0]), state0);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&state[4]), state1);
}

}  // namespace mamori::internal
